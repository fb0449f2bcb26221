"""Shared helpers of the initiative pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from civic import roles
from petitions.models import CitizenInitiative

TEMPLATES = "frontend/petitions/"


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Clerks and administrators only (403 for others, log-in page for visitors)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def to_detail(initiative: CitizenInitiative | int) -> HttpResponse:
    pk = initiative if isinstance(initiative, int) else initiative.pk
    return redirect("petitions_web:detail", pk=pk)

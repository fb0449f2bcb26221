"""Helpers shared by the budgets pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from civic import roles
from civic.errors import DomainError
from frontend.web import flash_error


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Clerks and administrators only (403 for others, login page for visitors)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def refused(request: HttpRequest, exc: DomainError, url: str) -> HttpResponse:
    """Show a refused action's message on the page it came from, at that page's address."""
    flash_error(request, exc)
    return redirect(url)


def is_staff(request: HttpRequest) -> bool:
    return roles.is_staff_member(request.user)

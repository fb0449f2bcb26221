"""Helpers shared by web views: the staff guard, and a service's DomainError shown next to
the right field."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from civic import roles
from civic.errors import DomainError


def staff_required[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """The one guard of the staff's pages (clerks and administrators): a visitor is sent to
    the log-in page, any other account gets the 403 page saying why."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not roles.is_staff_member(request.user):
            raise PermissionDenied(_("L'espace agent est réservé aux agents de la ville."))
        return view(request, *args, **kwargs)

    return cast(V, guarded)  # wraps() gave it the view's name and signature


def form_error_from(form: forms.Form, exc: DomainError) -> None:
    """Attach a DomainError to its field when the form has it, else to the whole form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))

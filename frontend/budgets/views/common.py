"""Helpers shared by the budgets pages."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from civic import roles
from civic.errors import DomainError
from frontend.web import flash_error


def refused(request: HttpRequest, exc: DomainError, page: Callable[..., HttpResponse],
            **kwargs: Any) -> HttpResponse:
    """Show a refused action's message on the page it came from, with status 400."""
    flash_error(request, exc)
    response = page(request, **kwargs)
    response.status_code = 400
    return response


def is_staff(request: HttpRequest) -> bool:
    return roles.is_staff_member(request.user)

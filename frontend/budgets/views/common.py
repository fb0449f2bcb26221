"""Helpers shared by the budgets pages."""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from civic import roles
from civic.errors import DomainError
from frontend.web import flash_error


def refused(request: HttpRequest, exc: DomainError, url: str) -> HttpResponse:
    """Show a refused action's message on the page it came from, at that page's address."""
    flash_error(request, exc)
    return redirect(url)


def is_staff(request: HttpRequest) -> bool:
    return roles.is_staff_member(request.user)

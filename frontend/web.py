"""Helpers shared by web views: show a service's DomainError next to the right field."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from civic.errors import DomainError


def form_error_from(form: forms.Form, exc: DomainError) -> None:
    """Attach a DomainError to its field when the form has it, else to the whole form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))

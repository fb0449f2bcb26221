"""The clerk workspace's single-form pages; its pages with several forms use
frontend.web.form_page (each form posts to the page with `?do=<action>`)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic.errors import DomainError
from frontend.people import search_refused, search_requested
from frontend.web import FormFactory, form_error_from


def simple_form_page(
    request: HttpRequest, *, form_class: FormFactory, title: str, run: Callable[[dict], Any],
    success: Callable[[Any], str], back_url: str, initial: dict | None = None,
    submit: str | None = None, message: str | None = None,
) -> HttpResponse:
    """A page holding a single form (create a body, a meeting, a consultation...)."""
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and search_requested(form):
        # A person picker's « Chercher »: the same form again, with the people found.
        refused = search_refused(request)
        if refused is not None:
            return refused
    elif request.method == "POST":
        if form.is_valid():
            try:
                result = run(form.cleaned_data)
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, message or _("Enregistré."))
                return redirect(success(result))
        status = 400
    return render(request, "frontend/commissions/staff/form.html",
                  {"form": form, "title": title, "back_url": back_url,
                   "submit": submit or _("Enregistrer")}, status=status)

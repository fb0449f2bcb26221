"""The clerk workspace's page pattern: one page per object, several small forms on it.

Each form posts to the same page with `?do=<action>`. A valid form calls one service; a
DomainError comes back next to the field (or as a message) with status 400, never a 500.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic.errors import DomainError
from frontend.web import flash_error, form_error_from

FormFactory = Callable[..., forms.Form]
# An action receives the form's cleaned data (or the raw POST) and returns a success message.
Action = Callable[[dict[str, Any]], str]


def staff_page(
    request: HttpRequest, *, template: str, context: dict[str, Any],
    forms_: Mapping[str, FormFactory], actions: Mapping[str, Action], success_url: str,
) -> HttpResponse:
    """Render the page with one unbound form per entry, or run the posted action."""
    bound: dict[str, forms.Form] = {}
    status = 200
    if request.method == "POST":
        name = request.GET.get("do", "")
        if name not in actions:
            messages.error(request, _("Action inconnue."))
            return redirect(success_url)
        factory = forms_.get(name)
        form = factory(request.POST, request.FILES, prefix=name) if factory else None
        if form is None or form.is_valid():
            try:
                message = actions[name](form.cleaned_data if form else request.POST)
            except DomainError as exc:
                form_error_from(form, exc) if form else flash_error(request, exc)
            else:
                messages.success(request, message)
                return redirect(success_url)
        if form is not None:
            bound[name] = form
        status = 400
    for name, factory in forms_.items():
        context[f"{name}_form"] = bound.get(name) or factory(prefix=name)
    return render(request, template, context, status=status)


def simple_form_page(
    request: HttpRequest, *, form_class: FormFactory, title: str, run: Callable[[dict], Any],
    success: Callable[[Any], str], back_url: str, initial: dict | None = None,
    submit: str | None = None,
) -> HttpResponse:
    """A page holding a single form (create a body, a meeting, a consultation...)."""
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = run(form.cleaned_data)
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Enregistré."))
                return redirect(success(result))
        status = 400
    return render(request, "frontend/commissions/staff/form.html",
                  {"form": form, "title": title, "back_url": back_url,
                   "submit": submit or _("Enregistrer")}, status=status)

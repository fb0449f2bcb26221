"""Helpers shared by web views: show a service's DomainError next to the right field, and
keep every form on post/redirect/get."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render

from civic.errors import DomainError

FAILED_FORMS = "frontend:failed-forms"


def form_error_from(form: forms.Form, exc: DomainError) -> None:
    """Attach a DomainError to its field when the form has it, else to the whole form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))


def form_failed(request: HttpRequest, url: str, *, extra: dict | None = None,
                **failed: forms.Form) -> HttpResponse:
    """Post/redirect/get for a refused form: its input and errors wait in the session for the
    next GET of `url`, which shows them at the page's own address (never a POST-only one).

    Uploaded files are not kept: the form asks for them again.
    """
    request.session[FAILED_FORMS] = {
        "path": urlsplit(url).path, "extra": extra or {},
        "forms": {name: {"data": {key: form.data.getlist(key) for key in form.data
                                  if key != "csrfmiddlewaretoken"},
                         "errors": {field: [error["message"] for error in errors]
                                    for field, errors in form.errors.get_json_data().items()}}
                  for name, form in failed.items()},
    }
    return redirect(url)


def forms_restored(request: HttpRequest, **factories: Callable[[QueryDict], forms.Form]
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The forms `form_failed` kept for this page, bound again with their errors, and its
    extra values; ({}, {}) when none wait (the failure is shown once)."""
    stash = request.session.get(FAILED_FORMS)
    if request.method != "GET" or not stash or stash["path"] != request.path:
        return {}, {}
    del request.session[FAILED_FORMS]
    restored: dict[str, Any] = {}
    for name, saved in stash["forms"].items():
        if name not in factories:
            continue
        data = QueryDict(mutable=True)
        for key, values in saved["data"].items():
            data.setlist(key, values)
        form = factories[name](data)
        form.full_clean()
        form._errors = ErrorDict({  # the errors the POST met, the services' included
            field: form.error_class(
                messages_, error_class="nonfield" if field == forms.forms.NON_FIELD_ERRORS
                else None, renderer=form.renderer)
            for field, messages_ in saved["errors"].items()})
        restored[name] = form
    return restored, stash["extra"]


def form_target(page: Callable[..., str], *, confirm: Callable[..., HttpResponse] | None = None
                ) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A form's target URL also answers GET: after a log-in (`?next=` keeps the URL, not the
    form) or reopened from the address bar, it shows the act ready to confirm (`confirm`),
    or leads to the page that holds the form (`page(**kwargs)` is its URL)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "POST"])
            if confirm is not None:
                return confirm(request, *args, **kwargs)
            return redirect(page(**kwargs))

        return wrapped

    return decorator


def confirm_page(request: HttpRequest, *, title: str, text: str = "", submit: str,
                 back_url: str, form: forms.Form | None = None, eligibility: Any = None,
                 refusal: Any = None) -> HttpResponse:
    """An act ready to confirm, at its own URL: one button posts it there."""
    return render(request, "frontend/confirm.html", {
        "title": title, "text": text, "submit": submit, "back_url": back_url, "form": form,
        "eligibility": eligibility, "refusal": refusal})

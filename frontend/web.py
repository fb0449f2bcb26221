"""Helpers shared by web views: the staff guard, the page with several forms, a service's
DomainError shown next to the right field, and post/redirect/get for every form."""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civic import roles
from civic.api.throttling import action_allowed
from civic.errors import DomainError
from frontend.limits import too_many_requests
from frontend.people import search_refused, search_requested

FAILED_FORMS = "frontend:failed-forms"


def staff_required[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """The one guard of the staff's pages (clerks and administrators): a visitor is sent to
    the log-in page, any other account gets the 403 page saying why."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _ensure_staff(request)
        return view(request, *args, **kwargs)

    return cast(V, guarded)  # wraps() gave it the view's name and signature


def _role_guard[V: Callable[..., HttpResponseBase]](
    allowed: Callable[[Any], bool], refusal: str,
) -> Callable[[V], V]:
    def decorate(view: V) -> V:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise PermissionDenied(_(refusal))
            return view(request, *args, **kwargs)

        return cast(V, guarded)

    return decorate


# The staff home: clerks, moderators, councillors and administrators.
back_office_required = _role_guard(
    roles.is_back_office,
    gettext_noop("L'espace agents est réservé aux agents, modérateurs et élus de la ville."))
# The staff and roles page: administrators.
administrator_required = _role_guard(
    roles.is_supervisor,
    gettext_noop("La gestion des agents et des rôles est réservée aux administrateurs."))
# The moderation pages: moderators and administrators.
moderator_required = _role_guard(
    roles.is_moderator,
    gettext_noop("La modération est réservée aux modérateurs de la ville."))


def _ensure_staff(request: HttpRequest) -> None:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied(_("L'espace agent est réservé aux agents de la ville."))


FormFactory = Callable[..., forms.Form]
# An action receives the form's cleaned data (or the raw POST) and returns a success message
# (or None for none).
Action = Callable[[dict[str, Any]], str | None]

# The field the confirmation page adds to the POST it repeats.
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    """What an irreversible act is about to do, shown before it is done: a title (the
    question), what happens and who is told, and the label of the button that does it."""

    title: str
    text: str
    submit: str


# Builds an act's confirmation from the same data its action gets; None when, this time, the
# act changes nothing that cannot be taken back (it then runs at once).
Confirm = Callable[[dict[str, Any]], Confirmation | None]


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def confirmation_page(request: HttpRequest, confirmation: Confirmation, *, back_url: str
                      ) -> HttpResponse:
    """The act a POST asked for, not done yet: the page says what will happen and who is told,
    and its one button posts the same data again, confirmed, to the same address (no
    JavaScript needed). Nothing is stored meanwhile. Uploaded files are not carried over:
    the acts confirmed this way take none."""
    replay = [(key, value) for key in request.POST if key not in ("csrfmiddlewaretoken", CONFIRMED)
              for value in request.POST.getlist(key)]
    return render(request, "frontend/confirm.html", {
        "title": confirmation.title, "text": confirmation.text, "submit": confirmation.submit,
        "back_url": back_url, "replay": replay})


def form_page(
    request: HttpRequest, *, template: str, context: dict[str, Any],
    forms_: Mapping[str, FormFactory], actions: Mapping[str, Action], success_url: str,
    staff_actions: Collection[str] = (),
    limits: Mapping[str, str] | None = None,
    confirmations: Mapping[str, Confirm] | None = None,
) -> HttpResponse:
    """The one pattern of a page with several forms: each posts to the page with `?do=<name>`.

    GET renders one unbound form per entry (as `<name>_form`, fields prefixed by the name).
    A POST needs a logged-in account (and staff for `staff_actions`); an action named in
    `limits` counts against that rate scope (frontend/limits.py: 429 once spent); a valid form
    calls its action, one service; a DomainError comes back next to the field (or as a
    message) with status 400, never a 500. An action named in `confirmations` (an
    irreversible act) first answers the confirmation page its entry builds, and acts only
    on the POST that page sends back (`confirmed=1`).
    """
    bound: dict[str, forms.Form] = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        name = request.GET.get("do", "")
        if name in staff_actions:
            _ensure_staff(request)
        if name not in actions:
            messages.error(request, _("Action inconnue."))
            return redirect(success_url)
        factory = forms_.get(name)
        form = factory(request.POST, request.FILES, prefix=name) if factory else None
        # A person picker's « Chercher »: the same form again, with the people found.
        searching = form is not None and search_requested(form)
        if searching:
            refused = search_refused(request)
            if refused is not None:
                return refused
        elif limits and name in limits:
            allowed, wait = action_allowed(request, limits[name])
            if not allowed:
                return too_many_requests(request, wait)
        if not searching and (form is None or form.is_valid()):
            data = form.cleaned_data if form else request.POST
            try:
                confirm = confirmations.get(name) if confirmations else None
                asked = confirm(data) if confirm and not is_confirmed(request) else None
                if asked is not None:
                    return confirmation_page(request, asked, back_url=success_url)
                message = actions[name](data)
            except DomainError as exc:
                form_error_from(form, exc) if form else flash_error(request, exc)
            else:
                if message:
                    messages.success(request, message)
                return redirect(success_url)
        if form is not None:
            bound[name] = form
        status = 200 if searching else 400
    for name, factory in forms_.items():
        context[f"{name}_form"] = bound.get(name) or factory(prefix=name)
    return render(request, template, context, status=status)


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
        "forms": {name: {"data": {key: cast(QueryDict, form.data).getlist(key) for key in form.data
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
        vars(form)["_errors"] = ErrorDict({  # the errors the POST met, the services' included
            field: form.error_class(
                messages_, error_class="nonfield" if field == NON_FIELD_ERRORS
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

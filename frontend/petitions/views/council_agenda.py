"""The council's agenda for clerks, whatever brought each item (initiatives, commissions'
opinions, budget-debate syntheses): placing an item on a session or taking it off, the
session's page (new date or place, cancellation), and the vote on each item, confirmed
before it is recorded."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic import selectors as civic_selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import CouncilDecision, CouncilSession
from civic.services import council_agenda
from civic.services.council import council_vote_check
from frontend.forms.council import CouncilVoteForm
from frontend.petitions.forms import ReasonForm, ScheduleForm, SessionForm
from frontend.petitions.views.common import TEMPLATES
from frontend.views.council import agenda_rows, source_url
from frontend.web import (
    Confirmation,
    confirm_page,
    flash_error,
    form_error_from,
    form_page,
    staff_required,
)


def _council() -> str:
    return reverse("petitions_web:council")


def _session_url(session_id: int | None) -> str:
    if session_id is None:
        return _council()
    return reverse("petitions_web:council_session_staff", args=[session_id])


@staff_required
def item_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put a pending item on one of the sessions to come (from the council screen)."""
    item = civic_selectors.agenda_item_get(pk=pk)
    if request.method != "POST":
        return redirect(_council())
    form = ScheduleForm(request.POST, sessions=civic_selectors.council_session_list_open())
    if not form.is_valid():
        messages.error(request, _("Choisissez une des séances à venir."))
        return redirect(_council())
    try:
        council_agenda.agenda_item_place(item=item, session=form.cleaned_data["session"],
                                         actor=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect(_council())
    messages.success(request, _("« {title} » est inscrit à l'ordre du jour de la séance.")
                     .format(title=item.title))
    return redirect(_session_url(form.cleaned_data["session"].pk))


@staff_required
def item_unschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take a scheduled item back off its session, with a reason, after a confirmation."""
    item = civic_selectors.agenda_item_get(pk=pk)
    back = _session_url(item.session_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            council_agenda.agenda_item_unschedule(item=item, actor=request.user,
                                                  reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("« {title} » est retiré de la séance ; il attend "
                                        "d'être inscrit à une autre.").format(title=item.title))
            return redirect(back)
    response = confirm_page(
        request, title=_("Retirer « {title} » de l'ordre du jour").format(title=item.title),
        text=_("Le point revient dans la liste des points à inscrire. Le motif est conservé au "
               "journal d'audit."), submit=_("Retirer de la séance"), back_url=back, form=form)
    response.status_code = 400 if form.errors else 200
    return response


@staff_required
def item_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The council's vote on an item of any kind: the form, its confirmation, the record."""
    item = civic_selectors.agenda_item_get(pk=pk)
    back = _session_url(item.session_id)
    context = {"item": item, "source_url": source_url(item), "back_url": back}

    def record(data: dict[str, Any]) -> None:
        council_agenda.agenda_item_decide(item=item, actor=request.user, **data)

    return vote_with_confirmation(
        request, context=context, record=record, success_url=back,
        template=TEMPLATES + "council/item_vote.html")


def vote_with_confirmation(
    request: AuthenticatedHttpRequest, *, context: dict[str, Any],
    record: Callable[[dict[str, Any]], None], success_url: str, template: str,
) -> HttpResponse:
    """A council vote is recorded in two steps: the form, then its values to confirm (the
    form's fields hidden); "Corriger" brings the form back filled. Without JavaScript."""
    form = CouncilVoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        data = form.cleaned_data
        try:
            council_vote_check(
                item=context.get("item"), outcome=data["outcome"], votes_for=data["votes_for"],
                votes_against=data["votes_against"], abstentions=data["abstentions"],
                decided_at=data["decided_at"])
            if "confirmed" in request.POST:
                record(data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            if "confirmed" in request.POST:
                messages.success(request, _("Vote du conseil enregistré."))
                return redirect(success_url)
            return render(request, "frontend/council/vote_confirm.html", {
                **context, "form": form, "data": form.cleaned_data,
                "outcome": CouncilDecision.Outcome(form.cleaned_data["outcome"]).label})
    return render(request, template, {**context, "form": form},
                  status=400 if form.errors else 200)


@staff_required
def session_staff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A session for clerks: its agenda, each item's vote or decision, a new date or place."""
    session = civic_selectors.council_session_get_with_agenda(pk=pk)
    actor = request.user

    def reschedule(data: dict[str, Any]) -> str:
        council_agenda.council_session_reschedule(session=session, actor=actor, **data)
        return _("Séance modifiée.")

    def hold(data: dict[str, Any]) -> str:
        council_agenda.council_session_mark_held(session=session, actor=actor)
        return _("Séance déclarée tenue ; ses points non votés attendent d'être inscrits à une "
                 "autre séance.")

    def hold_confirmation(data: dict[str, Any]) -> Confirmation:
        return Confirmation(
            _("Déclarer tenue la séance du {day} ?").format(
                day=timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")),
            _("La séance ne pourra plus être déplacée ni annulée. Les points sans vote "
              "enregistré reviennent dans la liste des points à inscrire, et ceux qui les "
              "suivent en sont prévenus."),
            _("Déclarer la séance tenue"))

    items = agenda_rows(session)
    planned = session.status == CouncilSession.Status.PLANNED
    return form_page(
        request, template=TEMPLATES + "council/session.html",
        context={"session": session, "items": items, "planned": planned,
                 "started": session.starts_at <= timezone.now(),
                 **council_agenda.council_session_powers(session)},
        forms_={"reschedule": partial(SessionForm, initial={
            "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "place": session.place})},
        actions={"reschedule": reschedule, "hold": hold}, success_url=_session_url(session.pk),
        staff_actions=("reschedule", "hold"), confirmations={"hold": hold_confirmation})


@staff_required
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel a planned session with a reason, after a confirmation; its items go back to
    the list of items to schedule."""
    session = civic_selectors.council_session_get(pk=pk)
    back = _session_url(session.pk)
    form: forms.Form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            council_agenda.council_session_cancel(session=session, actor=request.user,
                                                  reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Séance annulée ; ses points attendent d'être inscrits "
                                        "à une autre séance."))
            return redirect(back)
    day = timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")
    refusal = None
    if not council_agenda.council_session_powers(session)["can_cancel"]:
        refusal = {"message": _("Cette séance n'est plus prévue ou des votes y sont enregistrés : "
                                "elle ne peut pas être annulée.")}
    response = confirm_page(
        request, title=_("Annuler la séance du {day}").format(day=day),
        text=_("Les points inscrits reviennent dans la liste des points à inscrire. Une séance "
               "annulée ne peut pas être rétablie."),
        submit=_("Annuler la séance"), back_url=back, form=form, refusal=refusal)
    response.status_code = 400 if form.errors else 200
    return response


def pending_rows() -> list[dict[str, Any]]:
    """The items waiting for a session that initiatives did not bring (those are listed from
    the initiatives over their threshold, item or not yet): opinions, syntheses, others."""
    rows = []
    for item in civic_selectors.agenda_item_list_pending().exclude(
            source_type__model="citizeninitiative"):
        rows.append({"item": item, "title": item.title, "url": source_url(item),
                     "due_by": item.due_by, "overdue": bool(
                         item.due_by and item.due_by < timezone.localdate()),
                     "action": reverse("petitions_web:council_item_schedule", args=[item.pk])})
    return rows

"""Council screens for clerks: sessions, initiatives due, scheduling, vote and answer."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic import selectors as civic_selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.services.council import council_current, council_session_create
from frontend.petitions.forms import AnswerForm, ScheduleForm, SessionForm
from frontend.petitions.views.common import TEMPLATES
from frontend.petitions.views.council_agenda import pending_rows, vote_with_confirmation
from frontend.views.council import source_url
from frontend.web import (
    Confirmation,
    confirmation_page,
    flash_error,
    form_error_from,
    is_confirmed,
    staff_required,
)
from petitions import selectors
from petitions.models import CitizenInitiative
from petitions.services import council as council_services


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """Sessions to come, initiatives due (overdue first) and those awaiting vote or answer."""
    sessions = selectors.council_session_list_open()
    due = list(selectors.initiative_list_due_for_council())
    return render(request, TEMPLATES + "council/index.html", {
        "sessions": sessions, "due": due, "overdue": len(selectors.initiative_list_overdue()),
        "on_agenda": selectors.initiative_list_for_council(), "pending": pending_rows(),
        "scheduled": [{"item": item, "source_url": source_url(item)}
                      for item in civic_selectors.agenda_item_list_scheduled()],
        "schedule_form": ScheduleForm(sessions=sessions), "session_form": SessionForm(),
    })


@staff_required
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council_session_create(council=council_current(), actor=request.user,
                                   **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Séance du conseil créée."))
            return redirect("petitions_web:council")
    return render(request, TEMPLATES + "council/session_form.html", {"form": form},
                  status=400 if form.errors else 200)


@staff_required
def schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = ScheduleForm(request.POST or None, sessions=selectors.council_session_list_open())
    if request.method == "POST" and form.is_valid():
        try:
            council_services.initiative_schedule(
                initiative=initiative, session=form.cleaned_data["session"], actor=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Initiative inscrite à l'ordre du jour."))
            return redirect("petitions_web:council")
    return render(request, TEMPLATES + "council/schedule.html",
                  {"initiative": initiative, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_required
def vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)

    def record(data: dict[str, Any]) -> None:
        council_services.initiative_vote_record(initiative=initiative, actor=request.user,
                                                **data)

    back = reverse("petitions_web:detail", args=[pk])
    return vote_with_confirmation(
        request, context={"initiative": initiative, "item": initiative.agenda_item,
                          "source_url": back,
                          "back_url": back},
        record=record, success_url=back, template=TEMPLATES + "council/vote.html")


@staff_required
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The town's answer to a voted initiative, published after a confirmation; once
    published, the page shows it instead of the form (a second publication is refused)."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    template = TEMPLATES + "council/answer.html"
    if initiative.status == CitizenInitiative.Status.ANSWERED:
        if request.method == "POST":
            messages.error(request, _("La réponse de la ville à cette initiative est déjà "
                                      "publiée."))
        return render(request, template, {"initiative": initiative, "form": None},
                      status=400 if request.method == "POST" else 200)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not is_confirmed(request):
            return confirmation_page(request, Confirmation(
                _("Publier la réponse de la ville à « {title} » ?").format(
                    title=initiative.title),
                _("La réponse est publiée sur la page de l'initiative et ne pourra plus être "
                  "modifiée. Ses porteurs et ceux qui la suivent en sont prévenus par message."),
                _("Publier la réponse")), back_url=reverse("petitions_web:answer", args=[pk]))
        try:
            council_services.initiative_answer(initiative=initiative, actor=request.user,
                                               answer=form.cleaned_data["answer"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Réponse publiée ; les porteurs et ceux qui suivent "
                                        "l'initiative sont prévenus."))
            return redirect("petitions_web:detail", pk=pk)
    return render(request, template, {"initiative": initiative, "form": form},
                  status=400 if form.errors else 200)

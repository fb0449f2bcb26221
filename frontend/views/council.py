"""The council's decisions: the public page of a decision with its rectifications, and the
clerks' rectification form."""

from typing import Any, cast

from django.contrib import messages
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from budgets.models import BudgetDebate
from civic import roles, selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import AgendaItem, CouncilDecision, CouncilDecisionCorrection, CouncilSession
from civic.services.council import council_decision_correct, council_decision_correction_check
from commissions.models import Opinion
from frontend.forms.council import DecisionCorrectForm
from frontend.web import (
    Confirmation,
    confirmation_page,
    form_error_from,
    is_confirmed,
    staff_required,
)
from petitions.models import CitizenInitiative


def source_url(item: AgendaItem) -> str:
    """The page of what the council voted on (an initiative, an opinion, a debate's
    synthesis), when it has one."""
    source = item.source
    if isinstance(source, CitizenInitiative):
        return reverse("petitions_web:detail", args=[source.pk])
    if isinstance(source, Opinion):
        return reverse("commissions_web:opinion", args=[source.pk])
    if isinstance(source, BudgetDebate):
        return reverse("budgets_web:synthesis", args=[source.pk])
    return ""


def agenda_rows(session: CouncilSession) -> list[dict[str, Any]]:
    """A session's items in order (withdrawn ones left out), with what brought each and its
    page; the session comes from `council_session_get_with_agenda`."""
    agenda: list[AgendaItem] = getattr(session, "agenda")  # noqa: B009 (prefetched to_attr)
    return [{"item": item, "source_url": source_url(item)}
            for item in agenda if item.status != AgendaItem.Status.WITHDRAWN]


def _shown(field: str, value: Any) -> str:
    if field == "outcome":
        return str(CouncilDecision.Outcome(value).label)
    if field == "decided_at":
        parsed = parse_datetime(value)
        return timezone.localtime(parsed).strftime("%d/%m/%Y %H:%M") if parsed else str(value)
    return str(value)


def _replaced(correction: CouncilDecisionCorrection) -> list[tuple[str, str]]:
    """What a rectification replaced, as (label, value shown before) pairs."""
    return [(str(_field(field).verbose_name), _shown(field, value))
            for field, value in correction.previous.items()]


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's decision, its source and every rectification with what it replaced."""
    decision = selectors.council_decision_get(pk=pk)
    history = [{"correction": c, "replaced": _replaced(c)} for c in decision.corrections.all()]
    return render(request, "frontend/council/decision.html", {
        "decision": decision, "session": decision.agenda_item.session, "history": history,
        "source_url": source_url(decision.agenda_item),
        "is_staff": roles.is_staff_member(request.user)})


@staff_required
def decision_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Rectify a decision: the form holds its values; the reason is published."""
    decision = selectors.council_decision_get(pk=pk)
    form = DecisionCorrectForm(request.POST or None,
                               initial=DecisionCorrectForm.initial_for(decision))
    if request.method == "POST" and form.is_valid():
        try:
            if not is_confirmed(request):
                # Refused values come back next to their field before anything is asked.
                council_decision_correction_check(decision=decision, **form.cleaned_data)
                return confirmation_page(request, Confirmation(
                    _("Rectifier la délibération n° {reference} ?").format(
                        reference=decision.reference),
                    _("Les valeurs rectifiées sont publiées ; celles qu'elles remplacent restent "
                      "visibles dans l'historique public avec le motif. Toutes les personnes "
                      "informées du vote reçoivent la rectification."),
                    _("Rectifier la délibération")),
                    back_url=reverse("frontend:council_decision_correct", args=[pk]))
            council_decision_correct(decision=decision, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Délibération rectifiée ; les personnes informées du "
                                        "vote sont prévenues."))
            return redirect("frontend:council_decision", pk=pk)
    return render(request, "frontend/council/decision_correct.html",
                  {"decision": decision, "form": form}, status=400 if form.errors else 200)


def _field(name: str) -> Field:
    # The corrected fields are model fields, never reverse relations.
    return cast(Field, CouncilDecision._meta.get_field(name))


def session_agenda(request: HttpRequest, pk: int, printable: bool = False) -> HttpResponse:
    """A council session's agenda, public and printable: every item put on it (initiatives,
    commission opinions, budget-debate syntheses) and, once voted, its decision."""
    session = selectors.council_session_get_with_agenda(pk=pk)
    items = agenda_rows(session)
    template = "session_agenda_print.html" if printable else "session_agenda.html"
    return render(request, f"frontend/council/{template}", {
        "session": session, "items": items, "is_staff": roles.is_staff_member(request.user),
        "back_url": reverse("frontend:council_session", args=[pk])})


def session_agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda with its decisions, laid out for paper (the council's posted agenda)."""
    return session_agenda(request, pk, printable=True)

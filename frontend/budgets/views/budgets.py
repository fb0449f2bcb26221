"""Pages: list of budgets and debates, a budget's page, its phases and tally (clerks)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import policies, selectors, states
from budgets.models import ParticipatoryBudget, TallyStatus
from budgets.models.proposal import ProposalStatus
from budgets.services.budgets import budget_create, budget_transition
from budgets.services.tallies import tally_request
from budgets.states import BudgetStatus
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from frontend.budgets.forms import BudgetCreateForm
from frontend.budgets.views.common import is_staff, refused
from frontend.web import form_error_from, form_target, staff_required


def index(request: HttpRequest) -> HttpResponse:
    budgets = selectors.budget_list()
    years = sorted({b.year for b in budgets}, reverse=True)
    return render(request, "frontend/budgets/index.html", {
        "budgets": budgets, "years": years, "debates": selectors.debate_list(),
        "is_staff": is_staff(request)})


def _timeline(status: str) -> list[dict[str, object]]:
    current = states.PHASE_ORDER.index(status)
    return [{"label": BudgetStatus(s).label, "state": "done" if i < current else
             "current" if i == current else "next"} for i, s in enumerate(states.PHASE_ORDER)]


# Residents' acts announced on the budget page; when the phase still allows one that the
# clock has closed, the page says since when.
ANNOUNCED_ACTS = ("submit_proposal", "cast_ballot")


def _closed_by_clock(budget: ParticipatoryBudget) -> list[str]:
    return [str(refusal.message) for capability in ANNOUNCED_ACTS
            if states.budget_can(budget.status, capability)
            and (refusal := policies.capability_refusal(budget, capability)) is not None]


def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    proposals = selectors.proposal_list_for_budget(budget=budget).exclude(
        status=ProposalStatus.MERGED)
    ballot = selectors.ballot_exists(budget=budget, voter=request.user)
    eligibility = policies.voter_check(user=request.user, budget=budget)
    next_phases = sorted(states.TRANSITIONS[budget.status])
    return render(request, "frontend/budgets/budget_detail.html", {
        "budget": budget, "proposals": proposals, "ballot": ballot,
        "eligibility": eligibility, "timeline": _timeline(budget.status),
        "can": policies.budget_capabilities(budget), "closed": _closed_by_clock(budget),
        "is_staff": is_staff(request),
        "next_phases": [(s, BudgetStatus(s).label) for s in next_phases],
        "tally": selectors.tally_latest(budget=budget),
        "submit_closes_at": policies.closing_time(budget, "submit_proposal")})


@staff_required
def budget_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BudgetCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            budget = budget_create(actor=request.user, **values)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect("budgets_web:budget", pk=budget.pk)
    status = 400 if form.errors else 200
    return render(request, "frontend/budgets/budget_form.html", {"form": form}, status=status)


@form_target(lambda pk: reverse("budgets_web:budget", args=[pk]))
@staff_required
def budget_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    try:
        budget_transition(budget=budget, target=request.POST.get("target", ""),
                          actor=request.user)
    except (DomainError, ValueError) as exc:
        error = exc if isinstance(exc, DomainError) else DomainError(_("Phase inconnue."))
        return refused(request, error, reverse("budgets_web:budget", args=[pk]))
    if budget.status == BudgetStatus.TALLY:  # voting just closed: follow the count
        return redirect("budgets_web:tally", pk=pk)
    return redirect("budgets_web:budget", pk=pk)


@form_target(lambda pk: reverse("budgets_web:budget", args=[pk]))
@staff_required
def tally_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        tally_request(budget=selectors.budget_get(pk=pk), actor=request.user)
    except DomainError as exc:
        return refused(request, exc, reverse("budgets_web:budget", args=[pk]))
    return redirect("budgets_web:tally", pk=pk)


# What the tally page says under each status.
TALLY_STATUS_HELP: dict[str, Promise] = {
    TallyStatus.QUEUED: gettext_lazy("Le dépouillement va commencer."),
    TallyStatus.RUNNING: gettext_lazy("Dépouillement en cours…"),
    TallyStatus.DONE: gettext_lazy("Dépouillement terminé."),
    TallyStatus.FAILED: gettext_lazy("Le dépouillement a échoué ; relancez-le."),
}


def tally_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest tally's progress; refreshes itself while the count runs."""
    budget = selectors.budget_get(pk=pk)
    tally = selectors.tally_latest(budget=budget)
    return render(request, "frontend/budgets/tally.html", {
        "budget": budget, "tally": tally, "is_staff": is_staff(request),
        "help": TALLY_STATUS_HELP.get(tally.status) if tally else None,
        "running": tally is not None and tally.status in ("queued", "running")})

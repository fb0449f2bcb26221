"""Pages: list of budgets and debates, a budget's page, its phases and tally (clerks)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import policies, selectors, states
from budgets.models import ParticipatoryBudget, TallyStatus
from budgets.models.proposal import ProposalStatus
from budgets.services.budgets import (
    budget_create,
    budget_transition,
    budget_transition_refusal,
)
from budgets.services.tallies import tally_request
from budgets.states import BudgetStatus
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from frontend.budgets.forms import BudgetCreateForm
from frontend.budgets.views.common import is_staff, refused
from frontend.web import (
    Confirmation,
    confirmation_page,
    form_error_from,
    form_target,
    is_confirmed,
    staff_required,
)


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
            messages.success(request, _("Budget « {title} » créé, en préparation : il n'est "
                                        "pas encore ouvert aux habitants.").format(
                                            title=budget.title))
            return redirect("budgets_web:budget", pk=budget.pk)
    status = 400 if form.errors else 200
    return render(request, "frontend/budgets/budget_form.html", {"form": form}, status=status)


# Each move of a budget, irreversible: (question, what happens and who is told, button) on
# its confirmation, then what the page says once done.
PHASE_STEPS: dict[str, tuple[Promise, Promise, Promise, Promise]] = {
    BudgetStatus.SUBMISSION: (
        gettext_lazy("Ouvrir le dépôt des projets ?"),
        gettext_lazy("Les habitants pourront déposer leurs projets sur le site. Le budget ne "
                     "pourra plus revenir en préparation. Personne n'est prévenu par message."),
        gettext_lazy("Ouvrir le dépôt"),
        gettext_lazy("Le dépôt des projets est ouvert aux habitants.")),
    BudgetStatus.REVIEW: (
        gettext_lazy("Clore le dépôt et commencer l'étude de faisabilité ?"),
        gettext_lazy("Plus aucun projet ne pourra être déposé, et le dépôt ne pourra pas être "
                     "rouvert. Les auteurs seront prévenus de l'étude de leur projet une fois "
                     "celle-ci enregistrée."),
        gettext_lazy("Clore le dépôt"),
        gettext_lazy("Dépôt clos : l'étude de faisabilité commence.")),
    BudgetStatus.VOTING: (
        gettext_lazy("Ouvrir le vote ?"),
        gettext_lazy("Les habitants pourront voter pour les projets retenus ; la liste des "
                     "projets ne pourra plus changer. Les auteurs des projets retenus sont "
                     "prévenus par message."),
        gettext_lazy("Ouvrir le vote"),
        gettext_lazy("Vote ouvert ; les auteurs des projets retenus sont prévenus.")),
    BudgetStatus.TALLY: (
        gettext_lazy("Clore le vote ?"),
        gettext_lazy("Plus personne ne pourra voter ni modifier son vote, et le vote ne pourra "
                     "pas être rouvert : l'urne est scellée et le dépouillement commence "
                     "aussitôt. Personne n'est prévenu par message avant la publication des "
                     "résultats."),
        gettext_lazy("Clore le vote"),
        gettext_lazy("Vote clos : l'urne est scellée et le dépouillement a commencé.")),
    BudgetStatus.RESULTS: (
        gettext_lazy("Publier les résultats ?"),
        gettext_lazy("Le dernier dépouillement devient le résultat officiel, public, et ne "
                     "pourra plus être retiré ; les projets lauréats passent en suivi de "
                     "réalisation. Les auteurs et co-auteurs de chaque projet soumis au vote "
                     "reçoivent leur résultat par message."),
        gettext_lazy("Publier les résultats"),
        gettext_lazy("Résultats publiés ; les auteurs des projets soumis au vote sont "
                     "prévenus.")),
    BudgetStatus.IMPLEMENTATION: (
        gettext_lazy("Passer à la phase de réalisation ?"),
        gettext_lazy("La page du budget suivra désormais la réalisation des projets lauréats ; "
                     "le budget ne pourra pas revenir à la phase des résultats. Personne n'est "
                     "prévenu par message."),
        gettext_lazy("Passer à la réalisation"),
        gettext_lazy("Phase de réalisation ouverte.")),
}


@form_target(lambda pk: reverse("budgets_web:budget", args=[pk]))
@staff_required
def budget_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the budget to its next phase, once the clerk has confirmed what that does."""
    budget = selectors.budget_get(pk=pk)
    target = request.POST.get("target", "")
    here = reverse("budgets_web:budget", args=[pk])
    step = PHASE_STEPS.get(target)
    if step is not None and not is_confirmed(request):
        if refusal := budget_transition_refusal(budget=budget, target=target):
            return refused(request, refusal, here)
        title, text, submit, _done = step
        return confirmation_page(request, Confirmation(str(title), str(text), str(submit)),
                                 back_url=here)
    try:
        budget_transition(budget=budget, target=target, actor=request.user)
    except (DomainError, ValueError) as exc:
        error = exc if isinstance(exc, DomainError) else DomainError(_("Phase inconnue."))
        return refused(request, error, here)
    if step is not None:
        messages.success(request, str(step[3]))
    if budget.status == BudgetStatus.TALLY:  # voting just closed: follow the count
        return redirect("budgets_web:tally", pk=pk)
    return redirect("budgets_web:budget", pk=pk)


@form_target(lambda pk: reverse("budgets_web:budget", args=[pk]))
@staff_required
def tally_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    here = reverse("budgets_web:budget", args=[pk])
    if not is_confirmed(request):
        return confirmation_page(request, Confirmation(
            _("Lancer le dépouillement ?"),
            _("Les bulletins scellés sont comptés selon la règle du budget ; un comptage "
              "identique déjà fait n'est pas refait. Des résultats déjà publiés ne changent "
              "pas. Personne n'est prévenu par message."),
            _("Lancer le dépouillement")), back_url=here)
    try:
        tally_request(budget=selectors.budget_get(pk=pk), actor=request.user)
    except DomainError as exc:
        return refused(request, exc, here)
    messages.success(request, _("Dépouillement lancé : cette page suit son avancement."))
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

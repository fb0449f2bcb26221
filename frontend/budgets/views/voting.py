"""Pages: the ballot (vote and change one's vote), receipts, results, exports, follow-up."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache

from budgets import policies, selectors
from budgets.ballot_input import choices_from_form
from budgets.models import BallotKind, ParticipatoryBudget, Tally
from budgets.models.proposal import ProposalStatus
from budgets.secrecy import VoterBallot, receipt_format
from budgets.services import export
from budgets.services.ballots import ballot_cast
from budgets.services.explain import Unspent, unspent_explain
from budgets.states import BudgetStatus
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest, attachment_response
from civic.services.reminders import participation_start_record
from frontend.budgets.views.common import is_staff
from frontend.web import flash_error

# A published result changes only with a new tally (a new cache key); the timeout bounds how
# long a corrected project title or envelope takes to show.
RESULTS_CACHE_SECONDS = 300


def _confirmation(request: HttpRequest, budget: ParticipatoryBudget,
                  ballot: VoterBallot | None) -> HttpResponse:
    """The confirmation of a cast: the choices only in the answer to the cast itself."""
    choices = []
    if ballot is not None and ballot.choices:
        titles = dict(selectors.proposal_list_for_budget(budget=budget).filter(
            pk__in=list(ballot.choices)).values_list("pk", "title"))
        choices = [{"title": titles.get(pid, pid), "points": pts}
                   for pid, pts in sorted(ballot.choices.items())]
    return render(request, "frontend/budgets/vote_done.html", {
        "budget": budget, "ballot": ballot, "choices": choices,
        "receipt": selectors.voter_receipt(budget=budget, voter=request.user),
        "cumulative": budget.ballot_kind == BallotKind.CUMULATIVE})


@never_cache
@login_required
def vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The ballot form. It never shows a ballot already cast: a stored ballot is read back by
    nobody, the voter included, so whoever logs in as them cannot read it either."""
    budget = selectors.budget_get(pk=pk)
    cumulative = budget.ballot_kind == BallotKind.CUMULATIVE
    has_voted = selectors.ballot_exists(budget=budget, voter=request.user)
    chosen: dict[int, int] = {}
    error = None
    if request.method == "POST":
        try:
            chosen = choices_from_form(request.POST, cumulative=cumulative)
            cast = ballot_cast(budget=budget, voter=request.user, choices=chosen)
        except DomainError as exc:
            error = exc
        else:
            # Answered here, not through a redirect: the next page could only read the
            # ballot back from the database, which no page does.
            return _confirmation(request, budget, cast)
    eligibility = policies.voter_check(user=request.user, budget=budget)
    # The clock closes the vote even while the phase still says "voting".
    closed = policies.capability_refusal(budget, "cast_ballot")
    if closed is None and eligibility.eligible and not has_voted:
        # Opening the ballot counts as starting to vote, for the deadline reminder.
        participation_start_record(user=request.user, kind="budget_vote", object_id=budget.pk)
    proposals = selectors.proposal_list_for_budget(budget=budget,
                                                   status=ProposalStatus.FEASIBLE)
    rows = [{"proposal": p, "chosen": p.pk in chosen, "points": chosen.get(p.pk, "")}
            for p in proposals]
    return render(request, "frontend/budgets/vote.html", {
        "budget": budget, "rows": rows, "ballot": has_voted, "error": error,
        "eligibility": eligibility, "cumulative": cumulative,
        "knapsack": budget.ballot_kind == BallotKind.KNAPSACK,
        "voting_open": closed is None, "closed": closed}, status=400 if error else 200)


@never_cache
@login_required
def vote_done(request: HttpRequest, pk: int) -> HttpResponse:
    """After a cast, or later: that the voter's ballot counts, and their receipt."""
    budget = selectors.budget_get(pk=pk)
    if not selectors.ballot_exists(budget=budget, voter=request.user):
        return redirect("budgets_web:vote", pk=pk)
    return _confirmation(request, budget, None)


def receipts(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    wanted = request.GET.get("recu", "").strip().lower()
    try:
        policies.ensure_capability(budget, "publish_receipts")
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("budgets_web:budget", pk=pk)
    listed = [receipt_format(code) for code in
              selectors.receipt_list(budget=budget).values_list("code", flat=True)]
    return render(request, "frontend/budgets/receipts.html", {
        "budget": budget, "receipts": listed, "wanted": wanted,
        "found": selectors.receipt_check(budget=budget, receipt=wanted) if wanted else None})


class PublishedResults:
    """What the results page shows, computed on first use only.

    The page caches its body per published tally and language (see the template), so on a
    cache hit none of these queries run: the evening results are announced, the whole town
    opens the page, and the ballots are grouped by neighbourhood once, not once per visitor.
    """

    def __init__(self, budget: ParticipatoryBudget, preview: Tally | None = None) -> None:
        self.budget = budget
        self.preview = preview

    @cached_property
    def outcomes(self) -> list:
        return list(selectors.outcome_list(budget=self.budget, tally=self.preview))

    @cached_property
    def top(self) -> int:
        return max((o.score for o in self.outcomes), default=0)

    @cached_property
    def spent(self) -> int:
        return sum(o.cost_cents for o in self.outcomes if o.selected)

    @cached_property
    def unspent(self) -> Unspent:
        """The envelope left unused and why (the same on the preview and once published)."""
        return unspent_explain(envelope_cents=self.budget.envelope_cents,
                               outcomes=self.outcomes)

    @cached_property
    def turnout(self) -> list[dict[str, object]]:
        return selectors.turnout_by_neighbourhood(budget=self.budget)

    @cached_property
    def max_turnout(self) -> int:
        return max((cast(int, t["voters"]) for t in self.turnout), default=0)


def results(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    preview = None
    try:
        policies.ensure_capability(budget, "view_results")
    except DomainError as exc:
        # Before publishing, the staff preview the latest finished count, marked as such.
        preview = (selectors.tally_current(budget=budget)
                   if budget.status == BudgetStatus.TALLY and is_staff(request) else None)
        if preview is None:
            flash_error(request, exc)
            return redirect("budgets_web:budget", pk=pk)
    return render(request, "frontend/budgets/results.html", {
        "budget": budget, "results": PublishedResults(budget, preview), "preview": preview,
        "cache_seconds": RESULTS_CACHE_SECONDS,
        "cumulative": budget.ballot_kind == BallotKind.CUMULATIVE})


def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    try:
        return attachment_response(export.results_csv(budget=budget),
                                   filename=f"resultats-{budget.pk}.csv",
                                   content_type="text/csv; charset=utf-8")
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("budgets_web:budget", pk=pk)


def ballots_pb(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    try:
        return attachment_response(export.ballots_pb(budget=budget),
                                   filename=f"budget-{budget.pk}.pb",
                                   content_type="text/plain; charset=utf-8")
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("budgets_web:budget", pk=pk)


def implementation(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    return render(request, "frontend/budgets/implementation.html", {
        "budget": budget, "projects": selectors.implementation_list(budget=budget),
        "is_staff": is_staff(request)})


def method(request: HttpRequest, pk: int) -> HttpResponse:
    """How the winners are chosen, in plain words, with this budget's own count as example."""
    budget = selectors.budget_get(pk=pk)
    published = policies.capability_refusal(budget, "view_results") is None
    results = PublishedResults(budget) if published else None
    tally = budget.result_tally if published else None
    steps = []
    if results is not None:
        steps = sorted((o for o in results.outcomes if o.step), key=lambda o: o.step)[:4]
    voters = tally.ballot_count if tally is not None else 0
    return render(request, "frontend/budgets/method.html", {
        "budget": budget, "results": results, "tally": tally, "steps": steps,
        "cumulative": budget.ballot_kind == BallotKind.CUMULATIVE,
        "equal_shares": budget.rule != "greedy", "voters": voters,
        "share_cents": budget.envelope_cents // voters if voters else None})

import random

import pytest

from budgets.models import BallotKind, TallyOutcome
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.services.export import ballots_pb, results_csv
from budgets.tally import parse_pb, tally
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kind", "rule"), [
    (BallotKind.APPROVAL, "mes-completed"),
    (BallotKind.CUMULATIVE, "mes-add1"),
    (BallotKind.APPROVAL, "greedy"),
])
def test_a_recount_of_the_exported_pb_file_gives_the_same_winners(
        neighbourhood, clerk, django_capture_on_commit_callbacks, kind, rule):
    # given
    rng = random.Random(7)
    extra = {"points_total": 12, "max_points_per_project": 6} if kind == "cumulative" else {}
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, ballot_kind=kind,
                           rule=rule, envelope_cents=10_000_000, max_projects=None, **extra)
    projects = [ProposalFactory(budget=budget, feasible=True,
                                cost_cents=rng.randrange(800_000, 4_500_000, 50))
                for _ in range(8)]
    for _ in range(40):
        chosen = rng.sample(projects, rng.randint(1, 4))
        points = {p.pk: (rng.randint(1, 3) if kind == "cumulative" else 1) for p in chosen}
        ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                    choices=points)
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    winners = set(TallyOutcome.objects.filter(tally=budget.result_tally, selected=True)
                  .values_list("proposal_id", flat=True))
    # when
    exported = ballots_pb(budget=budget)
    recount = tally(parse_pb(exported), rule="auto")
    # then
    assert {int(pid) for pid in recount.selected} == winners
    assert winners
    voters = {b.voter_id for b in parse_pb(exported, keep_voters=True).ballots}
    assert voters == {str(n) for n in range(1, 41)}  # anonymised: numbers, not accounts
    assert results_csv(budget=budget).count("\n") == len(projects) + 1

import pytest

from budgets.models import Tally, TallyOutcome, TallyStatus
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.services.tallies import tally_request, tally_run
from budgets.tasks import tally_run_task
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import InvalidTransition
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_budget(neighbourhood):
    """A greedy approval budget of 50 000 € whose vote has closed: 5 voters, 3 projects."""
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, envelope_cents=5_000_000,
                           rule="greedy", max_projects=None)
    garden = ProposalFactory(budget=budget, feasible=True, title="Jardin partagé",
                             cost_cents=3_000_000)
    lights = ProposalFactory(budget=budget, feasible=True, title="Éclairage",
                             cost_cents=1_500_000)
    skate = ProposalFactory(budget=budget, feasible=True, title="Skatepark",
                            cost_cents=2_500_000)
    ballots = [{garden, lights}, {garden}, {garden, skate}, {skate, lights}, {lights}]
    for chosen in ballots:
        voter = ResidentFactory(neighbourhood=neighbourhood).user
        ballot_cast(budget=budget, voter=voter, choices={p.pk: 1 for p in chosen})
    budget.status = "tally"
    budget.save()
    return budget, garden, lights, skate


def test_tally_counts_the_stored_ballots_and_explains_each_outcome(counted_budget, clerk,
                                                                   django_capture_on_commit_callbacks):
    # given
    budget, garden, lights, skate = counted_budget
    # when
    with django_capture_on_commit_callbacks(execute=True):
        tally = tally_request(budget=budget, actor=clerk)
    # then
    tally.refresh_from_db()
    assert tally.status == TallyStatus.DONE and tally.progress == 100
    assert tally.ballot_count == 5
    outcomes = {o.proposal_id: o for o in TallyOutcome.objects.filter(tally=tally)}
    assert outcomes[garden.pk].selected and outcomes[lights.pk].selected
    assert not outcomes[skate.pk].selected
    assert outcomes[garden.pk].score == 3 and outcomes[skate.pk].score == 2
    assert "Non retenu" in outcomes[skate.pk].explanation
    assert "restait" in outcomes[skate.pk].explanation


def test_tally_requested_twice_on_the_same_ballots_changes_nothing(
        counted_budget, clerk, django_capture_on_commit_callbacks):
    # given
    budget, *_ = counted_budget
    with django_capture_on_commit_callbacks(execute=True):
        first = tally_request(budget=budget, actor=clerk)
    first.refresh_from_db()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        second = tally_request(budget=budget, actor=clerk)
    # then
    second.refresh_from_db()
    assert second.pk == first.pk
    assert second.finished_at == first.finished_at
    assert Tally.objects.filter(budget=budget).count() == 1


def test_tally_task_runs_twice_with_the_same_result(counted_budget, clerk):
    # given
    budget, *_ = counted_budget
    tally = tally_request(budget=budget, actor=clerk)  # queued; the task is run by hand below
    # when
    tally_run_task(tally.pk)
    outcome_rows = list(TallyOutcome.objects.filter(tally=tally).values_list(
        "proposal_id", "selected", "score", "step"))
    tally_run_task(tally.pk)
    # then
    tally.refresh_from_db()
    assert tally.status == TallyStatus.DONE
    assert list(TallyOutcome.objects.filter(tally=tally).values_list(
        "proposal_id", "selected", "score", "step")) == outcome_rows


def test_tally_run_on_a_failed_request_can_be_retried(counted_budget, clerk):
    # given
    budget, *_ = counted_budget
    tally = tally_request(budget=budget, actor=clerk)
    Tally.objects.filter(pk=tally.pk).update(status=TallyStatus.FAILED, error="worker lost")
    # when
    again = tally_request(budget=budget, actor=clerk)
    tally_run(tally_id=again.pk)
    # then
    again.refresh_from_db()
    assert again.pk == tally.pk and again.status == TallyStatus.DONE and again.error == ""


def test_tally_is_refused_while_voting_is_open(neighbourhood, clerk):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    # when / then
    with pytest.raises(InvalidTransition):
        tally_request(budget=budget, actor=clerk)


def test_closing_the_vote_runs_the_tally_and_results_publish_the_winners(
        neighbourhood, clerk, django_capture_on_commit_callbacks):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, envelope_cents=5_000_000)
    winner = ProposalFactory(budget=budget, feasible=True, cost_cents=4_000_000)
    loser = ProposalFactory(budget=budget, feasible=True, cost_cents=4_000_000)
    for _ in range(3):
        ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                    choices={winner.pk: 1})
    ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={loser.pk: 1})
    # when
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    # then
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert budget.result_tally is not None
    assert winner.is_selected and not loser.is_selected
    assert hasattr(winner, "implementation")
    assert winner.author.notifications.filter(kind="budget_result").exists()

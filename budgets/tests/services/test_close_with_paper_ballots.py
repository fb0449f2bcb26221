"""Voting does not close while a paper ballot handed in at the counter waits for its typings.

Otherwise the count runs without it and the further typing is refused once the phase has
moved: the resident's paper vote would be lost without anyone noticing.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.errors import VotingClosed
from budgets.models import PaperBallotStatus, ParticipatoryBudget
from budgets.selectors import tally_current
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import (
    budget_advance_due,
    budget_transition,
    budget_transition_refusal,
)
from budgets.services.paper_ballots import (
    PaperBallotMismatch,
    paper_ballot_cancel,
    paper_ballot_enter_first,
    paper_ballot_enter_second,
)
from civic.errors import InvalidTransition
from civic.roles import Role
from civic.tests.factories import ResidentFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_clerk():
    return staff_user(Role.CLERK)


def _first(budget, resident, clerk, choices):
    return paper_ballot_enter_first(budget=budget, voter=resident.user, choices=choices,
                                    clerk=clerk, form_reference=f"PB-{resident.pk}")


def test_the_clerk_cannot_close_the_vote_while_a_paper_ballot_waits_for_its_second_typing(
        voting_budget, projects, resident, clerk):
    # given
    garden, _light, _skate = projects
    _first(voting_budget, resident, clerk, {garden.pk: 1})
    # when
    refusal = budget_transition_refusal(budget=voting_budget, target="tally")
    with pytest.raises(InvalidTransition) as caught:
        budget_transition(budget=voting_budget, target="tally", actor=clerk)
    # then the clerk is told how many wait and where to settle them; voting stays open
    assert refusal is not None and refusal.code == "paper_ballots_pending"
    message = str(caught.value.message)
    assert message.startswith("1 bulletin papier attend encore une saisie")
    assert "Bulletins papier à confirmer" in message
    voting_budget.refresh_from_db()
    assert voting_budget.status == "voting"


def test_a_disputed_paper_ballot_also_holds_the_close_and_the_message_counts_them(
        voting_budget, projects, resident, clerk, second_clerk, neighbourhood):
    # given one ballot disputed (two typings disagree) and one waiting for its second typing
    garden, light, _skate = projects
    disputed = _first(voting_budget, resident, clerk, {garden.pk: 1})
    with pytest.raises(PaperBallotMismatch):
        paper_ballot_enter_second(entry=disputed, choices={light.pk: 1}, clerk=second_clerk)
    _first(voting_budget, ResidentFactory(neighbourhood=neighbourhood), clerk, {light.pk: 1})
    # when
    refusal = budget_transition_refusal(budget=voting_budget, target="tally")
    # then
    assert refusal is not None
    assert str(refusal.message).startswith("2 bulletins papier attendent encore une saisie")


def test_after_the_second_typing_the_vote_closes_and_the_paper_ballot_is_counted(
        voting_budget, projects, resident, clerk, second_clerk, neighbourhood,
        django_capture_on_commit_callbacks):
    # given a paper ballot and an online one
    garden, light, _skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1})
    ballot_cast(budget=voting_budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={light.pk: 1})
    assert budget_transition_refusal(budget=voting_budget, target="tally") is not None
    # when the second clerk types it, then the clerk closes the vote
    paper_ballot_enter_second(entry=entry, choices={garden.pk: 1}, clerk=second_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=voting_budget, target="tally", actor=clerk)
    # then both ballots are in the count
    voting_budget.refresh_from_db()
    assert voting_budget.status == "tally"
    tally = tally_current(budget=voting_budget)
    assert tally is not None and tally.ballot_count == 2


def test_a_cancelled_paper_ballot_no_longer_holds_the_close(voting_budget, projects, resident,
                                                             clerk):
    # given
    garden, _light, _skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1})
    # when
    paper_ballot_cancel(entry=entry, clerk=clerk, reason="formulaire illisible")
    # then
    assert budget_transition_refusal(budget=voting_budget, target="tally") is None
    budget_transition(budget=voting_budget, target="tally", actor=clerk)
    assert voting_budget.status == "tally"


def test_the_schedule_waits_for_pending_paper_ballots_then_closes_on_a_later_run(
        voting_budget, projects, resident, clerk, second_clerk, neighbourhood,
        django_capture_on_commit_callbacks):
    # given a paper ballot handed in before the scheduled close, not yet typed twice
    garden, light, _skate = projects
    closing = timezone.now() + timedelta(hours=1)
    ParticipatoryBudget.objects.filter(pk=voting_budget.pk).update(voting_closes_at=closing)
    voting_budget.refresh_from_db()
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1})
    late_voter = ResidentFactory(neighbourhood=neighbourhood).user
    with time_machine.travel(closing + timedelta(minutes=10), tick=False):
        # when the beat job runs after the closing time
        moved = budget_advance_due()
        # then the budget stays in voting, yet online voting is refused by the clock
        voting_budget.refresh_from_db()
        assert moved == 0 and voting_budget.status == "voting"
        with pytest.raises(VotingClosed):
            ballot_cast(budget=voting_budget, voter=late_voter, choices={light.pk: 1})
        with pytest.raises(VotingClosed):
            _first(voting_budget, ResidentFactory(neighbourhood=neighbourhood), clerk,
                   {light.pk: 1})
        # and the paper form handed in on time is still settled by its second typing
        entry = paper_ballot_enter_second(entry=entry, choices={garden.pk: 1},
                                          clerk=second_clerk)
        assert entry.status == PaperBallotStatus.CONFIRMED
        # and the next run closes the vote and counts it
        with django_capture_on_commit_callbacks(execute=True):
            moved = budget_advance_due()
    voting_budget.refresh_from_db()
    assert moved == 1 and voting_budget.status == "tally"
    tally = tally_current(budget=voting_budget)
    assert tally is not None and tally.ballot_count == 1

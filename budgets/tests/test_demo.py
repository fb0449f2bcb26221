from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from budgets import demo
from budgets.models import (
    Ballot,
    BudgetDebate,
    ChapterPreference,
    Milestone,
    ParticipatoryBudget,
    Proposal,
    Tally,
)
from budgets.states import PHASE_ORDER
from civic import demo as civic_demo
from civic.models import AgendaItem, AuditEntry

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = (BudgetDebate, ChapterPreference, ParticipatoryBudget, Proposal, Ballot, Tally,
              Milestone, AgendaItem, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_demo_covers_every_phase_and_running_it_twice_creates_nothing(
        django_capture_on_commit_callbacks):
    # given
    civic_demo.seed(lambda _: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(lambda _: None)
    before = counts()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(lambda _: None)
    # then
    assert counts() == before
    assert set(ParticipatoryBudget.objects.values_list("status", flat=True)) == set(PHASE_ORDER)
    assert set(BudgetDebate.objects.values_list("status", flat=True)) == {"open", "closed"}
    assert Proposal.objects.filter(is_selected=True).exists()
    assert Milestone.objects.exists()
    assert Tally.objects.filter(status="done").count() == 3


def test_demo_seeded_after_its_vote_date_still_casts_its_ballots_within_the_vote(
        django_capture_on_commit_callbacks):
    # given a day after 15 December, the demo vote's usual closing
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=UTC)):
        civic_demo.seed(lambda _: None)
        # when
        with django_capture_on_commit_callbacks(execute=True):
            demo.seed(lambda _: None)
        # then the ballots were cast before each budget's closing
        voting = ParticipatoryBudget.objects.filter(status="voting").first()
        assert Ballot.objects.exists()
        assert voting is not None and voting.voting_closes_at is not None
        assert voting.voting_closes_at > timezone.now()

"""Closing times hold by the clock, at the moment of the act, whatever the stored phase says.

The phase moves by a beat job that does not run in the embedded mode (eager Celery, no beat)
or while beat is down: a budget may still say "voting" days after its vote closed.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from budgets import selectors
from budgets.errors import PhaseClosed, VotingClosed
from budgets.models import Ballot, ChapterPreference, ParticipatoryBudget, Proposal
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_advance_due
from budgets.services.debates import chapter_preference_set, debate_advance_due
from budgets.services.paper_ballots import paper_ballot_enter_first
from budgets.services.proposals import (
    proposal_coauthor_accept,
    proposal_coauthor_invite,
    proposal_submit,
)
from budgets.tests.factories import BudgetFactory, ChapterFactory, DebateFactory, ProposalFactory
from civic.models import Comment
from civic.services.comments import comment_create
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

# 20:30 in Alès (UTC+1 in March), a moment no test reaches by accident.
CLOSING = datetime(2031, 3, 14, 19, 30, tzinfo=UTC)
CLOSING_WORDS = "14 mars 2031 à 20:30"
THREE_DAYS_LATER = CLOSING + timedelta(days=3)
JUST_BEFORE = CLOSING - timedelta(seconds=1)


def _schedule(budget: ParticipatoryBudget, **dates: datetime) -> ParticipatoryBudget:
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(**dates)
    budget.refresh_from_db()
    return budget


def test_ballot_cast_three_days_after_the_vote_closed_is_refused_while_the_phase_says_voting(
        resident, voting_budget, projects):
    # given a vote that closed three days ago, the phase never moved (no beat)
    budget = _schedule(voting_budget, voting_closes_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(VotingClosed) as refused:
            ballot_cast(budget=budget, voter=resident.user, choices={projects[0].pk: 1})
    # then
    assert refused.value.code == "voting_closed"
    assert CLOSING_WORDS in str(refused.value.message)
    assert not Ballot.objects.exclude(content="").exists()
    budget.refresh_from_db()
    assert budget.status == "voting"


def test_ballot_cast_one_second_before_the_vote_closes_is_counted(resident, voting_budget,
                                                                  projects):
    # given
    budget = _schedule(voting_budget, voting_closes_at=CLOSING)
    # when
    with time_machine.travel(JUST_BEFORE, tick=False):
        ballot = ballot_cast(budget=budget, voter=resident.user, choices={projects[0].pk: 1})
    # then
    assert selectors.ballot_of(budget=budget, voter=resident.user).receipt == ballot.receipt


def test_ballot_change_after_the_vote_closed_is_refused_and_the_first_ballot_stays(
        resident, voting_budget, projects):
    # given a ballot cast in time
    budget = _schedule(voting_budget, voting_closes_at=CLOSING)
    with time_machine.travel(JUST_BEFORE, tick=False):
        first = ballot_cast(budget=budget, voter=resident.user, choices={projects[0].pk: 1})
    # when the voter tries to change it after the close
    with time_machine.travel(CLOSING, tick=False):
        with pytest.raises(VotingClosed):
            ballot_cast(budget=budget, voter=resident.user, choices={projects[2].pk: 1})
    # then
    kept = selectors.ballot_of(budget=budget, voter=resident.user)
    assert kept.receipt == first.receipt
    assert kept.choices == {projects[0].pk: 1}


def test_paper_ballot_entered_after_the_vote_closed_is_refused(resident, clerk, voting_budget,
                                                               projects):
    # given
    budget = _schedule(voting_budget, voting_closes_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(VotingClosed) as refused:
            paper_ballot_enter_first(budget=budget, voter=resident.user,
                                     choices={projects[0].pk: 1}, clerk=clerk)
    # then
    assert CLOSING_WORDS in str(refused.value.message)


def test_the_beat_job_catches_up_afterwards_and_the_refusal_keeps_its_code(
        resident, voting_budget, projects):
    # given a vote closed by the clock, the phase still "voting"
    budget = _schedule(voting_budget, voting_closes_at=CLOSING)
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        # when beat comes back and runs twice
        moved = budget_advance_due(), budget_advance_due()
        with pytest.raises(VotingClosed) as refused:
            ballot_cast(budget=budget, voter=resident.user, choices={projects[0].pk: 1})
    # then the phase moved once, and a ballot is refused with the same code
    budget.refresh_from_db()
    assert moved == (1, 0)
    assert budget.status == "tally"
    assert refused.value.code == "voting_closed"


def test_proposal_submitted_after_the_submission_window_is_refused(resident, neighbourhood):
    # given submission that ended (review_starts_at) with the phase still "submission"
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True,
                           review_starts_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(PhaseClosed) as refused:
            proposal_submit(budget=budget, author=resident.user, title="Bancs",
                            description="Des bancs à l'ombre.", estimated_cost_cents=500_000)
    # then
    assert refused.value.code == "submit_proposal_closed"
    assert CLOSING_WORDS in str(refused.value.message)
    assert not Proposal.objects.exists()


def test_proposal_submitted_one_second_before_the_window_ends_is_accepted(resident,
                                                                          neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True,
                           review_starts_at=CLOSING)
    # when
    with time_machine.travel(JUST_BEFORE, tick=False):
        proposal = proposal_submit(budget=budget, author=resident.user, title="Bancs",
                                   description="Des bancs à l'ombre.",
                                   estimated_cost_cents=500_000)
    # then
    assert Proposal.objects.get().pk == proposal.pk


def test_proposal_submission_closes_with_a_later_date_when_its_own_is_not_set(resident,
                                                                             neighbourhood):
    # given no end of submission set, but the vote closed long ago
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True,
                           voting_closes_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(PhaseClosed) as refused:
            proposal_submit(budget=budget, author=resident.user, title="Bancs",
                            description="Des bancs à l'ombre.", estimated_cost_cents=500_000)
    # then
    assert refused.value.code == "submit_proposal_closed"


def test_coauthor_added_once_the_vote_was_due_to_open_is_refused(resident, neighbourhood):
    # given co-authoring runs until voting opens; the phase still says "review"
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True, voting_opens_at=CLOSING)
    proposal = ProposalFactory(budget=budget, author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood).user
    # when
    with time_machine.travel(CLOSING, tick=False):
        with pytest.raises(PhaseClosed) as refused:
            proposal_coauthor_invite(proposal=proposal, email=friend.email, actor=resident.user)
    with time_machine.travel(JUST_BEFORE, tick=False):
        proposal_coauthor_invite(proposal=proposal, email=friend.email, actor=resident.user)
    link = proposal.coauthors.get()
    with time_machine.travel(CLOSING, tick=False):
        with pytest.raises(PhaseClosed) as too_late:
            proposal_coauthor_accept(link=link, user=friend)
    # then
    assert refused.value.code == too_late.value.code == "add_coauthor_closed"
    assert CLOSING_WORDS in str(refused.value.message)
    assert not proposal.coauthors.accepted().exists()


def test_comment_on_a_project_after_the_vote_closed_is_refused(resident, voting_budget,
                                                               projects):
    # given
    _schedule(voting_budget, voting_closes_at=CLOSING)
    proposal = Proposal.objects.get(pk=projects[0].pk)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(PhaseClosed) as refused:
            comment_create(target=proposal, author=resident.user, body="Trop tard ?")
    with time_machine.travel(JUST_BEFORE, tick=False):
        comment_create(target=proposal, author=resident.user, body="Juste à temps.")
    # then
    assert refused.value.code == "comment_closed"
    assert list(Comment.objects.values_list("body", flat=True)) == ["Juste à temps."]


def test_debate_opinion_after_the_debate_closed_is_refused_while_it_still_says_open(resident):
    # given
    chapter = ChapterFactory(debate=DebateFactory(open=True, closes_at=CLOSING))
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(PhaseClosed) as refused:
            chapter_preference_set(chapter=chapter, voter=resident.user, choice="more")
    # then
    assert refused.value.code == "give_preference_closed"
    assert CLOSING_WORDS in str(refused.value.message)
    assert not ChapterPreference.objects.exists()


def test_debate_opinion_one_second_before_the_close_is_kept(resident):
    # given
    chapter = ChapterFactory(debate=DebateFactory(open=True, closes_at=CLOSING))
    # when
    with time_machine.travel(JUST_BEFORE, tick=False):
        chapter_preference_set(chapter=chapter, voter=resident.user, choice="less")
    # then
    assert ChapterPreference.objects.get().choice == "less"


def test_debate_beat_job_catches_up_after_the_clock_closed_the_debate(resident):
    # given
    debate = DebateFactory(open=True, closes_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        moved = debate_advance_due(), debate_advance_due()
    # then
    debate.refresh_from_db()
    assert moved == (1, 0)
    assert debate.status == "closed"

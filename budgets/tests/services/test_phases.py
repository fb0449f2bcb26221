from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import ProposalCoAuthor
from budgets.services.budgets import budget_advance_due, budget_create, budget_transition
from budgets.services.proposals import (
    proposal_coauthor_accept,
    proposal_coauthor_decline,
    proposal_coauthor_invite,
    proposal_merge,
    proposal_people,
    proposal_review,
)
from budgets.tasks import budget_advance_due_task
from budgets.tests.factories import BudgetFactory, DebateFactory, ProposalFactory
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import AuditEntry, Notification
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_budget_advance_due_moves_due_budgets_once_and_is_safe_to_run_twice(neighbourhood):
    # given
    past = timezone.now() - timedelta(hours=1)
    due = BudgetFactory(neighbourhood=neighbourhood, submission_opens_at=past)
    later = BudgetFactory(year=2027, neighbourhood=neighbourhood,
                          submission_opens_at=timezone.now() + timedelta(days=3))
    # when
    first = budget_advance_due_task()
    second = budget_advance_due_task()
    # then
    due.refresh_from_db()
    later.refresh_from_db()
    assert (first, second) == (1, 0)
    assert due.status == "submission" and later.status == "preparation"
    entry = AuditEntry.objects.get(verb="budget.phase_changed")
    assert entry.actor is None and entry.data["scheduled"] is True


def test_scheduled_voting_waits_while_proposals_are_unreviewed(neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True,
                           voting_opens_at=timezone.now() - timedelta(minutes=5))
    ProposalFactory(budget=budget)
    # when
    moved = budget_advance_due()
    # then
    budget.refresh_from_db()
    assert moved == 0 and budget.status == "review"


def test_voting_opens_only_after_the_years_debate_closed_when_the_charter_says_so(
        neighbourhood, clerk):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True,
                           voting_requires_closed_debate=True)
    ProposalFactory(budget=budget, feasible=True)
    debate = DebateFactory(year=budget.year, open=True)
    # when
    with pytest.raises(InvalidTransition) as refused:
        budget_transition(budget=budget, target="voting", actor=clerk)
    debate.status = "closed"
    debate.save()
    budget_transition(budget=budget, target="voting", actor=clerk)
    # then
    assert refused.value.code == "debate_not_closed"
    assert budget.status == "voting"


def test_a_phase_cannot_be_skipped(neighbourhood, clerk):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood)
    # when / then
    with pytest.raises(InvalidTransition):
        budget_transition(budget=budget, target="voting", actor=clerk)


def test_one_budget_per_neighbourhood_and_year_and_one_town_wide(neighbourhood, clerk):
    # given
    budget_create(year=2026, neighbourhood=neighbourhood, title="A", envelope_cents=1, actor=clerk)
    budget_create(year=2026, neighbourhood=None, title="Ville", envelope_cents=1, actor=clerk)
    # when / then
    for hood in (neighbourhood, None):
        with pytest.raises(Conflict):
            budget_create(year=2026, neighbourhood=hood, title="B", envelope_cents=1, actor=clerk)


def test_cumulative_charter_needs_points(neighbourhood, clerk):
    # when / then
    with pytest.raises(DomainError) as refused:
        budget_create(year=2026, neighbourhood=neighbourhood, title="BP", envelope_cents=100,
                      actor=clerk, ballot_kind="cumulative")
    assert refused.value.field == "points_total"


def test_review_notifies_the_author_and_sets_the_costed_estimate(neighbourhood, clerk):
    # given
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood, review=True))
    # when
    proposal_review(proposal=proposal, reviewer=clerk, feasible=False,
                    reason="Le terrain appartient au département.", cost_cents=4_000_000)
    # then
    proposal.refresh_from_db()
    assert proposal.status == "unfeasible" and proposal.cost_cents == 4_000_000
    note = Notification.objects.get(recipient=proposal.author, kind="budget_proposal_reviewed",
                                    channel="in_app")
    assert "département" in note.body


def test_merge_makes_the_duplicate_authors_coauthors_and_tells_them(neighbourhood, clerk):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    kept, duplicate = ProposalFactory(budget=budget), ProposalFactory(budget=budget)
    # when
    proposal_merge(proposal=duplicate, into=kept, actor=clerk)
    # then
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into == kept
    assert ProposalCoAuthor.objects.accepted().filter(proposal=kept,
                                                      user=duplicate.author).exists()
    assert Notification.objects.filter(recipient=duplicate.author,
                                       kind="budget_proposal_merged").exists()
    with pytest.raises(InvalidTransition):
        proposal_merge(proposal=duplicate, into=kept, actor=clerk)


def test_only_an_eligible_resident_is_invited_once_and_co_signs_after_accepting(
        neighbourhood, resident):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal = ProposalFactory(budget=budget, author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood).user
    minor = ResidentFactory(neighbourhood=neighbourhood, minor=True).user
    # when the author invites the friend twice and the minor once
    for person in (friend, friend, minor):
        proposal_coauthor_invite(proposal=proposal, email=person.email, actor=resident.user)
    # then only the friend has an invitation, pending, and is told nothing else twice
    link = ProposalCoAuthor.objects.get(proposal=proposal)
    assert link.user == friend and link.accepted_at is None
    assert not ProposalCoAuthor.objects.filter(user=minor).exists()
    assert proposal_people(proposal) == [resident.user]
    # when the friend accepts
    proposal_coauthor_accept(link=link, user=friend)
    # then they co-sign, and cannot answer twice
    assert set(proposal_people(proposal)) == {resident.user, friend}
    with pytest.raises(Conflict):
        proposal_coauthor_decline(link=link, user=friend)


def test_eligibility_is_checked_again_when_the_invitee_accepts(neighbourhood, resident):
    # given an invitation to a resident who then moves to another neighbourhood
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                    submission=True), author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood)
    proposal_coauthor_invite(proposal=proposal, email=friend.user.email, actor=resident.user)
    link = ProposalCoAuthor.objects.get(proposal=proposal)
    friend.neighbourhood = NeighbourhoodFactory()
    friend.save()
    # when they accept
    with pytest.raises(DomainError):
        proposal_coauthor_accept(link=link, user=friend.user)
    # then they are not a co-author
    link.refresh_from_db()
    assert link.accepted_at is None

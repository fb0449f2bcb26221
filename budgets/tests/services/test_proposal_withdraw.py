"""An author withdraws their own project before the feasibility study."""

import pytest
from django.utils import timezone

from budgets import selectors
from budgets.models import ProposalCoAuthor
from budgets.models.proposal import ProposalStatus
from budgets.services.proposals import proposal_withdraw
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_author_withdraws_her_project_it_leaves_the_public_list_and_coauthors_are_told(
        neighbourhood):
    # given a project with a co-author who accepted, one still invited, and another project,
    # while projects are accepted
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    mine, other = ProposalFactory(budget=budget), ProposalFactory(budget=budget)
    coauthor = ResidentFactory(neighbourhood=neighbourhood).user
    ProposalCoAuthor.objects.create(proposal=mine, user=coauthor, accepted_at=timezone.now())
    invited = ResidentFactory(neighbourhood=neighbourhood).user
    ProposalCoAuthor.objects.create(proposal=mine, user=invited)
    # when its author withdraws it
    proposal_withdraw(proposal=mine, actor=mine.author)
    # then it is withdrawn, gone from the budget's list and counts, audited, co-author told
    mine.refresh_from_db()
    assert mine.status == ProposalStatus.WITHDRAWN
    assert list(selectors.proposal_list_for_budget(budget=budget)) == [other]
    listed = selectors.budget_list().get(pk=budget.pk)
    assert listed.proposal_count == 1  # type: ignore[attr-defined]  # annotated count
    assert AuditEntry.objects.filter(verb="budget.proposal_withdrawn",
                                     actor=mine.author).count() == 1
    assert Notification.objects.filter(recipient=coauthor, kind="budget_proposal_withdrawn",
                                       channel=Notification.Channel.EMAIL).count() == 1
    assert not Notification.objects.filter(recipient__in=[mine.author, invited],
                                            kind="budget_proposal_withdrawn").exists()


def test_only_the_author_withdraws_not_a_coauthor_nor_a_clerk(neighbourhood, clerk):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal = ProposalFactory(budget=budget)
    coauthor = ResidentFactory(neighbourhood=neighbourhood).user
    ProposalCoAuthor.objects.create(proposal=proposal, user=coauthor, accepted_at=timezone.now())
    # when / then
    for someone in (coauthor, clerk):
        with pytest.raises(NotPermitted):
            proposal_withdraw(proposal=proposal, actor=someone)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not AuditEntry.objects.filter(verb="budget.proposal_withdrawn").exists()


def test_a_reviewed_project_is_no_longer_withdrawn(neighbourhood):
    # given a project the services found feasible
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal = ProposalFactory(budget=budget, feasible=True)
    # when / then
    with pytest.raises(InvalidTransition) as refused:
        proposal_withdraw(proposal=proposal, actor=proposal.author)
    assert refused.value.code == "already_reviewed"


def test_no_withdrawal_once_the_budget_left_its_proposal_phase(neighbourhood):
    # given a budget in its vote, a project still marked submitted
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    proposal = ProposalFactory(budget=budget)
    # when / then
    with pytest.raises(DomainError):
        proposal_withdraw(proposal=proposal, actor=proposal.author)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_withdrawn_project_is_not_withdrawn_twice(neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal = ProposalFactory(budget=budget)
    proposal_withdraw(proposal=proposal, actor=proposal.author)
    with pytest.raises(InvalidTransition) as refused:
        proposal_withdraw(proposal=proposal, actor=proposal.author)
    assert refused.value.code == "already_withdrawn"
    assert AuditEntry.objects.filter(verb="budget.proposal_withdrawn").count() == 1

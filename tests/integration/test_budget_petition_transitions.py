"""Budgets and initiatives change status through civic.transitions: the audit entry says
where each move came from, a stale request changes nothing (409, no second entry), and the
pages receive each entity's capability map."""

import pytest
from django.urls import reverse

from budgets import states as budget_states
from budgets.models import Proposal
from budgets.services.budgets import budget_transition
from budgets.services.proposals import proposal_merge, proposal_review, proposal_withdraw
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import InvalidTransition
from civic.models import AuditEntry
from civic.tests.factories import ResidentFactory
from petitions import policies as petition_policies
from petitions.models import CitizenInitiative, InitiativeTransition, Signature
from petitions.services.common import try_transition
from petitions.services.signatures import signature_add, signature_withdraw
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db


def test_a_budget_phase_change_is_audited_once_and_a_stale_request_is_refused(clerk):
    # given a budget in preparation, read by two requests
    budget = BudgetFactory()
    stale = type(budget).objects.get(pk=budget.pk)
    # when the first moves it, then the second tries the same move
    budget_transition(budget=budget, target="submission", actor=clerk)
    with pytest.raises(InvalidTransition) as refused:
        budget_transition(budget=stale, target="submission", actor=clerk)
    # then one move, one entry, as before the helper
    assert refused.value.code == "phase_changed" and refused.value.status_code == 409
    entries = AuditEntry.objects.filter(verb="budget.phase_changed")
    assert [e.data for e in entries] == [{"from": "preparation", "to": "submission",
                                          "scheduled": False}]


def test_a_review_audits_the_status_it_left_and_a_merged_project_is_not_reviewed(
        clerk, neighbourhood):
    # given two projects under review, one merged into the other by a request holding a
    # stale copy of it
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    kept, duplicate = ProposalFactory(budget=budget), ProposalFactory(budget=budget)
    stale = Proposal.objects.get(pk=duplicate.pk)
    proposal_merge(proposal=duplicate, into=kept, actor=clerk)
    # when a clerk reviews the stale copy
    with pytest.raises(InvalidTransition) as refused:
        proposal_review(proposal=stale, reviewer=clerk, feasible=True, reason="Oui.",
                        cost_cents=100_000)
    # then it stays merged; the merge's entry names both statuses and the target project
    assert refused.value.code == "merged"
    assert Proposal.objects.get(pk=duplicate.pk).status == "merged"
    merged = AuditEntry.objects.get(verb="budget.proposal_merged")
    assert merged.data == {"from": "submitted", "to": "merged", "into": kept.pk}
    assert not AuditEntry.objects.filter(verb="budget.proposal_reviewed").exists()


def test_a_withdrawn_project_can_be_neither_reviewed_nor_merged(clerk, neighbourhood):
    # given a project its author withdrew
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal, other = ProposalFactory(budget=budget), ProposalFactory(budget=budget)
    proposal_withdraw(proposal=proposal, actor=proposal.author)
    # when clerks try to review or merge it
    with pytest.raises(InvalidTransition) as review_refused:
        proposal_review(proposal=proposal, reviewer=clerk, feasible=False, reason="Non.")
    with pytest.raises(InvalidTransition) as merge_refused:
        proposal_merge(proposal=proposal, into=other, actor=clerk)
    # then both are refused, and the withdrawal's entry says which status it left
    assert review_refused.value.code == merge_refused.value.code == "withdrawn"
    entry = AuditEntry.objects.get(verb="budget.proposal_withdrawn")
    assert entry.data == {"from": "submitted", "to": "withdrawn", "budget": budget.pk}


def test_the_project_page_offers_only_what_its_status_allows(client, clerk, neighbourhood):
    # given a merged project
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    kept, duplicate = ProposalFactory(budget=budget), ProposalFactory(budget=budget)
    proposal_merge(proposal=duplicate, into=kept, actor=clerk)
    client.force_login(clerk)
    # when a clerk opens both pages
    merged_page = client.get(reverse("budgets_web:proposal", args=[duplicate.pk]))
    kept_page = client.get(reverse("budgets_web:proposal", args=[kept.pk]))
    # then the merged one offers no review, the other does
    assert merged_page.context["proposal_can"] == set()
    assert "Enregistrer l&#x27;avis" not in merged_page.text
    assert "Enregistrer l'avis" not in merged_page.text
    assert kept_page.context["proposal_can"] == budget_states.PROPOSAL_CAPABILITIES["submitted"]


def test_an_initiative_lost_race_writes_neither_timeline_nor_audit(clerk):
    # given an initiative moved to review by one request while another holds it submitted
    initiative = CitizenInitiativeFactory(submitted=True)
    stale = CitizenInitiative.objects.get(pk=initiative.pk)
    first = try_transition(initiative=initiative, target="admissibility_review", actor=clerk)
    # when the second request tries the same move
    second = try_transition(initiative=stale, target="admissibility_review", actor=clerk)
    # then it lost: one timeline row and one audit entry, saying where it came from
    assert first is not None and second is None
    assert InitiativeTransition.objects.filter(initiative=initiative).count() == 1
    entry = AuditEntry.objects.get(verb="initiative.admissibility_review")
    assert entry.data == {"from": "submitted", "to": "admissibility_review"}


def test_a_withdrawn_signature_is_audited_with_the_count_after_it():
    # given a resident who signed a collecting initiative
    initiative = CitizenInitiativeFactory(collecting=True)
    resident = ResidentFactory()
    signature_add(initiative=initiative, resident=resident)
    # when she withdraws, then withdraws again
    signature_withdraw(initiative=initiative, resident=resident)
    with pytest.raises(InvalidTransition) as refused:
        signature_withdraw(initiative=initiative, resident=resident)
    # then one withdrawal, audited with the count the initiative now shows
    initiative.refresh_from_db()
    assert refused.value.code == "not_signed"
    assert Signature.objects.get(resident=resident).status == "withdrawn"
    entry = AuditEntry.objects.get(verb="initiative.signature_withdrawn")
    assert entry.data["count"] == initiative.signature_count == 0
    assert (entry.data["from"], entry.data["to"]) == ("valid", "withdrawn")


def test_initiative_pages_receive_the_capabilities_the_clock_leaves(client, clerk):
    # given a collecting initiative whose deadline has passed (the beat job has not run)
    from datetime import timedelta

    from django.utils import timezone

    initiative = CitizenInitiativeFactory(collecting=True)
    CitizenInitiative.objects.filter(pk=initiative.pk).update(
        collection_deadline=timezone.now() - timedelta(hours=1))
    initiative.refresh_from_db()
    client.force_login(clerk)
    # when the clerk opens its signatures page
    response = client.get(reverse("petitions_web:signatures", args=[initiative.pk]))
    # then paper signatures are no longer offered, invalidations still are
    can = response.context["can"]
    assert can == petition_policies.initiative_capabilities(initiative)
    assert "record_paper_signature" not in can and "invalidate_signature" in can

"""Capability matrix generated from `states.CAPABILITIES`: a new status forces a decision."""

import pytest

from civic.errors import DomainError
from civic.tests.factories import ResidentFactory
from petitions import states
from petitions.services.drafting import initiative_withdraw
from petitions.services.signatures import signature_add
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db

TRAIT = {
    "draft": {}, "submitted": {"submitted": True}, "admissibility_review": {"in_review": True},
    "collecting": {"collecting": True}, "threshold_reached": {"threshold_reached": True},
    "expired": {"expired": True}, "scheduled": {"scheduled": True}, "voted": {"voted": True},
    "answered": {"answered": True}, "withdrawn": {"withdrawn": True},
    "refused": {"refused": True},
}


def test_every_status_has_a_factory_trait_and_capabilities():
    # given / when / then
    assert set(TRAIT) == set(states.Status.values) == set(states.CAPABILITIES)


@pytest.mark.parametrize("status", states.Status.values)
def test_signing_is_possible_exactly_in_the_statuses_with_the_sign_capability(charter, status):
    # given an initiative in `status` (threshold high enough not to close on this signature)
    initiative = CitizenInitiativeFactory(charter=charter, **TRAIT[status])
    initiative.signature_threshold = 50
    initiative.save(update_fields=["signature_threshold"])
    # when a verified adult resident signs
    try:
        signature_add(initiative=initiative, resident=ResidentFactory())
        signed = True
    except DomainError:
        signed = False
    # then
    assert signed == states.can(status, "sign")


@pytest.mark.parametrize("status", states.Status.values)
def test_withdrawal_by_the_lead_is_possible_exactly_where_the_charter_allows_it(
    charter, resident, status
):
    # given an initiative in `status` led by `resident`
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          **TRAIT[status])
    # when the lead withdraws it
    try:
        initiative_withdraw(initiative=initiative, actor=resident.user, reason="Motif")
        withdrawn = True
    except DomainError:
        withdrawn = False
    # then
    assert withdrawn == states.can(status, "withdraw")

"""Clerks correct a sitting body's details and rules, and dissolve it with a reason once
nothing of it is under way: each act audited, the members told of the dissolution."""

from datetime import date

import pytest

from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from commissions.models import Commission, Membership
from commissions.services.bodies import commission_dissolve, commission_update
from commissions.tests.factories import (
    CommissionFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberCallFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def test_a_body_is_renamed_and_its_rules_corrected_the_old_values_audited(clerk, commission):
    # when
    commission_update(commission=commission, actor=clerk, name="Sécurité et prévention",
                      theme="Tranquillité publique", description="Se réunit chaque trimestre.",
                      mandate_end=date(2031, 12, 31), quorum_percent=40)
    # then
    commission.refresh_from_db()
    assert (commission.name, commission.quorum_percent, commission.mandate_end) == (
        "Sécurité et prévention", 40, date(2031, 12, 31))
    assert commission.slug == "securite"  # links already given out keep working
    entry = AuditEntry.objects.get(verb="commission.updated")
    assert entry.actor == clerk
    assert entry.data["before"]["name"] == "Sécurité et tranquillité"


def test_a_correction_keeps_to_the_councils_mandate_and_the_kinds_rules(clerk, commission):
    with pytest.raises(DomainError) as beyond:
        commission_update(commission=commission, actor=clerk, name=commission.name,
                          mandate_end=date(2040, 1, 1))
    assert beyond.value.field == "mandate_end"
    committee = CommissionFactory(council=commission.council, kind="facility_committee",
                                  facility="Médiathèque", name="Usagers de la médiathèque")
    with pytest.raises(DomainError) as no_facility:
        commission_update(commission=committee, actor=clerk, name=committee.name, facility="")
    assert no_facility.value.field == "facility"
    with pytest.raises(NotPermitted):
        commission_update(commission=commission, actor=ResidentFactory().user, name="Pirate")


def test_dissolving_ends_every_mandate_and_tells_the_members_the_reason(clerk, commission,
                                                                       residents_college):
    # given two sitting members
    members = [MembershipFactory(seat_group=residents_college) for _ in range(2)]
    # when
    commission_dissolve(commission=commission, actor=clerk,
                        reason="Fusion avec la commission prévention")
    # then
    commission.refresh_from_db()
    assert commission.status == Commission.Status.DISSOLVED
    assert set(Membership.objects.filter(pk__in=[m.pk for m in members])
               .values_list("status", flat=True)) == {"ended"}
    told = Notification.objects.filter(kind="commission_dissolved", channel="in_app")
    assert {n.recipient for n in told} == {m.member for m in members}
    assert "Fusion avec la commission prévention" in told.first().body
    entry = AuditEntry.objects.get(verb="commission.dissolved")
    assert entry.data == {"from": "active", "to": "dissolved",
                          "reason": "Fusion avec la commission prévention"}
    with pytest.raises(InvalidTransition):
        commission_dissolve(commission=commission, actor=clerk, reason="Encore")
    with pytest.raises(InvalidTransition):
        commission_update(commission=commission, actor=clerk, name="Renaître")


@pytest.mark.parametrize("running", ["call", "consultation", "meeting"])
def test_a_body_with_a_call_consultation_or_meeting_under_way_is_not_dissolved(
        clerk, commission, residents_college, running):
    if running == "call":
        MemberCallFactory(seat_group=residents_college)
    elif running == "consultation":
        ConsultationFactory(commission=commission, opened=True)
    else:
        MeetingFactory(commission=commission)
    with pytest.raises(Conflict):
        commission_dissolve(commission=commission, actor=clerk, reason="Fin")
    commission.refresh_from_db()
    assert commission.status == Commission.Status.ACTIVE


def test_a_dissolution_needs_a_reason(clerk, commission):
    with pytest.raises(DomainError) as refused:
        commission_dissolve(commission=commission, actor=clerk, reason="")
    assert refused.value.field == "reason"

"""The register of a facility's users: asked, confirmed or recorded by a clerk, ended; audited."""

import pytest

from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from commissions.models import FacilityRegistration
from commissions.services.facility_users import (
    facility_registration_confirm,
    facility_registration_end,
    facility_registration_request,
)
from commissions.tests.factories import CommissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return CommissionFactory(kind="facility_committee", facility="Maison des Adolescents")


def _verbs() -> list[str]:
    return list(AuditEntry.objects.filter(verb__startswith="commission.facility_registration")
                .order_by("pk").values_list("verb", flat=True))


def test_a_request_waits_for_a_clerk_who_confirms_it_and_the_person_is_told(committee, clerk):
    # given a resident asking to be registered
    user = ResidentFactory().user
    request = facility_registration_request(commission=committee, user=user)
    assert request.status == "pending"
    # when a clerk confirms it
    registration = facility_registration_confirm(commission=committee, user=user, actor=clerk)
    # then it is confirmed by that clerk, both steps are audited and the person is notified
    assert (registration.pk, registration.status, registration.confirmed_by) == (
        request.pk, "confirmed", clerk)
    assert _verbs() == ["commission.facility_registration_requested",
                        "commission.facility_registration_confirmed"]
    assert Notification.objects.filter(recipient=user, kind="facility_registration").exists()


def test_a_clerk_registers_someone_directly_once(committee, clerk):
    # given a person registered at the desk
    user = ResidentFactory().user
    facility_registration_confirm(commission=committee, user=user, actor=clerk)
    # when the clerk registers them again, and they ask online
    with pytest.raises(Conflict) as twice:
        facility_registration_confirm(commission=committee, user=user, actor=clerk)
    with pytest.raises(Conflict) as asked:
        facility_registration_request(commission=committee, user=user)
    # then both are refused and one confirmed registration remains
    assert (twice.value.code, asked.value.code) == ("already_registered", "already_requested")
    assert FacilityRegistration.objects.get().status == "confirmed"


def test_the_person_or_a_clerk_ends_a_registration_and_it_can_be_asked_again(committee, clerk):
    # given a confirmed registration
    user = ResidentFactory().user
    registration = facility_registration_confirm(commission=committee, user=user, actor=clerk)
    # when someone else tries to end it, then the person does
    with pytest.raises(NotPermitted):
        facility_registration_end(registration=registration, actor=ResidentFactory().user)
    ended = facility_registration_end(registration=registration, actor=user)
    # then it ended once, and a new request starts over as pending
    assert ended.status == "ended" and ended.ended_at is not None
    with pytest.raises(InvalidTransition):
        facility_registration_end(registration=ended, actor=clerk)
    again = facility_registration_request(commission=committee, user=user)
    assert (again.pk, again.status, again.confirmed_by) == (registration.pk, "pending", None)


def test_only_a_facility_committee_keeps_a_register(clerk):
    # given an extra-municipal commission
    commission = CommissionFactory()
    # when a resident asks to be registered there, or a clerk registers someone
    with pytest.raises(DomainError) as asked:
        facility_registration_request(commission=commission, user=ResidentFactory().user)
    with pytest.raises(DomainError) as recorded:
        facility_registration_confirm(commission=commission, user=ResidentFactory().user,
                                      actor=clerk)
    # then both are refused
    assert {asked.value.code, recorded.value.code} == {"not_a_facility_committee"}
    assert not FacilityRegistration.objects.exists()


def test_only_staff_confirm_a_registration(committee, resident):
    # given a resident's own request
    facility_registration_request(commission=committee, user=resident.user)
    # when the resident confirms it themselves
    with pytest.raises(NotPermitted):
        facility_registration_confirm(commission=committee, user=resident.user,
                                      actor=resident.user)
    # then it stays pending
    assert FacilityRegistration.objects.get().status == "pending"

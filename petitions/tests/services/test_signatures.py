from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.errors import Conflict, DomainError, InvalidTransition, NotEligible, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative, Signature
from petitions.services.signatures import (
    signature_add,
    signature_invalidate,
    signature_record_paper,
    signature_withdraw,
)
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def test_signature_add_counts_the_signature(collecting):
    # given a verified adult resident
    signer = ResidentFactory()
    # when they sign
    signature = signature_add(initiative=collecting, resident=signer, show_name=True)
    # then the public count is 1 and their name may be shown
    collecting.refresh_from_db()
    assert collecting.signature_count == 1
    assert signature.show_name and signature.channel == Signature.Channel.ONLINE


def test_signature_add_refuses_a_second_signature_by_the_same_resident(collecting):
    # given a signer
    signer = ResidentFactory()
    signature_add(initiative=collecting, resident=signer)
    # when / then
    with pytest.raises(Conflict):
        signature_add(initiative=collecting, resident=signer)
    collecting.refresh_from_db()
    assert collecting.signature_count == 1


@pytest.mark.parametrize(("traits", "code"), [
    ({"unverified": True}, "not_verified"),
    ({"minor": True}, "too_young"),
    ({"outsider": True}, "not_resident"),
])
def test_signature_add_refuses_an_ineligible_resident_with_a_clear_reason(
    collecting, traits, code
):
    # given an unverified, under-age or non-resident signer
    signer = ResidentFactory(**traits)
    # when / then the refusal names the unmet condition in French
    with pytest.raises(NotEligible) as exc:
        signature_add(initiative=collecting, resident=signer)
    assert exc.value.code == code
    assert str(exc.value.message)


def test_signature_add_applies_the_charter_minimum_age(charter):
    # given a charter where signers must be 18 and a 17-year-old
    charter.min_signer_age = 18
    charter.save()
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True)
    today = timezone.localdate()
    signer = ResidentFactory(date_of_birth=today.replace(year=today.year - 17))
    # when / then
    with pytest.raises(NotEligible) as refused:
        signature_add(initiative=initiative, resident=signer)
    assert refused.value.code == "too_young"


def test_signature_add_refuses_a_resident_over_the_yearly_limit(charter):
    # given a resident who signed 5 initiatives this year (the charter's limit)
    signer = ResidentFactory()
    for _ in range(5):
        signature_add(initiative=CitizenInitiativeFactory(charter=charter, collecting=True),
                      resident=signer)
    # when they sign a sixth
    sixth = CitizenInitiativeFactory(charter=charter, collecting=True)
    # then they are refused, with the limit in the message
    with pytest.raises(NotEligible) as exc:
        signature_add(initiative=sixth, resident=signer)
    assert exc.value.code == "yearly_limit_reached"
    assert "5" in str(exc.value.message)


def test_signature_add_refuses_an_expired_initiative(charter):
    # given an expired initiative
    initiative = CitizenInitiativeFactory(charter=charter, expired=True)
    # when / then
    with pytest.raises(InvalidTransition):
        signature_add(initiative=initiative, resident=ResidentFactory())


def test_signature_add_refuses_once_the_deadline_passed_even_before_the_task_ran(collecting):
    # given a collection whose deadline has passed, still marked collecting
    signer = ResidentFactory()
    # when / then
    with time_machine.travel(collecting.collection_deadline + timedelta(minutes=1)):
        with pytest.raises(InvalidTransition) as exc:
            signature_add(initiative=collecting, resident=signer)
    assert exc.value.code == "collection_closed"


def test_signature_withdraw_uncounts_and_the_resident_may_sign_again(collecting):
    # given a signer
    signer = ResidentFactory()
    signature_add(initiative=collecting, resident=signer)
    # when they withdraw
    signature_withdraw(initiative=collecting, resident=signer)
    collecting.refresh_from_db()
    # then the count drops; signing again counts again
    assert collecting.signature_count == 0
    signature_add(initiative=collecting, resident=signer)
    collecting.refresh_from_db()
    assert collecting.signature_count == 1
    assert Signature.objects.filter(initiative=collecting).count() == 1


def test_signature_withdraw_without_a_signature_is_refused(collecting):
    # given / when / then
    with pytest.raises(InvalidTransition):
        signature_withdraw(initiative=collecting, resident=ResidentFactory())


def test_signature_record_paper_is_audited_with_the_clerk(collecting, clerk):
    # given a resident without internet
    signer = ResidentFactory()
    # when a clerk records their paper signature
    signature = signature_record_paper(initiative=collecting, resident=signer, recorded_by=clerk)
    # then it counts, records the clerk, is audited and confirmed to the signer by e-mail
    assert signature.channel == Signature.Channel.PAPER and signature.recorded_by == clerk
    entry = AuditEntry.objects.get(verb="initiative.signed")
    assert entry.actor == clerk and entry.data["channel"] == "paper"
    assert Notification.objects.filter(recipient=signer.user, channel="email",
                                       kind="initiative_signature_received").exists()


def test_signature_record_paper_is_refused_to_a_resident(collecting, resident):
    # given / when / then
    with pytest.raises(NotPermitted):
        signature_record_paper(initiative=collecting, resident=ResidentFactory(),
                               recorded_by=resident.user)


def test_reaching_the_threshold_closes_collection_once_and_tells_signers(collecting):
    # given an initiative needing 3 signatures
    signers = [ResidentFactory() for _ in range(3)]
    # when the third resident signs
    for signer in signers:
        signature_add(initiative=collecting, resident=signer)
    # then the threshold is reached once, with the council's clock set, and signers are told
    collecting.refresh_from_db()
    assert collecting.status == S.THRESHOLD_REACHED
    assert collecting.schedule_due_by == timezone.localdate() + timedelta(days=30)
    assert collecting.transitions.filter(to_status=S.THRESHOLD_REACHED).count() == 1
    told = Notification.objects.filter(kind="initiative_threshold_reached", channel="in_app")
    assert {n.recipient_id for n in told} >= {s.user_id for s in signers}
    with pytest.raises(InvalidTransition):
        signature_add(initiative=collecting, resident=ResidentFactory())


def test_signature_invalidate_uncounts_and_reopens_collection_below_threshold(collecting, clerk):
    # given an initiative that reached its threshold of 3
    signatures = [signature_add(initiative=collecting, resident=ResidentFactory())
                  for _ in range(3)]
    # when a clerk invalidates one signature against the roll
    signature_invalidate(signature=signatures[0], actor=clerk, reason="Absent de la liste")
    # then it no longer counts and collection resumes
    collecting.refresh_from_db()
    assert collecting.signature_count == 2
    assert collecting.status == S.COLLECTING
    signatures[0].refresh_from_db()
    assert signatures[0].status == Signature.Status.INVALIDATED


def test_signature_invalidate_requires_a_reason(collecting, clerk):
    # given a signature
    signature = signature_add(initiative=collecting, resident=ResidentFactory())
    # when / then
    with pytest.raises(DomainError) as exc:
        signature_invalidate(signature=signature, actor=clerk, reason="")
    assert exc.value.field == "reason"


def test_an_invalidated_signer_cannot_sign_again(collecting, clerk):
    # given an invalidated signature
    signer = ResidentFactory()
    signature = signature_add(initiative=collecting, resident=signer)
    signature_invalidate(signature=signature, actor=clerk, reason="Doublon")
    # when / then
    with pytest.raises(Conflict):
        signature_add(initiative=collecting, resident=signer)

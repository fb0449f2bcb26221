from datetime import timedelta

import pytest
from django.utils import timezone

from civic.errors import DomainError, NotPermitted
from civic.models import AuditEntry, Notification
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_announce,
    council_decision_correct,
    council_decision_record,
    council_session_create,
)
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(council, neighbourhood, clerk):
    """'Adopted, 40 for, 3 against, 2 abstentions', recorded an hour after the session opened."""
    session = council_session_create(council=council, starts_at=timezone.now() - timedelta(hours=3),
                                     place="Salle du conseil", actor=clerk)
    item = agenda_item_submit(source=neighbourhood, title="Bancs place de la Mairie",
                              actor=clerk, council=council)
    agenda_item_schedule(item=item, session=session, actor=clerk)
    return council_decision_record(
        item=item, outcome="adopted", votes_for=40, votes_against=3, abstentions=2,
        reference="2026-DEL-101", text="Le conseil adopte.",
        decided_at=session.starts_at + timedelta(hours=1), actor=clerk)


def _announce(decision, recipients):
    council_decision_announce(
        decision=decision, recipients=recipients, kind="initiative_voted",
        subject="Vote du conseil municipal", body="Adoptée ({votes_for} pour).",
        params={"votes_for": decision.votes_for}, url="/initiatives/1/")


def test_a_correction_keeps_the_previous_values_in_the_audit_entry_and_the_history(
    decision, clerk
):
    # given a decision typed with the wrong counts
    # when a clerk corrects it with a reason
    corrected = council_decision_correct(
        decision=decision, actor=clerk, votes_for=30, votes_against=13,
        reason="Erreur de saisie : 30 voix pour et 13 contre.")
    # then the decision holds the right counts
    corrected.refresh_from_db()
    assert (corrected.votes_for, corrected.votes_against, corrected.abstentions) == (30, 13, 2)
    # and the audit entry keeps the previous values, the new ones and the reason
    entry = AuditEntry.objects.get(verb="council.decision_corrected")
    assert entry.data["previous"] == {"votes_for": 40, "votes_against": 3}
    assert entry.data["corrected"] == {"votes_for": 30, "votes_against": 13}
    assert entry.data["reason"] == "Erreur de saisie : 30 voix pour et 13 contre."
    assert entry.actor == clerk
    # and the public history lists the correction with its reason and what it replaced
    correction = corrected.corrections.get()
    assert correction.reason == "Erreur de saisie : 30 voix pour et 13 contre."
    assert correction.previous == {"votes_for": 40, "votes_against": 3}
    assert correction.corrected_by == clerk


def test_a_correction_tells_again_everyone_the_decision_was_announced_to(decision, clerk):
    # given the decision was announced to two signers, and a third resident was never told
    told = [ResidentFactory().user, ResidentFactory().user]
    stranger = ResidentFactory().user
    _announce(decision, told)
    # when a clerk corrects the outcome
    council_decision_correct(decision=decision, actor=clerk, outcome="rejected", votes_for=3,
                             votes_against=40, reason="Le vote a été inversé à la saisie.")
    # then the same two people get the correction, in the app and by e-mail, and it says what
    notices = Notification.objects.filter(kind="council_decision_corrected")
    assert {n.recipient for n in notices.filter(channel="in_app")} == set(told)
    assert {n.recipient for n in notices.filter(channel="email")} == set(told)
    body = notices.first().body
    assert "2026-DEL-101" in body and "rejetée" in body and "3 pour" in body
    assert "40 pour" in body and "Le vote a été inversé à la saisie." in body
    assert notices.first().url == "/initiatives/1/"
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_a_second_correction_tells_the_same_people_again(decision, clerk):
    # given an announced decision already corrected once
    told = [ResidentFactory().user]
    _announce(decision, told)
    council_decision_correct(decision=decision, actor=clerk, abstentions=1, reason="Une absence.")
    # when it is corrected again
    council_decision_correct(decision=decision, actor=clerk, abstentions=0,
                             reason="Deux absences en réalité.")
    # then each correction reached them once, and the history has both
    assert Notification.objects.filter(kind="council_decision_corrected", channel="in_app",
                                       recipient=told[0]).count() == 2
    assert list(decision.corrections.values_list("reason", flat=True)) == [
        "Une absence.", "Deux absences en réalité."]


def test_a_correction_needs_a_reason_and_a_change(decision, clerk):
    # when the reason is blank, or nothing changes
    with pytest.raises(DomainError) as no_reason:
        council_decision_correct(decision=decision, actor=clerk, votes_for=41, votes_against=2,
                                 reason="   ")
    with pytest.raises(DomainError) as no_change:
        council_decision_correct(decision=decision, actor=clerk, votes_for=40,
                                 reason="Relecture.")
    # then both are refused, and the decision is untouched
    assert no_reason.value.field == "reason"
    assert no_change.value.code == "nothing_changed"
    decision.refresh_from_db()
    assert decision.votes_for == 40 and not decision.corrections.exists()


def test_a_correction_checks_the_counts_against_the_seats(decision, clerk):
    # when the corrected counts exceed the council's 45 seats
    with pytest.raises(DomainError) as refused:
        council_decision_correct(decision=decision, actor=clerk, votes_for=1000,
                                 reason="Correction.")
    # then it is refused on the field
    assert refused.value.field == "votes_for"
    assert not AuditEntry.objects.filter(verb="council.decision_corrected").exists()


def test_a_correction_cannot_date_the_vote_in_the_future(decision, clerk):
    # when / then
    with pytest.raises(DomainError) as refused:
        council_decision_correct(decision=decision, actor=clerk, reason="Heure.",
                                 decided_at=timezone.now() + timedelta(days=21))
    assert refused.value.field == "decided_at"


def test_a_councillor_cannot_correct_a_decision(decision, councillor):
    # when / then
    with pytest.raises(NotPermitted):
        council_decision_correct(decision=decision, actor=councillor, votes_for=30,
                                 votes_against=13, reason="Je préfère ce chiffre.")
    decision.refresh_from_db()
    assert decision.votes_for == 40

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from civic.models import AuditEntry, Notification
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_announce,
    council_decision_record,
    council_session_create,
)
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(council, neighbourhood, clerk):
    """'Adopted, 40 for', recorded during a session that opened three hours ago."""
    session = council_session_create(council=council, starts_at=timezone.now() - timedelta(hours=3),
                                     place="Salle du conseil", actor=clerk)
    item = agenda_item_submit(source=neighbourhood, title="Bancs place de la Mairie",
                              actor=clerk, council=council)
    agenda_item_schedule(item=item, session=session, actor=clerk)
    return council_decision_record(
        item=item, outcome="adopted", votes_for=40, votes_against=3, abstentions=2,
        reference="2026-DEL-101", text="Le conseil adopte.",
        decided_at=session.starts_at + timedelta(hours=1), actor=clerk)


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_clerk_corrects_a_decision_and_anyone_reads_the_correction(decision, clerk):
    # given the vote was announced to a signer
    signer = ResidentFactory().user
    council_decision_announce(decision=decision, recipients=[signer], kind="initiative_voted",
                              subject="Vote", body="Adoptée.", url="/initiatives/1/")
    # when a clerk corrects the counts through the API
    response = _client(clerk).post(f"/api/v1/council/decisions/{decision.pk}/correct/", {
        "votes_for": 30, "votes_against": 13, "reason": "Erreur de saisie."}, format="json")
    # then the decision reads corrected, with its history, for anyone
    assert response.status_code == 200
    public = _client().get(f"/api/v1/council/decisions/{decision.pk}/").json()
    assert (public["votes_for"], public["votes_against"]) == (30, 13)
    assert public["corrections"][0]["reason"] == "Erreur de saisie."
    assert public["corrections"][0]["previous"] == {"votes_for": 40, "votes_against": 3}
    # and it is audited and the signer is told again
    assert AuditEntry.objects.filter(verb="council.decision_corrected").count() == 1
    assert Notification.objects.filter(recipient=signer, kind="council_decision_corrected",
                                       channel="in_app").exists()


@pytest.mark.parametrize("persona", ["councillor", "resident", "anonymous"])
def test_only_clerks_may_correct_a_decision_through_the_api(decision, councillor, resident,
                                                          persona):
    # given someone who is not a clerk
    user = {"councillor": councillor, "resident": resident.user, "anonymous": None}[persona]
    # when they try to correct the decision
    response = _client(user).post(f"/api/v1/council/decisions/{decision.pk}/correct/", {
        "votes_for": 30, "votes_against": 13, "reason": "Je préfère ce chiffre."},
        format="json")
    # then they are refused and the decision is unchanged
    assert response.status_code == (401 if user is None else 403)
    decision.refresh_from_db()
    assert decision.votes_for == 40


def test_a_correction_beyond_the_seats_or_without_reason_is_a_400_on_the_field(decision, clerk):
    # when the clerk sends 1000 votes for, then a correction without a reason
    too_many = _client(clerk).post(f"/api/v1/council/decisions/{decision.pk}/correct/", {
        "votes_for": 1000, "reason": "Correction."}, format="json")
    no_reason = _client(clerk).post(f"/api/v1/council/decisions/{decision.pk}/correct/", {
        "votes_for": 30, "votes_against": 13}, format="json")
    # then each names its field
    assert too_many.status_code == 400 and "45" in too_many.json()["fields"]["votes_for"][0]
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    assert not AuditEntry.objects.filter(verb="council.decision_corrected").exists()

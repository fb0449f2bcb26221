from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from civic.models import CouncilSession
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_list_shows_the_public_only_public_initiatives_and_filters_them(charter, neighbourhood):
    # given a draft, a collecting initiative in the centre and a refused one
    CitizenInitiativeFactory(charter=charter, title="Brouillon secret")
    CitizenInitiativeFactory(charter=charter, collecting=True, neighbourhood=neighbourhood,
                             title="Des arbres rue d'Avéjan")
    CitizenInitiativeFactory(charter=charter, refused=True, title="Baisser la TVA")
    # when an anonymous visitor lists them, by state, by words and by neighbourhood
    everything = client_for().get("/api/v1/initiatives/").json()
    collecting = client_for().get("/api/v1/initiatives/?status=collecting").json()
    words = client_for().get("/api/v1/initiatives/?q=arbres").json()
    centre = client_for().get("/api/v1/initiatives/?neighbourhood=centre-ville").json()
    # then the draft is hidden and the filters apply
    assert {i["title"] for i in everything["results"]} == {"Des arbres rue d'Avéjan",
                                                          "Baisser la TVA"}
    assert [i["status"] for i in collecting["results"]] == ["collecting"]
    assert [i["neighbourhood"] for i in words["results"]] == ["centre-ville"]
    assert centre["count"] == 1


def test_a_draft_is_not_found_for_other_people(draft):
    # given / when
    response = client_for(ResidentFactory().user).get(f"/api/v1/initiatives/{draft.pk}/")
    # then
    assert response.status_code == 404


def test_create_returns_per_field_errors_in_french(charter, resident):
    # given / when a resident posts an initiative without its operative text
    response = client_for(resident.user).post(
        "/api/v1/initiatives/", {"title": "Un titre", "reasons": "Des motifs"})
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "operative_text" in response.json()["fields"]


def test_create_refuses_control_characters_next_to_the_field(charter, resident):
    # given / when
    response = client_for(resident.user).post("/api/v1/initiatives/", {
        "title": "Titre\x07", "reasons": "r", "operative_text": "t"})
    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {"title": ["Ce texte contient des caractères non "
                                                   "autorisés."]}


def test_sign_twice_is_a_conflict_and_unverified_signers_get_the_reason(collecting):
    # given a verified and an unverified resident
    signer, unverified = ResidentFactory(), ResidentFactory(unverified=True)
    url = f"/api/v1/initiatives/{collecting.pk}/sign/"
    # when they sign
    first = client_for(signer.user).post(url, {"show_name": True})
    second = client_for(signer.user).post(url, {})
    refused = client_for(unverified.user).post(url, {})
    # then
    assert first.status_code == 201 and first.json()["show_name"] is True
    assert second.status_code == 409 and second.json()["code"] == "already_signed"
    assert refused.status_code == 403 and refused.json()["code"] == "not_verified"
    signers = client_for().get(f"/api/v1/initiatives/{collecting.pk}/signers/").json()
    assert [s["name"] for s in signers["results"]] == [str(signer.user)]


def test_paper_signatures_and_csv_export_are_for_clerks_only(collecting, clerk, resident):
    # given a resident without internet
    signer = ResidentFactory(user__last_name="Sabatier")
    url = f"/api/v1/initiatives/{collecting.pk}/paper-signatures/"
    # when a resident, then a clerk, records the paper signature
    denied = client_for(resident.user).post(url, {"resident": signer.pk})
    recorded = client_for(clerk).post(url, {"resident": signer.pk})
    # then only the clerk may, and the CSV export lists it with the clerk who recorded it
    assert denied.status_code == 403
    assert recorded.status_code == 201 and recorded.json()["channel"] == "paper"
    csv_url = f"/api/v1/initiatives/{collecting.pk}/signatures.csv"
    assert client_for(resident.user).get(csv_url).status_code == 403
    export = client_for(clerk).get(csv_url)
    body = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "Sabatier" in body and clerk.email in body


def test_invalidate_signature_needs_a_reason(collecting, clerk):
    # given a signature
    signer = ResidentFactory()
    signature_id = client_for(signer.user).post(
        f"/api/v1/initiatives/{collecting.pk}/sign/", {}).json()["id"]
    url = f"/api/v1/initiatives/signatures/{signature_id}/invalidate/"
    # when / then
    assert client_for(clerk).post(url, {}).status_code == 400
    response = client_for(clerk).post(url, {"reason": "Inconnu de la liste électorale"})
    assert response.status_code == 200 and response.json()["status"] == "invalidated"


def test_the_whole_life_cycle_through_the_api(charter, resident, clerk, council):
    # given a resident and a co-promoter
    friend = ResidentFactory()
    me, co, agent = client_for(resident.user), client_for(friend.user), client_for(clerk)
    # when they draft, invite, confirm and submit
    pk = me.post("/api/v1/initiatives/", {
        "title": "Rénovation des aires de jeux de Tamaris", "reasons": "Jeux vétustes.",
        "operative_text": "Rénover les deux aires de jeux."}).json()["id"]
    assert me.post(f"/api/v1/initiatives/{pk}/promoters/",
                   {"email": friend.user.email}).status_code == 202
    invitation = next(i for i in co.get("/api/v1/initiatives/mine/").json()["results"]
                      if i["initiative"] == pk)
    co.post(f"/api/v1/initiatives/invitations/{invitation['id']}/respond/", {"accept": True})
    assert me.post(f"/api/v1/initiatives/{pk}/submit/").json()["status"] == "submitted"
    # and a clerk reviews and admits it, and three residents sign
    agent.post(f"/api/v1/initiatives/{pk}/review/")
    admitted = agent.post(f"/api/v1/initiatives/{pk}/admit/", {"reasons": "Compétence communale."})
    assert admitted.json()["status"] == "collecting"
    for _ in range(3):
        client_for(ResidentFactory().user).post(f"/api/v1/initiatives/{pk}/sign/", {})
    due = agent.get("/api/v1/initiatives/due/").json()
    assert [i["id"] for i in due["results"]] == [pk]
    # and the clerk schedules it, records the vote and the answer
    session = CouncilSession.objects.create(council=council,
                                            starts_at=timezone.now() + timedelta(days=5))
    agent.post(f"/api/v1/initiatives/{pk}/schedule/", {"session": session.pk})
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        vote = agent.post(f"/api/v1/initiatives/{pk}/vote/", {
            "outcome": "adopted", "votes_for": 35, "votes_against": 4, "abstentions": 0,
            "reference": "2026-DEL-087", "text": "Adoptée.",
            "decided_at": timezone.now().isoformat()})
        answered = agent.post(f"/api/v1/initiatives/{pk}/answer/",
                              {"answer": "Travaux en juin."})
    # then the public page shows the whole story
    assert vote.status_code == 201
    detail = client_for().get(f"/api/v1/initiatives/{pk}/").json()
    assert answered.json()["status"] == detail["status"] == "answered"
    assert detail["decision"]["reference"] == "2026-DEL-087"
    assert [step["to_status"] for step in detail["timeline"]] == [
        "submitted", "admissibility_review", "collecting", "threshold_reached", "scheduled",
        "voted", "answered"]
    assert detail["promoters"] == [str(resident.user), str(friend.user)]


def test_staff_endpoints_refuse_residents(collecting, resident):
    # given / when / then
    response = client_for(resident.user).post(f"/api/v1/initiatives/{collecting.pk}/answer/",
                                              {"answer": "x"})
    assert response.status_code == 403


def test_charter_publish_is_for_administrators_and_keeps_earlier_initiatives_on_theirs(
    charter, administrator, resident, draft
):
    # given a draft under the current charter
    payload = {"name": "Charte révisée", "min_promoters": 5, "threshold_kind": "absolute",
               "threshold_absolute": 1200}
    # when a resident, then an administrator, publishes a new version
    denied = client_for(resident.user).post("/api/v1/initiative-charters/", payload)
    published = client_for(administrator).post("/api/v1/initiative-charters/", payload)
    # then only the administrator may; the new version is current; the draft keeps its own
    assert denied.status_code == 403
    assert published.status_code == 201
    current = client_for().get("/api/v1/initiative-charters/current/").json()
    assert current["version"] == charter.version + 1 and current["signature_threshold"] == 1200
    assert current["min_signer_age"] == charter.min_signer_age
    draft.refresh_from_db()
    assert draft.charter == charter


def test_schema_documents_the_initiative_endpoints(client):
    # given / when
    schema = client.get("/api/schema/").content.decode()
    # then
    assert "/api/v1/initiatives/{id}/sign/" in schema
    assert "/api/v1/initiative-charters/" in schema


def test_vote_api_refuses_counts_beyond_the_seats_per_field_and_a_session_not_yet_open(
    charter, clerk
):
    # given an initiative on the agenda of a session three weeks ahead
    initiative = CitizenInitiativeFactory(charter=charter, scheduled=True)
    session = initiative.agenda_item.session
    CouncilSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + timedelta(days=21))
    agent = client_for(clerk)
    vote = {"outcome": "adopted", "votes_for": 1000, "votes_against": 0, "abstentions": 0,
            "reference": "2026-DEL-300", "text": "Adoptée.",
            "decided_at": timezone.now().isoformat()}
    # when the clerk sends 1000 votes for, 46 abstentions, then plausible counts too early
    too_many = agent.post(f"/api/v1/initiatives/{initiative.pk}/vote/", vote)
    over_total = agent.post(f"/api/v1/initiatives/{initiative.pk}/vote/",
                            {**vote, "votes_for": 0, "abstentions": 46, "outcome": "rejected"})
    too_early = agent.post(f"/api/v1/initiatives/{initiative.pk}/vote/",
                           {**vote, "votes_for": 30})
    # then each count is refused on its field, and the early vote with a clear message
    assert too_many.status_code == 400 and "votes_for" in too_many.json()["fields"]
    assert "45" in too_many.json()["fields"]["votes_for"][0]
    assert over_total.status_code == 400 and "abstentions" in over_total.json()["fields"]
    assert too_early.status_code == 409
    assert too_early.json()["code"] == "session_not_started"
    initiative.refresh_from_db()
    assert initiative.status == S.SCHEDULED

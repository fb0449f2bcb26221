"""The council's sessions, agenda and decisions over the API, and the audit log for
supervisors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from civic.models import AgendaItem, AuditEntry, CouncilDecision
from civic.services.audit import audit_record, entry_hash_of
from civic.services.council import agenda_item_submit, council_session_create
from civic.tests.audit_forgery import rewrite

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_clerk_plans_a_session_schedules_an_item_and_records_the_vote_which_anyone_reads(
        council, neighbourhood, clerk):
    # given an item waiting for a session
    item = agenda_item_submit(source=neighbourhood, title="Bancs place de la Mairie",
                              actor=clerk, council=council)
    staff = _client(clerk)
    # when a clerk plans a session that opened an hour ago, schedules the item and records
    # the vote
    starts_at = timezone.now() - timedelta(hours=1)
    session = staff.post("/api/v1/council/sessions/", {"starts_at": starts_at.isoformat()})
    scheduled = staff.post(f"/api/v1/council/agenda-items/{item.pk}/schedule/",
                           {"session": session.json()["id"]})
    decided = staff.post(f"/api/v1/council/agenda-items/{item.pk}/decision/", {
        "outcome": "adopted", "votes_for": 40, "votes_against": 3, "abstentions": 2,
        "reference": "2026-DEL-7", "text": "Le conseil adopte.",
        "decided_at": (starts_at + timedelta(minutes=30)).isoformat()})
    # then each step answers what it made
    assert session.status_code == 201, session.json()
    assert session.json()["status"] == "planned"
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "scheduled"
    assert scheduled.json()["position"] == 1
    assert decided.status_code == 201 and decided.json()["votes_for"] == 40
    # and anyone reads the session with its agenda, the items and the decisions
    public = _client()
    detail = public.get(f"/api/v1/council/sessions/{session.json()['id']}/").json()
    assert [(i["title"], i["status"], i["decision"]) for i in detail["items"]] == [
        ("Bancs place de la Mairie", "decided", decided.json()["id"])]
    assert detail["items"][0]["source"] == f"civic.neighbourhood:{neighbourhood.pk}"
    items = public.get("/api/v1/council/agenda-items/", {"status": "decided"}).json()
    assert [i["id"] for i in items["results"]] == [item.pk]
    decisions = public.get("/api/v1/council/decisions/").json()
    assert [d["reference"] for d in decisions["results"]] == ["2026-DEL-7"]
    sessions = public.get("/api/v1/council/sessions/", {"upcoming": "false"}).json()
    assert [s["item_count"] for s in sessions["results"]] == [1]
    # and every write went through the audited services
    assert set(AuditEntry.objects.values_list("verb", flat=True)) >= {
        "council.session_created", "council.item_scheduled", "council.decision_recorded"}


def test_only_clerks_write_to_the_council(council, neighbourhood, resident, clerk):
    # given
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    session = council_session_create(council=council, starts_at=timezone.now(),
                                     place="Salle", actor=clerk)
    # when a resident tries
    planned = _client(resident.user).post("/api/v1/council/sessions/",
                                          {"starts_at": timezone.now().isoformat()})
    scheduled = _client(resident.user).post(
        f"/api/v1/council/agenda-items/{item.pk}/schedule/", {"session": session.pk})
    anonymous = _client().post("/api/v1/council/sessions/", {})
    # then
    assert (planned.status_code, scheduled.status_code, anonymous.status_code) == (403, 403, 401)
    assert AgendaItem.objects.get(pk=item.pk).status == "pending"
    assert not CouncilDecision.objects.exists()


def test_a_session_outside_the_mandate_and_a_second_scheduling_are_refused(
        council, neighbourhood, clerk):
    # given an item already scheduled
    session = council_session_create(council=council, starts_at=timezone.now(), place="Salle",
                                     actor=clerk)
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    staff = _client(clerk)
    staff.post(f"/api/v1/council/agenda-items/{item.pk}/schedule/", {"session": session.pk})
    # when
    again = staff.post(f"/api/v1/council/agenda-items/{item.pk}/schedule/",
                       {"session": session.pk})
    far = staff.post("/api/v1/council/sessions/", {
        "starts_at": (timezone.now() + timedelta(days=365 * 20)).isoformat()})
    # then
    assert again.status_code == 409
    assert far.status_code == 400 and far.json()["code"] == "no_council"


def test_supervisors_read_the_audit_log_and_verify_it(administrator, clerk):
    # given three entries
    for number in range(3):
        audit_record(verb="test.event", actor=clerk, data={"n": number})
    supervisor = _client(administrator)
    # when
    entries = supervisor.get("/api/v1/audit/entries/", {"verb": "test.event"})
    verified = supervisor.post("/api/v1/audit/verify/", {})
    # then
    assert entries.status_code == 200
    assert [e["data"] for e in entries.json()["results"]] == [{"n": 2}, {"n": 1}, {"n": 0}]
    assert entries.json()["results"][0]["actor"] == clerk.pk
    assert verified.json() == {"ok": True, "checked": 3, "first_broken_id": None, "reason": "",
                               "references": 0}


def test_verification_names_the_rewritten_entry_and_a_kept_head_that_no_longer_matches(
        administrator):
    # given three entries, the head kept by someone, then the second entry rewritten and
    # the chain re-sealed with the key
    entries = [audit_record(verb="test.event", actor=None, data={"n": n}) for n in range(3)]
    kept = {"entry_count": 3, "head_hash": entries[-1].entry_hash}
    rewrite(2, entry_hash_of)
    # when
    report = _client(administrator).post("/api/v1/audit/verify/", {"heads": [kept]}).json()
    # then
    assert report["ok"] is False
    assert report["first_broken_id"] == 3
    assert "no longer has the hash" in report["reason"]


def test_the_audit_log_is_for_supervisors_only(clerk, resident):
    # when
    as_clerk = _client(clerk).get("/api/v1/audit/entries/")
    as_resident = _client(resident.user).post("/api/v1/audit/verify/", {})
    anonymous = _client().get("/api/v1/audit/entries/")
    # then
    assert (as_clerk.status_code, as_resident.status_code, anonymous.status_code) == (
        403, 403, 401)
    assert as_clerk.json()["message"] == "Réservé aux superviseurs."

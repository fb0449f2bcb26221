"""Webhooks over the API: registering a URL, the events it receives (signed), what a client
may not register, and each account seeing only its own webhooks."""

import pytest
from rest_framework.test import APIClient

from civic.models import AuditEntry, WebhookDelivery, WebhookSubscription
from civic.personal_data import export
from civic.services.audit import audit_record
from civic.services.personal_data import account_erase
from civic.services.webhooks import webhook_deliver, webhook_deliver_due
from civic.tests.factories import ResidentFactory
from commissions.services.meetings import meeting_cancel
from commissions.tests.factories import MeetingFactory, OpinionFactory
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    server = Receiver()
    server.start()
    yield server
    server.stop()


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _register(user, url, events):
    return _client(user).post("/api/v1/webhooks/", {"url": url, "events": events})


def test_a_registered_url_receives_a_meeting_change_signed_with_its_secret(
        resident, clerk, receiver, django_capture_on_commit_callbacks):
    # given
    created = _register(resident.user, receiver.url, ["meeting.changed"])
    meeting = MeetingFactory()
    # when a clerk cancels the meeting (the delivery runs after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, actor=clerk, reason="Salle indisponible")
    # then the receiver got the event, signed, naming the meeting and where to read it
    assert created.status_code == 201
    [received] = receiver.received
    assert received.signed_with(created.json()["secret"])
    assert received.json["event"] == "meeting.changed"
    assert received.json["change"] == "cancelled"
    assert received.json["object"]["id"] == meeting.pk
    assert received.json["object"]["url"].endswith(f"/api/v1/meetings/{meeting.pk}/")
    deliveries = _client(resident.user).get(
        f"/api/v1/webhooks/{created.json()['id']}/deliveries/").json()["results"]
    assert [(d["status"], d["attempts"]) for d in deliveries] == [("delivered", 1)]


def test_each_event_reaches_only_the_urls_registered_for_it(resident, receiver,
                                                           django_capture_on_commit_callbacks):
    # given one URL for initiatives, another (down) for opinions
    _register(resident.user, receiver.url, ["initiative.scheduled", "budget.results_published"])
    _register(resident.user, "http://127.0.0.1:9/down", ["opinion.answered"])
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    opinion = OpinionFactory()
    # when an initiative is scheduled and an opinion answered
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(verb="initiative.scheduled", actor=None, target=initiative)
        audit_record(verb="commission.opinion_answered", actor=None, target=opinion)
        audit_record(verb="initiative.signed", actor=None, target=initiative)
    # then the first URL got only the initiative's event, the second keeps its own to retry
    assert [(r.json["event"], r.json["object"]["id"]) for r in receiver.received] == [
        ("initiative.scheduled", initiative.pk)]
    waiting = WebhookDelivery.objects.get(event="opinion.answered")
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert "Connection" in waiting.last_error


def test_a_url_the_platform_must_not_call_is_refused(resident, settings):
    # given production's rule: public https addresses only
    settings.DECIDONS = {**settings.DECIDONS, "WEBHOOK_ALLOW_PRIVATE_HOSTS": False}
    # when
    plain_http = _register(resident.user, "http://example.org/hook", ["meeting.changed"])
    loopback = _register(resident.user, "https://127.0.0.1/hook", ["meeting.changed"])
    private = _register(resident.user, "https://10.0.0.7/hook", ["meeting.changed"])
    unknown_event = _register(resident.user, "https://192.0.2.1/hook", ["vote.cast"])
    # then
    assert plain_http.json()["code"] == "invalid_url"
    assert loopback.json()["code"] == "private_url"
    assert private.json()["fields"] == {"url": ["Cette adresse ne mène pas à un serveur public."]}
    assert unknown_event.status_code == 400 and "events" in unknown_event.json()["fields"]
    assert not WebhookSubscription.objects.exists()


def test_an_account_sees_and_stops_only_its_own_webhooks(resident, receiver):
    # given
    mine = _register(resident.user, receiver.url, ["meeting.changed"]).json()
    other = ResidentFactory().user
    # when
    listed_by_other = _client(other).get("/api/v1/webhooks/").json()
    deliveries_by_other = _client(other).get(f"/api/v1/webhooks/{mine['id']}/deliveries/")
    deleted_by_other = _client(other).delete(f"/api/v1/webhooks/{mine['id']}/")
    listed = _client(resident.user).get("/api/v1/webhooks/").json()
    deleted = _client(resident.user).delete(f"/api/v1/webhooks/{mine['id']}/")
    # then
    assert listed_by_other["results"] == []
    assert (deliveries_by_other.status_code, deleted_by_other.status_code) == (404, 404)
    assert [w["url"] for w in listed["results"]] == [receiver.url]
    assert "secret" not in listed["results"][0]
    assert deleted.status_code == 204
    assert not WebhookSubscription.objects.exists()
    assert list(AuditEntry.objects.filter(verb__startswith="webhook.")
                .values_list("verb", flat=True)) == ["webhook.registered", "webhook.deleted"]


def test_webhooks_need_an_account():
    # when
    response = APIClient().post("/api/v1/webhooks/", {"url": "https://example.org/h",
                                                      "events": ["meeting.changed"]})
    # then
    assert response.status_code == 401


def test_erasing_an_account_stops_its_webhooks_and_its_export_lists_them(resident, receiver):
    # given
    _register(resident.user, receiver.url, ["meeting.changed"])
    listed = export(resident.user)["webhooks"]
    # when the resident erases their account
    account_erase(user=resident.user, password="motdepasse-solide-42")
    # then
    assert [w["url"] for w in listed] == [receiver.url]
    assert not WebhookSubscription.objects.exists()


def test_delivering_twice_sends_each_event_once(resident, clerk, receiver):
    # given a meeting change queued while the receiver was down (no task ran: the commit
    # callbacks are not executed here)
    subscription = WebhookSubscription.objects.get(
        pk=_register(resident.user, receiver.url, ["meeting.changed"]).json()["id"])
    meeting_cancel(meeting=MeetingFactory(), actor=clerk, reason="Salle indisponible")
    # when the delivery task and the beat sweep both run, twice
    first = webhook_deliver(subscription_id=subscription.pk)
    second = webhook_deliver(subscription_id=subscription.pk)
    swept = webhook_deliver_due()
    # then the event went out once
    assert (first, second, swept) == (1, 0, 0)
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == "delivered"

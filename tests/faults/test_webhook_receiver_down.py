"""A webhook event outlives a receiver that is down: kept in the outbox, retried by a real
Celery worker on Redis, delivered signed and in order once the receiver is back."""

import time

import pytest
from rest_framework.test import APIClient

from civic.models import WebhookDelivery
from commissions.services.meetings import meeting_agenda_add, meeting_cancel
from commissions.tests.factories import MeetingFactory
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _wait_until(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


def test_an_event_survives_a_receiver_that_is_down_and_arrives_signed_once_it_is_back(
        resident, clerk, receiver, start_worker):
    # given an open-data portal registered its URL for meeting changes, and its receiver
    # is down
    api = APIClient()
    api.force_authenticate(resident.user)
    created = api.post("/api/v1/webhooks/", {"url": receiver.url,
                                             "events": ["meeting.changed"]})
    assert created.status_code == 201, created.json()
    secret = created.json()["secret"]
    start_worker()
    meeting = MeetingFactory()

    # when a clerk adds a point to the meeting's agenda, then cancels the meeting
    meeting_agenda_add(meeting=meeting, title="Budget du quartier", actor=clerk)
    meeting_cancel(meeting=meeting, actor=clerk, reason="Salle indisponible")
    # then the worker tried, failed, and keeps both events to retry
    assert _wait_until(lambda: WebhookDelivery.objects.filter(attempts__gte=1).exists())
    first = WebhookDelivery.objects.order_by("pk").first()
    assert first.status == "pending" and first.last_error
    assert WebhookDelivery.objects.filter(status="delivered").count() == 0

    # when the receiver is back
    receiver.start()
    # then both events arrive, retried by the worker
    assert _wait_until(lambda: WebhookDelivery.objects.filter(status="delivered").count() == 2)
    time.sleep(1.0)  # give a duplicate, if any, the time to arrive
    # once each, in the order the changes happened, signed with the secret
    assert [r.json["change"] for r in receiver.received] == ["agenda_item_added", "cancelled"]
    assert all(r.signed_with(secret) for r in receiver.received)
    assert not receiver.received[0].signed_with("another-secret")
    assert {r.json["object"]["id"] for r in receiver.received} == {meeting.pk}
    assert [r.headers["Decidons-Event"] for r in receiver.received] == ["meeting.changed"] * 2
    assert WebhookDelivery.objects.order_by("pk").first().attempts >= 2
    assert len({r.json["id"] for r in receiver.received}) == 2

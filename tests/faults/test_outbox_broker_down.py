"""The outbox holds notifications while the broker is down and delivers each exactly once."""

import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic.models import Notification
from civic.services.audit import audit_record
from civic.services.notifications import notification_deliver_pending, notification_enqueue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _wait_until(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_notification_recorded_while_broker_is_down_is_delivered_once_when_it_is_back(
    resident, private_redis, celery_on, start_worker
):
    # given the broker is unreachable
    private_redis.stop()
    # when an event is recorded with its notification
    with transaction.atomic():
        audit_record(verb="test.event", actor=resident.user, target=resident)
        notification_enqueue(recipients=[resident.user], kind="test",
                             subject=_("Votre projet avance"), body=_("Détails sur le site."),
                             dedupe_key="broker-down:1")
    # then the event succeeded, the e-mail waits in the outbox, nothing was sent
    email = Notification.objects.get(channel="email")
    assert email.status == "pending"
    assert mail.outbox == []

    # when the broker is back, a worker runs and the beat sweep passes (twice)
    private_redis.start()
    start_worker()
    assert notification_deliver_pending(older_than_seconds=0) == 1
    # then the e-mail is delivered
    assert _wait_until(lambda: Notification.objects.get(pk=email.pk).status == "sent")
    notification_deliver_pending(older_than_seconds=0)
    time.sleep(1.0)  # give a duplicate, if any, the time to arrive
    # exactly once
    assert [m.to for m in mail.outbox] == [[resident.user.email]]
    assert Notification.objects.filter(channel="email", status="sent").count() == 1

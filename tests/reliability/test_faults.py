"""Faults injected under load: Redis stopped, a Celery worker killed mid-task, PostgreSQL
restarted. Whatever happens, no acknowledged vote or signature is lost, nothing is done
twice, and nobody gets a server error."""

import time

import pytest
from django.core import mail
from django.test import override_settings

from budgets.models import Ballot
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Notification
from civic.services.notifications import notification_deliver_pending
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory


def wait_until(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _production_cache(url: str) -> dict:
    """The production cache settings (config.settings.base with REDIS_URL), on `url`."""
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": url,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5,
                    "SOCKET_TIMEOUT": 0.5},
    }}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_residents_vote_and_sign_while_redis_is_down_and_are_notified_once_when_it_is_back(
        neighbourhood, private_redis, celery_on, start_worker, client):
    # given production-like settings: cache, sessions and broker on a Redis we can stop
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    project = ProposalFactory(budget=budget, feasible=True)
    signers = 12
    charter = InitiativeCharterFactory(threshold_absolute=signers)
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True,
                                          signature_threshold=signers)
    residents = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(signers)]
    with override_settings(CACHES=_production_cache(private_redis.url),
                           SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        # when Redis stops, and every resident logs in, votes and signs through the API
        private_redis.stop()
        statuses = []
        for user in residents:
            client.force_login(user)
            statuses.append(client.post(f"/api/v1/budgets/{budget.pk}/ballot/cast/",
                                        {"choices": [{"proposal": project.pk}]},
                                        content_type="application/json").status_code)
            statuses.append(client.post(f"/api/v1/initiatives/{initiative.pk}/sign/",
                                        {}, content_type="application/json").status_code)
            statuses.append(client.get("/api/v1/notifications/").status_code)
            client.logout()
        # then every request succeeded, and the threshold e-mails wait in the outbox
        assert statuses == [200, 201, 200] * signers
        assert Ballot.objects.filter(budget=budget).count() == signers
        initiative.refresh_from_db()
        assert initiative.signature_count == signers
        assert initiative.status == CitizenInitiative.Status.THRESHOLD_REACHED
        emails = Notification.objects.filter(channel="email")
        waiting = emails.count()
        assert waiting == signers + 1  # every signer and the lead promoter
        assert set(emails.values_list("status", flat=True)) == {"pending"}
        assert mail.outbox == []

        # when Redis is back, a worker runs and the beat sweep passes twice
        private_redis.start()
        start_worker()
        assert notification_deliver_pending(older_than_seconds=0) == waiting
        assert wait_until(lambda: not emails.exclude(status="sent").exists())
        assert notification_deliver_pending(older_than_seconds=0) == 0
        time.sleep(1.0)  # give a duplicate, if any, the time to arrive
    # then each e-mail went out exactly once
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == waiting
    assert len(set(recipients)) == waiting

"""Webhooks: clients register a URL and receive the platform's public events, signed.

The audit log is the source: every state change writes an audit entry in its transaction,
and `webhook_events_record` (called by `audit_record`) turns the entries listed in `EVENTS`
into one outbox row (`WebhookDelivery`) per subscription, in the same transaction. After the
commit a Celery task posts them; a failed post is retried with a doubling delay, and the
beat sweep re-publishes whatever is due, so an event outlives a receiver, a worker or the
broker being down (at least once). A subscription's deliveries go out one at a time in the
order the changes happened (so in order per object), by the one worker holding its lease.

Each request carries `Decidons-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>"
under the subscription's secret>`, the event's id (`Decidons-Event-Id`, the same at every
attempt) and its name. Payloads carry public facts only (what changed, where to read it);
the client reads the object through the API. See docs/webhooks.md.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.conf import decidons_setting
from civic.errors import DomainError, NotPermitted
from civic.links import page_url
from civic.models import AuditEntry, User, WebhookDelivery, WebhookSubscription
from civic.site import absolute_url
from civic.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
LEASE_SECONDS = 120
MAX_DELAY_SECONDS = 3600
SIGNATURE_HEADER = "Decidons-Signature"


@dataclass(frozen=True)
class Event:
    name: str
    change: str
    # The object the event is about, from the audit entry's target.
    subject: Callable[[Model], Model]
    # Its API route, read by the client after the notification.
    route: str


def _itself(target: Model) -> Model:
    return target


# A commissions agenda item's meeting: civic names no domain model, so the attribute is read
# by name.
_meeting_of: Callable[[Model], Model] = attrgetter("meeting")


MEETING = "api:commissions-meeting-detail"
# Audit verb → the event clients subscribe to.
EVENTS: dict[str, Event] = {
    "budget.results_published": Event("budget.results_published", "results_published",
                                      _itself, "api:budget-results"),
    "initiative.scheduled": Event("initiative.scheduled", "scheduled", _itself,
                                  "api:initiative-detail"),
    "commission.opinion_answered": Event("opinion.answered", "answered", _itself,
                                         "api:commissions-opinion-detail"),
    "commission.meeting_created": Event("meeting.changed", "created", _itself, MEETING),
    "commission.agenda_item_added": Event("meeting.changed", "agenda_item_added", _meeting_of,
                                          MEETING),
    "commission.meeting_cancelled": Event("meeting.changed", "cancelled", _itself, MEETING),
    "commission.meeting_rescheduled": Event("meeting.changed", "rescheduled", _itself, MEETING),
    "commission.meeting_held": Event("meeting.changed", "held", _itself, MEETING),
    "commission.minutes_published": Event("meeting.changed", "minutes_published", _itself,
                                          MEETING),
}
EVENT_NAMES = sorted({event.name for event in EVENTS.values()})


# --- Subscriptions -------------------------------------------------------------------------


def _public_address(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            return False
    return True


def webhook_url_check(url: str) -> None:
    """Refuse a URL the platform should not call: not http(s), or (outside development) not
    https or on a private, loopback or link-local address."""
    parts = urlsplit(url)
    allow_private = decidons_setting("WEBHOOK_ALLOW_PRIVATE_HOSTS")
    allowed_schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise DomainError(_("L'adresse doit commencer par https://."), code="invalid_url",
                          field="url")
    if not allow_private and not _public_address(parts.hostname):
        raise DomainError(_("Cette adresse ne mène pas à un serveur public."),
                          code="private_url", field="url")


@transaction.atomic
def webhook_subscription_create(*, owner: User, url: str, events: list[str]
                                ) -> WebhookSubscription:
    """Register a URL for some events; the secret that signs the deliveries is made here."""
    from civic.services.audit import audit_record

    webhook_url_check(url)
    unknown = sorted(set(events) - set(EVENT_NAMES))
    if unknown or not events:
        raise DomainError(_("Événements inconnus ou absents : %(names)s.")
                          % {"names": ", ".join(unknown) or "—"}, code="unknown_event",
                          field="events")
    limit = decidons_setting("WEBHOOK_MAX_PER_ACCOUNT")
    if WebhookSubscription.objects.filter(owner=owner, active=True).count() >= limit:
        raise DomainError(_("Ce compte a déjà %(count)s webhooks.") % {"count": limit},
                          code="too_many_webhooks")
    subscription = WebhookSubscription.objects.create(
        owner=owner, url=url, events=sorted(set(events)), secret=secrets.token_hex(32))
    audit_record(verb="webhook.registered", actor=owner, target=subscription,
                 data={"url": url, "events": subscription.events})
    return subscription


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, actor: User) -> None:
    """Stop a subscription (its owner); undelivered events are dropped with it."""
    from civic.services.audit import audit_record

    if subscription.owner_id != actor.pk:
        raise NotPermitted()
    audit_record(verb="webhook.deleted", actor=actor, target=subscription,
                 data={"url": subscription.url})
    subscription.delete()


# --- Recording events (in the change's transaction) ---------------------------------------


def webhook_events_record(*, entry: AuditEntry, target: Model | None) -> int:
    """Queue the event an audit entry stands for, if any, for every subscription to it.

    Called by `audit_record`, inside the change's transaction: the rows commit or roll back
    with the change, and the posting happens after the commit.
    """
    event = EVENTS.get(entry.verb)
    if event is None or target is None:
        return 0
    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True)
                     if event.name in s.events]
    if not subscriptions:
        return 0
    subject = event.subject(target)
    payload = {
        "event": event.name,
        "change": event.change,
        "occurred_at": entry.created_at.isoformat(),
        "object": {"type": subject._meta.model_name, "id": subject.pk,
                   "url": absolute_url(page_url(event.route, pk=subject.pk))},
    }
    WebhookDelivery.objects.bulk_create([
        WebhookDelivery(subscription=s, event=event.name, payload=payload,
                        next_attempt_at=entry.created_at) for s in subscriptions])
    from civic.tasks import webhook_deliver_task

    for subscription in subscriptions:
        enqueue_on_commit(webhook_deliver_task, subscription.pk)
    return len(subscriptions)


# --- Delivering (in a worker, outside any transaction) ------------------------------------


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The `Decidons-Signature` header's value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _take_lease(subscription_id: int) -> bool:
    now = timezone.now()
    return bool(WebhookSubscription.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=subscription_id, active=True,
    ).update(lease_until=now + timedelta(seconds=LEASE_SECONDS)))


def _post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> str:
    """Post one delivery; the error, or "" when the receiver answered 2xx."""
    body = json.dumps({"id": str(delivery.event_id), **delivery.payload},
                      separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Decidons-Webhooks/1",
        "Decidons-Event": delivery.event,
        "Decidons-Event-Id": str(delivery.event_id),
        SIGNATURE_HEADER: webhook_signature(secret=subscription.secret,
                                            timestamp=int(time.time()), body=body),
    }
    try:
        webhook_url_check(subscription.url)  # the host may resolve elsewhere since
        response = requests.post(subscription.url, data=body, headers=headers,
                                 timeout=TIMEOUT_SECONDS, allow_redirects=False)
    except (requests.RequestException, DomainError) as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return ""
    return f"HTTP {response.status_code}"


def _schedule(subscription_id: int, countdown: float) -> None:
    """Publish the next delivery run; if the broker is down, the beat sweep publishes it."""
    from civic.tasks import webhook_deliver_task

    try:
        webhook_deliver_task.apply_async(args=[subscription_id], countdown=countdown)
    except Exception:  # noqa: BLE001 — broker down: the sweep publishes it later
        logger.warning("could not schedule webhook deliveries of %s", subscription_id,
                       exc_info=True)


def _retry_delay(attempts: int) -> int:
    base: int = decidons_setting("WEBHOOK_RETRY_SECONDS")
    return min(base << max(attempts - 1, 0), MAX_DELAY_SECONDS)  # base × 2^(attempts − 1)


def webhook_deliver(*, subscription_id: int) -> int:
    """Post a subscription's due deliveries in order; returns how many were received.

    Stops at the first one that fails (the next ones wait behind it, keeping the order) and
    schedules the retry. Safe to run twice: a second worker finds the lease taken and leaves.
    """
    if not _take_lease(subscription_id):
        return 0
    delivered = 0
    try:
        subscription = WebhookSubscription.objects.get(pk=subscription_id)
        while True:
            delivery = (WebhookDelivery.objects.filter(
                subscription=subscription, status=WebhookDelivery.Status.PENDING)
                .order_by("pk").first())
            if delivery is None:
                return delivered
            wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
            if wait > 0:
                _schedule(subscription_id, wait)
                return delivered
            WebhookSubscription.objects.filter(pk=subscription_id).update(
                lease_until=timezone.now() + timedelta(seconds=LEASE_SECONDS))
            error = _post(subscription, delivery)
            attempts = delivery.attempts + 1
            if not error:
                WebhookDelivery.objects.filter(pk=delivery.pk).update(
                    status=WebhookDelivery.Status.DELIVERED, attempts=attempts,
                    delivered_at=timezone.now(), last_error="")
                delivered += 1
                continue
            logger.warning("webhook delivery %s to %s failed: %s", delivery.pk,
                           subscription.url, error)
            give_up = attempts >= decidons_setting("WEBHOOK_MAX_ATTEMPTS")
            delay = _retry_delay(attempts)
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.FAILED if give_up else
                WebhookDelivery.Status.PENDING, attempts=attempts, last_error=error,
                next_attempt_at=timezone.now() + timedelta(seconds=delay))
            if not give_up:
                _schedule(subscription_id, delay)
                return delivered
    finally:
        WebhookSubscription.objects.filter(pk=subscription_id).update(lease_until=None)


def webhook_deliver_due() -> int:
    """Beat sweep: publish a delivery task for every subscription with a delivery due (the
    broker may have been down when the change happened, or a retry message lost)."""
    from civic.tasks import webhook_deliver_task

    ids = sorted(set(WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now(),
        subscription__active=True).values_list("subscription_id", flat=True)))
    for subscription_id in ids:
        enqueue_on_commit(webhook_deliver_task, subscription_id)
    return len(ids)

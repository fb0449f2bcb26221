"""Notifications: in-app and e-mail, written to the outbox in the event's transaction.

Delivery claims a batch's pending rows under `SELECT … FOR UPDATE SKIP LOCKED` and switches
them to "sending" in the same transaction, so a row is sent once even when the sweep and a
worker, or two workers, reach it together. The beat
sweep re-publishes rows left pending while the broker was down and releases claims held by
a worker that died mid-send.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from civic.conf import decidons_setting
from civic.models import Notification, User
from civic.services.assisted import has_real_email
from civic.services.preferences import notification_preferences_by_user
from civic.site import absolute_url
from civic.tasking import enqueue_on_commit

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


def _render(template: Any, params: Mapping[str, Any], language: str) -> str:
    with translation.override(language):
        text = str(template)
        return text.format(**params) if params else text


# No savepoint of its own (a round trip each way): a failure here fails the caller's event.
@transaction.atomic(savepoint=False)
def notification_enqueue(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: Any,
    body: Any,
    dedupe_key: str,
    url: str = "",
    params: Mapping[str, Any] | None = None,
    email: bool = True,
    reminder: bool = False,
) -> int:
    """Store one in-app notification (and one e-mail) per recipient; send e-mail after commit.

    `subject` and `body` are lazy translations, rendered in each recipient's language;
    `dedupe_key` names the event, so enqueuing the same event twice notifies nobody twice.
    Returns the number of new e-mails queued.

    Each recipient's preference is honoured: the in-app row is always stored (the account's
    record); the e-mail only for "e-mail, immediate" (digest users get it in their digest);
    a `reminder` is not sent at all to those who chose no reminders.
    """
    now = timezone.now()
    rows = []
    recipients = [user for user in recipients if user.is_active]
    # Preferences only decide e-mails and reminders: the in-app row is always stored.
    preferences = (notification_preferences_by_user([user.pk for user in recipients])
                   if email or reminder else {})
    for user in recipients:
        preference = preferences.get(user.pk)
        channel = preference.channel if preference else "email"
        immediate = preference is None or preference.digest == "immediate"
        if reminder and channel == "none":
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        common = {
            "recipient": user,
            "kind": kind,
            "subject": _render(subject, params or {}, language)[:200],
            "body": _render(body, params or {}, language),
            "url": url,
            "dedupe_key": dedupe_key,
        }
        rows.append(Notification(channel=Notification.Channel.IN_APP, status="sent",
                                 sent_at=now, **common))
        if email and channel == "email" and immediate and has_real_email(user):
            rows.append(Notification(channel=Notification.Channel.EMAIL, **common))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if not any(row.channel == Notification.Channel.EMAIL for row in rows):
        return 0
    # ignore_conflicts leaves pks unset: find the e-mails this event has left pending.
    pending = list(
        Notification.objects.filter(
            dedupe_key=dedupe_key,
            channel=Notification.Channel.EMAIL,
            status=Notification.Status.PENDING,
            created_at__gte=now,
        ).values_list("pk", flat=True)
    )
    _publish_batches(pending)
    return len(pending)


@transaction.atomic(savepoint=False)
def transactional_email_enqueue(
    *, recipient: User, kind: str, subject: str, body: str, dedupe_key: str, address: str = ""
) -> bool:
    """Queue one e-mail the person asked for themselves (an activation link) in the outbox.

    Unlike `notification_enqueue`, it goes to an account not yet active, whatever its
    notification preferences, and leaves no copy in the site's inbox. `subject` and `body`
    come already rendered in the recipient's language. Delivery, retries and the sweep are
    the outbox's. Returns whether a new e-mail was queued (False for a repeated `dedupe_key`).
    `address`, when given, is where it goes instead of the account's address.
    """
    if not address and not has_real_email(recipient):
        return False
    email, created = Notification.objects.get_or_create(
        recipient=recipient, channel=Notification.Channel.EMAIL, dedupe_key=dedupe_key,
        defaults={"kind": kind, "subject": subject[:200], "body": body, "address": address})
    if created:
        _publish_batches([email.pk])
    return created


def _publish_batches(ids: list[int]) -> None:
    from civic.tasks import notification_deliver_batch_task

    for start in range(0, len(ids), BATCH_SIZE):
        enqueue_on_commit(notification_deliver_batch_task, ids[start : start + BATCH_SIZE])


def _claim(ids: Iterable[int]) -> list[Notification]:
    """Claim pending e-mails for this worker, in two statements whatever the batch size.

    The rows are locked `SKIP LOCKED` and switched to "sending" in one transaction: a row
    another worker is claiming at that moment is left to it, and one it already claimed is no
    longer pending.
    """
    with transaction.atomic():
        claimed = list(
            Notification.objects.filter(pk__in=list(ids), status=Notification.Status.PENDING)
            .select_for_update(skip_locked=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(
            status=Notification.Status.SENDING, claimed_at=timezone.now(),
            attempts=F("attempts") + 1)
    return list(Notification.objects.filter(pk__in=claimed).select_related("recipient"))


def notification_deliver_batch(*, notification_ids: list[int]) -> int:
    """Send the given pending e-mails over one SMTP connection; returns how many went out.

    If the mail server cannot be reached the claims are released and the error propagates,
    so the task retries; a message refused on its own is retried later by the sweep.
    """
    notifications = _claim(notification_ids)
    if not notifications:
        return 0
    connection = mailers.default
    try:
        connection.open()
    except Exception as exc:
        _release(notifications, exc)
        raise
    sent = 0
    with connection:
        for notification in notifications:
            message = mail.EmailMessage(
                subject=notification.subject,
                body=_email_body(notification),
                to=[notification.address or notification.recipient.email],
            )
            try:
                connection.send_messages([message])
            except Exception as exc:  # noqa: BLE001 — keep the row, retry from the sweep
                logger.warning("e-mail %s failed: %s", notification.pk, exc)
                _release([notification], exc)
                continue
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
    return sent


def _release(notifications: list[Notification], exc: Exception) -> None:
    """Give claimed rows back to the sweep, or mark them failed after too many attempts."""
    max_attempts = decidons_setting("NOTIFICATION_MAX_ATTEMPTS")
    for notification in notifications:
        status = (Notification.Status.FAILED if notification.attempts >= max_attempts
                  else Notification.Status.PENDING)
        Notification.objects.filter(pk=notification.pk).update(
            status=status, last_error=str(exc)[:1000], claimed_at=None
        )


def _email_body(notification: Notification) -> str:
    if not notification.url:
        return notification.body
    return f"{notification.body}\n\n{absolute_url(notification.url)}"


def notification_deliver_pending(*, older_than_seconds: int = 30) -> int:
    """Beat sweep: release stale claims and re-publish e-mails still pending. Safe to rerun."""
    now = timezone.now()
    stale = now - timedelta(seconds=decidons_setting("NOTIFICATION_STALE_CLAIM_SECONDS"))
    Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=stale
    ).update(status=Notification.Status.PENDING, claimed_at=None)
    ids = list(
        Notification.objects.filter(
            Q(status=Notification.Status.PENDING) & Q(channel=Notification.Channel.EMAIL),
            created_at__lte=now - timedelta(seconds=older_than_seconds),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:50_000]
    )
    _publish_batches(ids)
    return len(ids)


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's in-app notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    )
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())

"""Notification preferences and digests: one e-mail per day or week instead of one per message.

See `NotificationPreference` for what each choice means. The digest job is safe to run
twice: each user's period is claimed by a compare-and-set on `last_digest_at`, and the
digest e-mail's dedupe key names the period.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from civic.links import page_url
from civic.models import Notification, NotificationPreference, User
from civic.services.assisted import has_real_email
from civic.services.audit import audit_record
from civic.site import absolute_url

Channel = NotificationPreference.Channel
Digest = NotificationPreference.Digest
PERIODS = {Digest.DAILY: timedelta(days=1), Digest.WEEKLY: timedelta(days=7)}


def notification_preference_of(user: User) -> NotificationPreference:
    """The user's preference, or the defaults (e-mail, immediate) when never set."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def notification_preferences_by_user(user_ids: list[int]) -> dict[int, NotificationPreference]:
    return {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}


@transaction.atomic
def notification_preference_set(*, user: User, channel: str, digest: str) -> NotificationPreference:
    """Record how the user wants to be told (account page)."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channel": Channel(channel), "digest": Digest(digest)})
    audit_record(verb="user.notification_preference_changed", actor=user, target=user,
                 data={"channel": preference.channel, "digest": preference.digest})
    return preference


def _period_key(digest: str, now: datetime) -> str:
    local = timezone.localtime(now)
    if digest == Digest.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def _digest_body(user: User, items: list[Notification]) -> tuple[str, str]:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = str(_("Vos messages de Décidons ({count})")).format(count=len(items))
        lines = [str(_("Bonjour, voici les messages reçus sur Décidons depuis le dernier "
                       "résumé :")), ""]
        for item in items:
            lines.append(f"- {item.subject}")
            if item.url:
                lines.append(f"  {absolute_url(item.url)}")
        lines += ["", str(_("Vous pouvez changer la fréquence de ces e-mails sur la page "
                            "« Mon compte »."))]
    return subject[:200], "\n".join(lines)


def _send_digest(preference: NotificationPreference, now: datetime) -> bool:
    user = preference.user
    since = preference.last_digest_at or now - PERIODS[Digest(preference.digest)]
    with transaction.atomic():
        claimed = NotificationPreference.objects.filter(
            pk=preference.pk, last_digest_at=preference.last_digest_at).update(last_digest_at=now)
        if not claimed:
            return False  # another run took this period
        items = list(Notification.objects.filter(
            recipient=user, channel=Notification.Channel.IN_APP, created_at__gt=since,
            created_at__lte=now).order_by("created_at", "pk"))
        if not items or not has_real_email(user) or not user.is_active:
            return False
        subject, body = _digest_body(user, items)
        created = Notification.objects.bulk_create([Notification(
            recipient=user, channel=Notification.Channel.EMAIL, kind="digest", subject=subject,
            body=body, url=page_url("frontend:account"),
            dedupe_key=f"digest:{preference.digest}:{_period_key(preference.digest, now)}")],
            ignore_conflicts=True)
        pending = list(Notification.objects.filter(
            recipient=user, kind="digest", status=Notification.Status.PENDING,
            channel=Notification.Channel.EMAIL).values_list("pk", flat=True))
        from civic.services.notifications import _publish_batches

        _publish_batches(pending)
    return bool(created)


def digest_send_due(*, now: datetime | None = None) -> int:
    """Beat job: send each daily/weekly digest whose period has passed; returns how many."""
    now = now or timezone.now()
    sent = 0
    for digest, period in PERIODS.items():
        due = NotificationPreference.objects.select_related("user").filter(
            channel=Channel.EMAIL, digest=digest).exclude(last_digest_at__gt=now - period)
        for preference in due.iterator(chunk_size=500):
            sent += _send_digest(preference, now)
    return sent

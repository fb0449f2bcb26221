"""The civic core's part of a person's data: account, resident profile, comments,
notifications, export requests, webhooks and the audit entries about them (see
civic.services.personal_data for the contract)."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from knox.models import AuthToken

from civic.models import (
    AuditEntry,
    Comment,
    CommentReport,
    DataExport,
    Notification,
    NotificationPreference,
    ParticipationStart,
    User,
    WebhookSubscription,
)
from civic.reassign import reassign

ERASED_COMMENT = "[Commentaire effacé à la demande de son auteur.]"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "preferred_language": user.preferred_language, "is_active": user.is_active,
        "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def _profile(user: User) -> dict[str, Any] | None:
    resident = getattr(user, "resident", None)
    if resident is None:
        return None
    return {
        "neighbourhood": resident.neighbourhood.name if resident.neighbourhood else None,
        "date_of_birth": _iso(resident.date_of_birth),
        "birthplace": resident.birthplace,
        "postal_address": resident.postal_address,
        "lives_in_town": resident.lives_in_town,
        "verification_status": resident.verification_status,
        "verification_method": resident.verification_method,
        "verified_at": _iso(resident.verified_at),
    }


def _audit_about(user: User) -> list[dict[str, Any]]:
    targets = Q(target_type="civic.user", target_id=str(user.pk))
    resident = getattr(user, "resident", None)
    if resident is not None:
        targets |= Q(target_type="civic.resident", target_id=str(resident.pk))
    entries = AuditEntry.objects.filter(Q(actor=user) | targets).order_by("pk")
    return [{"id": e.pk, "at": _iso(e.created_at), "verb": e.verb, "actor": e.actor_label,
             "target_type": e.target_type, "target_id": e.target_id, "data": e.data}
            for e in entries]


def export(user: User) -> dict[str, Any]:
    comments = Comment.objects.filter(author=user).select_related("target_type")
    notifications = Notification.objects.filter(recipient=user).order_by("pk")
    return {
        "account": _account(user),
        "resident_profile": _profile(user),
        "comments": [{"id": c.pk, "on": f"{c.target_type.app_label}.{c.target_type.model}",
                      "on_id": c.target_id, "body": c.body, "status": c.status,
                      "created_at": _iso(c.created_at)} for c in comments],
        "comment_reports": [{"comment": r.comment_id, "reason": r.reason,
                             "created_at": _iso(r.created_at)}
                            for r in CommentReport.objects.filter(reporter=user)],
        "notifications": [{"kind": n.kind, "channel": n.channel, "subject": n.subject,
                           "body": n.body, "url": n.url, "status": n.status,
                           "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
                          for n in notifications],
        "data_exports": [{"requested_at": _iso(x.created_at), "used_at": _iso(x.used_at)}
                         for x in DataExport.objects.filter(user=user)],
        "webhooks": [{"url": w.url, "events": w.events, "created_at": _iso(w.created_at)}
                     for w in WebhookSubscription.objects.filter(owner=user)],
        "audit_entries": _audit_about(user),
    }


def _erase_sessions(user: User) -> int:
    """Log the person out everywhere (sessions hold their id, and their data in the cache)."""
    erased = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            erased += 1
    return erased


def erase(user: User) -> dict[str, int]:
    """Anonymise the account itself; it stays as a tombstone for ballots and signatures."""
    counts = {
        "comments": Comment.objects.filter(author=user).update(body=ERASED_COMMENT),
        "comment_reports": CommentReport.objects.filter(reporter=user).update(reason=""),
        "notifications": Notification.objects.filter(recipient=user).delete()[0],
        "data_exports": DataExport.objects.filter(user=user).delete()[0],
        "tokens": AuthToken.objects.filter(user=user).delete()[0],
        "sessions": _erase_sessions(user),
        # A webhook posts on the account's behalf: it stops with the account.
        "webhooks": WebhookSubscription.objects.filter(owner=user).delete()[0],
    }
    resident = getattr(user, "resident", None)
    if resident is not None:
        # The neighbourhood and verification stay: statistics already published count them,
        # and a neighbourhood of thousands does not identify anyone.
        # The identity key is made of the names and birth date: it goes with them.
        resident.date_of_birth = None
        resident.postal_address = resident.birthplace = ""
        resident.identity_key = None
        resident.save(update_fields=["date_of_birth", "postal_address", "birthplace",
                                     "identity_key"])
    user.email = f"efface-{user.pk}@efface.invalid"
    user.first_name, user.last_name = "Compte effacé", ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    counts["account"] = 1
    return counts


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """The duplicate's comments, reports, notifications and reminders go to the survivor
    (civic.services.merge); its export links and preferences, which were its own, go."""
    counts: dict[str, int] = {}
    counts["comments"], _none = reassign(Comment.objects, field="author", survivor=survivor,
                                        duplicate=duplicate)
    counts["comment_reports"], counts["comment_reports_dropped"] = reassign(
        CommentReport.objects, field="reporter", survivor=survivor, duplicate=duplicate,
        unique_with=("comment_id",))
    counts["notifications"], counts["notifications_dropped"] = reassign(
        Notification.objects, field="recipient", survivor=survivor, duplicate=duplicate,
        unique_with=("channel", "dedupe_key"))
    counts["participation_starts"], _dropped = reassign(
        ParticipationStart.objects, field="user", survivor=survivor, duplicate=duplicate,
        unique_with=("kind", "object_id"))
    counts["webhooks"], _none = reassign(WebhookSubscription.objects, field="owner",
                                         survivor=survivor, duplicate=duplicate)
    counts["data_exports_dropped"] = DataExport.objects.filter(user=duplicate).delete()[0]
    NotificationPreference.objects.filter(user=duplicate).delete()
    return counts


def purge(now: datetime) -> dict[str, int]:
    from civic.services.personal_data import retention

    old_notifications = now - timedelta(days=retention("NOTIFICATIONS_DAYS"))
    old_exports = now - timedelta(days=retention("DATA_EXPORTS_DAYS"))
    return {
        # E-mails still waiting to go out are kept: the sweep will send them.
        "notifications": Notification.objects.filter(created_at__lt=old_notifications).exclude(
            channel=Notification.Channel.EMAIL,
            status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
        ).delete()[0],
        "data_exports": DataExport.objects.filter(created_at__lt=old_exports).delete()[0],
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
    }

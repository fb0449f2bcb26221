"""Deadline reminders: one message to residents who began a vote or a signature but did not
finish, some hours before the deadline.

"Began" is recorded by `participation_start_record` when a logged-in resident opens a
ballot or a signing page (and, for initiatives, by following one). Each app lists its
upcoming deadlines in `<app>/reminders.py`, a function `deadlines(*, now, until)` found by
civic.plugins. The dedupe key names the act and the object, so the job can
run every few minutes and still remind each person once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.models import ParticipationStart, User
from civic.plugins import app_attributes
from civic.services.notifications import notification_enqueue


@dataclass(frozen=True)
class Reminder:
    kind: str  # "budget_vote" or "initiative_sign"
    object_id: int
    title: str
    deadline: datetime
    url: str
    user_ids: frozenset[int]  # started and not finished


def participation_start_record(*, user: User, kind: str, object_id: int) -> None:
    """Note that the user began an act (idempotent, one row per user, act and object)."""
    if not user.is_authenticated:
        return
    ParticipationStart.objects.bulk_create(
        [ParticipationStart(user=user, kind=kind, object_id=object_id)], ignore_conflicts=True)


def started_user_ids(*, kind: str, object_id: int) -> set[int]:
    return set(ParticipationStart.objects.filter(kind=kind, object_id=object_id)
               .values_list("user_id", flat=True))


MESSAGES = {
    "budget_vote": (
        _("Rappel : le vote « {title} » se termine bientôt"),
        _("Vous avez commencé à voter pour « {title} », mais votre vote n'est pas encore "
          "enregistré. Le vote se termine le {deadline}. Il reste un peu de temps : vous "
          "pouvez voter en ligne ou au guichet de votre maison de quartier."),
    ),
    "initiative_sign": (
        _("Rappel : la signature de « {title} » se termine bientôt"),
        _("Vous vous intéressez à l'initiative « {title} », mais vous ne l'avez pas signée. "
          "La collecte des signatures se termine le {deadline}. Vous pouvez signer en ligne "
          "ou au guichet de votre maison de quartier."),
    ),
}


def _send(reminder: Reminder) -> int:
    subject, body = MESSAGES[reminder.kind]
    deadline = timezone.localtime(reminder.deadline).strftime("%d/%m/%Y %H:%M")
    with transaction.atomic():
        return notification_enqueue(
            recipients=User.objects.filter(pk__in=reminder.user_ids, is_active=True),
            kind=f"reminder_{reminder.kind}", subject=subject, body=body,
            params={"title": reminder.title, "deadline": deadline},
            dedupe_key=f"reminder:{reminder.kind}:{reminder.object_id}", url=reminder.url,
            reminder=True)


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Beat job: remind, once, those who started an act whose deadline is near."""
    now = now or timezone.now()
    hours = decidons_setting("REMINDER_HOURS_BEFORE_DEADLINE")
    horizon = now + timedelta(hours=hours)
    sent = 0
    for _label, deadlines in app_attributes("reminders", "deadlines"):
        reminders: Iterable[Reminder] = deadlines(now=now, until=horizon)
        for reminder in reminders:
            if reminder.user_ids:
                sent += _send(reminder)
    return sent

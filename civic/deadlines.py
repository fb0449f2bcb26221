"""Closing times, checked by the clock at the moment of the act.

A process's stored status says which acts its phase allows; the beat job that moves the
status when a scheduled date passes does not run in the embedded mode (eager Celery, no
beat) nor while beat is down. So every act that closes at a date or time also checks that
date here, and the job only catches up later. Openings stay with the stored status
(docs/architecture.md, "Time by the clock").
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format


def has_passed(closes_at: datetime | None, *, now: datetime | None = None) -> bool:
    """Whether a closing time has come: from that very instant on, the act is refused."""
    if closes_at is None:
        return False
    return (now or timezone.now()) >= closes_at


def end_of_day(day: date) -> datetime:
    """When a closing *date* is over: the next midnight in the town's time zone.

    "Until 14 March" includes the whole of 14 March, as residents read it.
    """
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def still_open(field: str, *, now: datetime | None = None) -> Q:
    """Queryset condition: no closing time in `field`, or one still to come."""
    moment = now or timezone.now()
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": moment})


def closing_words(closes_at: datetime) -> dict[str, str]:
    """The closing time in the town's time zone, for messages: `day` and `time`."""
    local = timezone.localtime(closes_at)
    return {"day": date_format(local, "j F Y"), "time": date_format(local, "H:i")}

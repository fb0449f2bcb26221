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
from django.utils.translation import get_language
from django.utils.translation import gettext as _


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


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


def day_words(day: date, *, weekday: bool = True, year: bool = False) -> str:
    """"mardi 15 décembre", "1er avril" (the year when asked, or when it is not this one),
    in the reader's language: "Tuesday 15 December" in English."""
    number = "1er" if _french() and day.day == 1 else str(day.day)
    words = f"{number} {date_format(day, 'F')}"
    if weekday:
        words = f"{date_format(day, 'l')} {words}"
    if year or day.year != timezone.localdate().year:
        words = f"{words} {day.year}"
    return words


def time_words(moment: datetime) -> str:
    """"20 h", "20 h 30" in French; "8 p.m.", "8:30 p.m." in English."""
    local = timezone.localtime(moment)
    if not _french():
        return date_format(local, "P")
    return f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")


def moment_words(moment: datetime) -> str:
    """"mardi 15 décembre à 20 h" (a time at midnight is the end of the day before)."""
    local = timezone.localtime(moment)
    if local.time() == time.min:
        return _("{day} à minuit").format(day=day_words(local.date() - timedelta(days=1)))
    return _("{day} à {time}").format(day=day_words(local.date()), time=time_words(local))


def until_words(moment: datetime | date) -> str:
    """"jusqu'au mardi 15 décembre à 20 h", or for a last day "jusqu'au mardi 15 décembre
    inclus"."""
    if isinstance(moment, datetime):
        return _("jusqu'au {moment}").format(moment=moment_words(moment))
    return _("jusqu'au {day} inclus").format(day=day_words(moment))

"""Dates and deadlines in words, in the reader's language (civic.deadlines)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from civic import deadlines

register = template.Library()


@register.filter
def until(moment: datetime | date | None) -> str:
    """{{ budget.voting_closes_at|until }} → "jusqu'au mardi 15 décembre à 20 h"."""
    return "" if moment is None else deadlines.until_words(moment)


@register.filter
def day_words(day: datetime | date | None) -> str:
    """{{ day|day_words }} → "mercredi 1er avril"."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        return deadlines.moment_words(day)
    return deadlines.day_words(day)


@register.filter
def long_date(day: datetime | date | None) -> str:
    """{{ day|long_date }} → "1er avril 2026" (French ordinal for the first of the month)."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return deadlines.day_words(day, weekday=False, year=True)

"""Dates and deadlines in words, in the reader's language (civic.deadlines)."""

from datetime import date, datetime

from django import template

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

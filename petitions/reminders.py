"""Upcoming signing deadlines for the reminder job (`civic.services.reminders`)."""

from collections.abc import Iterator
from datetime import datetime

from civic.links import page_url
from civic.services.reminders import Reminder, started_user_ids
from petitions.models import CitizenInitiative, Signature
from petitions.models.participation import InitiativeFollower

KIND = "initiative_sign"


def deadlines(*, now: datetime, until: datetime) -> Iterator[Reminder]:
    """Initiatives whose collection ends before `until`: who opened or followed, unsigned."""
    initiatives = CitizenInitiative.objects.filter(
        status=CitizenInitiative.Status.COLLECTING, collection_deadline__gt=now,
        collection_deadline__lte=until)
    for initiative in initiatives:
        if initiative.collection_deadline is None:  # excluded by the filter
            continue
        signed = set(Signature.objects.filter(
            initiative=initiative, status=Signature.Status.VALID,
        ).values_list("resident__user_id", flat=True))
        followers = set(InitiativeFollower.objects.filter(initiative=initiative)
                        .values_list("user_id", flat=True))
        started = started_user_ids(kind=KIND, object_id=initiative.pk) | followers
        yield Reminder(kind=KIND, object_id=initiative.pk, title=initiative.title,
                       deadline=initiative.collection_deadline,
                       url=page_url("petitions_web:detail", pk=initiative.pk),
                       user_ids=frozenset(started - signed))

"""Deadlines and following: jobs safe to run twice, subscriptions idempotent."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.models import User
from petitions import policies
from petitions.models import CitizenInitiative, InitiativeFollower
from petitions.services.common import announce, try_transition

S = CitizenInitiative.Status


def initiative_close_due() -> int:
    """Close the collections whose deadline has passed (beat job); returns how many closed.

    Each closing is a compare-and-set in its own transaction: a second run, or a run racing
    the first, finds nothing left to close and sends nothing.
    """
    now = timezone.now()
    due = list(CitizenInitiative.objects.filter(status=S.COLLECTING, collection_deadline__lte=now)
               .values_list("pk", flat=True))
    closed = 0
    for pk in due:
        closed += _expire(pk, now)
    return closed


@transaction.atomic
def _expire(pk: int, now: datetime) -> int:
    initiative = CitizenInitiative.objects.select_for_update().get(pk=pk)
    deadline = initiative.collection_deadline
    if initiative.status != S.COLLECTING or deadline is None or deadline > now:
        return 0
    step = try_transition(initiative=initiative, target=S.EXPIRED, actor=None,
                          data={"count": initiative.signature_count,
                                "threshold": initiative.signature_threshold})
    if step is None:
        return 0
    announce(initiative=initiative, step=step,
             subject=_("Collecte close : « {title} »"),
             body=_("La collecte des signatures de l'initiative « {title} » est close sans "
                    "avoir atteint le seuil ({count} signatures sur {threshold})."),
             params={"count": initiative.signature_count,
                     "threshold": initiative.signature_threshold})
    return 1


@transaction.atomic
def initiative_follow(*, initiative: CitizenInitiative, user: User) -> InitiativeFollower:
    """Follow an initiative to be told of each step; following twice changes nothing."""
    policies.ensure_capability(initiative, "follow")
    follower, _created = InitiativeFollower.objects.get_or_create(initiative=initiative,
                                                                  user=user)
    return follower


@transaction.atomic
def initiative_unfollow(*, initiative: CitizenInitiative, user: User) -> None:
    """Stop following an initiative (signers and promoters are still told as such)."""
    InitiativeFollower.objects.filter(initiative=initiative, user=user).delete()

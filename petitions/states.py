"""The citizen initiative's life cycle: statuses, allowed transitions, capabilities.

draft → submitted → admissibility_review → collecting → threshold_reached | expired →
scheduled → voted → answered; withdrawn (by the promoters, before scheduling) and refused
(inadmissible, with a published reasoned decision) end it early.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposée")
    ADMISSIBILITY_REVIEW = "admissibility_review", _("examen de recevabilité")
    COLLECTING = "collecting", _("signatures en cours")
    THRESHOLD_REACHED = "threshold_reached", _("seuil atteint")
    EXPIRED = "expired", _("délai expiré")
    SCHEDULED = "scheduled", _("inscrite à l'ordre du jour")
    VOTED = "voted", _("votée par le conseil")
    ANSWERED = "answered", _("réponse publiée")
    WITHDRAWN = "withdrawn", _("retirée")
    REFUSED = "refused", _("irrecevable")


S = Status

TRANSITIONS: dict[Status, set[Status]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ADMISSIBILITY_REVIEW, S.WITHDRAWN},
    S.ADMISSIBILITY_REVIEW: {S.COLLECTING, S.REFUSED, S.WITHDRAWN},
    S.COLLECTING: {S.THRESHOLD_REACHED, S.EXPIRED, S.WITHDRAWN},
    # Invalidations found while checking the roll may bring the count back under the threshold.
    S.THRESHOLD_REACHED: {S.SCHEDULED, S.WITHDRAWN, S.COLLECTING, S.EXPIRED},
    S.EXPIRED: set(),
    # Taken back off the council's agenda (session cancelled, item withdrawn from it).
    S.SCHEDULED: {S.VOTED, S.THRESHOLD_REACHED},
    S.VOTED: {S.ANSWERED},
    S.ANSWERED: set(),
    S.WITHDRAWN: set(),
    S.REFUSED: set(),
}

# The same map by plain values, as `civic.transitions.transition` takes it.
LIFECYCLE: dict[str, set[str]] = {
    str(status): {str(target) for target in targets} for status, targets in TRANSITIONS.items()}

# A promoter's invitation and a signature (values of `InitiativePromoter.Status` and
# `Signature.Status`): the moves `civic.transitions.transition` may make.
PROMOTER_TRANSITIONS: dict[str, set[str]] = {"invited": {"confirmed", "declined"}}
SIGNATURE_TRANSITIONS: dict[str, set[str]] = {
    "valid": {"withdrawn", "invalidated"},
    "withdrawn": {"valid"},  # a signer who withdrew may sign again while collecting
}

# What may be done in each status; policies combine these with roles and eligibility.
CAPABILITIES: dict[Status, set[str]] = {
    S.DRAFT: {"edit_text", "invite_promoter", "confirm_promoter", "submit", "withdraw"},
    S.SUBMITTED: {"start_review", "withdraw"},
    S.ADMISSIBILITY_REVIEW: {"decide_admissibility", "withdraw"},
    S.COLLECTING: {
        "sign", "withdraw_signature", "record_paper_signature", "invalidate_signature",
        "withdraw", "comment", "follow",
    },
    S.THRESHOLD_REACHED: {"invalidate_signature", "schedule", "withdraw", "comment", "follow"},
    S.EXPIRED: {"comment", "follow"},
    S.SCHEDULED: {"record_vote", "comment", "follow"},
    S.VOTED: {"answer", "comment", "follow"},
    S.ANSWERED: {"comment", "follow"},
    S.WITHDRAWN: set(),
    S.REFUSED: set(),
}

# Statuses the public sees; earlier ones are visible to promoters and clerks only.
PUBLIC_STATUSES = frozenset({
    S.COLLECTING, S.THRESHOLD_REACHED, S.EXPIRED, S.SCHEDULED, S.VOTED, S.ANSWERED, S.REFUSED,
})
OPEN_FOR_SIGNATURES = frozenset({S.COLLECTING})


def can(status: str, capability: str) -> bool:
    return capability in CAPABILITIES[Status(status)]


def capabilities(status: str) -> set[str]:
    """What an initiative in `status` allows (the `can` set its pages receive, once
    `policies.initiative_capabilities` has removed what the clock has closed)."""
    return set(CAPABILITIES[Status(status)])


def allowed(current: str, target: str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]

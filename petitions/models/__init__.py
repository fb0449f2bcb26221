from petitions.models.charter import InitiativeCharter
from petitions.models.initiative import CitizenInitiative, InitiativeTransition, InitiativeVersion
from petitions.models.participation import InitiativeFollower, InitiativePromoter, Signature

__all__ = [
    "CitizenInitiative",
    "InitiativeCharter",
    "InitiativeFollower",
    "InitiativePromoter",
    "InitiativeTransition",
    "InitiativeVersion",
    "Signature",
]

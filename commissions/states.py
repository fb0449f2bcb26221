"""Statuses of the commissions module and the transitions each one allows (HOUSE_STYLE §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionKind(models.TextChoices):
    EXTRA_MUNICIPAL = "extra_municipal", _("commission extra-municipale")
    FACILITY_COMMITTEE = "facility_committee", _("comité d'usagers")
    NEIGHBOURHOOD_COUNCIL = "neighbourhood_council", _("conseil de quartier")


class CommissionStatus(models.TextChoices):
    ACTIVE = "active", _("en fonction")
    DISSOLVED = "dissolved", _("dissoute")


class SeatGroupKind(models.TextChoices):
    COUNCILLORS = "councillors", _("élus")
    ASSOCIATIONS = "associations", _("associations")
    RESIDENTS = "residents", _("habitants")
    QUALIFIED = "qualified", _("personnes qualifiées")
    FACILITY_USERS = "facility_users", _("usagers de l'équipement")


class CallStatus(models.TextChoices):
    OPEN = "open", _("candidatures ouvertes")
    CLOSED = "closed", _("candidatures closes")
    COMPLETED = "completed", _("sièges attribués")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    APPOINTED = "appointed", _("nommé")
    DRAWN = "drawn", _("tiré au sort")
    NOT_SELECTED = "not_selected", _("non retenu")
    WITHDRAWN = "withdrawn", _("retirée")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("en fonction")
    RESIGNED = "resigned", _("démissionnaire")
    ENDED = "ended", _("mandat terminé")


class MembershipSource(models.TextChoices):
    APPOINTED = "appointed", _("nomination")
    DRAWN = "drawn", _("tirage au sort")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("prévue")
    HELD = "held", _("tenue")
    CANCELLED = "cancelled", _("annulée")


class MeetingVisibility(models.TextChoices):
    PUBLIC = "public", _("publique")
    CLOSED = "closed", _("à huis clos")


class OpinionStatus(models.TextChoices):
    ADOPTED = "adopted", _("adopté")
    SENT = "sent", _("transmis au conseil")
    ANSWERED = "answered", _("réponse publiée")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("en préparation")
    OPEN = "open", _("ouverte")
    CLOSED = "closed", _("close")


class ConsultationAudience(models.TextChoices):
    FACILITY_USERS = "facility_users", _("usagers de l'équipement")
    NEIGHBOURHOOD = "neighbourhood", _("habitants du quartier")
    TOWN = "town", _("habitants de la commune")


class FacilityRegistrationStatus(models.TextChoices):
    PENDING = "pending", _("demande à confirmer")
    CONFIRMED = "confirmed", _("inscrit")
    ENDED = "ended", _("inscription terminée")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    RATING = "rating", _("note")
    TEXT = "text", _("réponse libre")


# One lifecycle per entity (a call's "open" and a consultation's "open" are different steps):
# the moves its services may make (through civic.transitions.transition), and what each status
# allows (`can`, and the `can` set each staff template receives).
COMMISSION_TRANSITIONS: dict[str, set[str]] = {
    CommissionStatus.ACTIVE: {CommissionStatus.DISSOLVED},
}
CALL_TRANSITIONS: dict[str, set[str]] = {
    CallStatus.OPEN: {CallStatus.CLOSED},
    CallStatus.CLOSED: {CallStatus.COMPLETED},
}
MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
}
OPINION_TRANSITIONS: dict[str, set[str]] = {
    OpinionStatus.ADOPTED: {OpinionStatus.SENT},
    OpinionStatus.SENT: {OpinionStatus.ANSWERED},
}
CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    ConsultationStatus.DRAFT: {ConsultationStatus.OPEN},
    ConsultationStatus.OPEN: {ConsultationStatus.CLOSED},
}

CALL_CAPABILITIES: dict[str, set[str]] = {
    CallStatus.OPEN: {"apply", "appoint", "close"},
    CallStatus.CLOSED: {"appoint", "draw", "complete"},
    CallStatus.COMPLETED: set(),
}
MEETING_CAPABILITIES: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {"register", "edit_agenda", "attach_document", "hold", "invite",
                            "reschedule", "cancel"},
    MeetingStatus.HELD: {"write_minutes", "attach_document", "adopt_opinion"},
    MeetingStatus.CANCELLED: set(),
}
OPINION_CAPABILITIES: dict[str, set[str]] = {
    OpinionStatus.ADOPTED: {"send_to_council"},
    OpinionStatus.SENT: {"record_answer"},
    OpinionStatus.ANSWERED: set(),
}
CONSULTATION_CAPABILITIES: dict[str, set[str]] = {
    ConsultationStatus.DRAFT: {"edit_questions", "open"},
    ConsultationStatus.OPEN: {"respond", "close"},
    ConsultationStatus.CLOSED: set(),
}

CAPABILITIES: dict[str, dict[str, set[str]]] = {
    "call": CALL_CAPABILITIES,
    "meeting": MEETING_CAPABILITIES,
    "opinion": OPINION_CAPABILITIES,
    "consultation": CONSULTATION_CAPABILITIES,
}


def can(entity: str, status: str, capability: str) -> bool:
    """Whether an `entity` ("call", "meeting", "opinion", "consultation") in `status` allows
    `capability`."""
    return capability in CAPABILITIES[entity].get(status, set())


def capabilities(entity: str, status: str) -> set[str]:
    return set(CAPABILITIES[entity].get(status, set()))

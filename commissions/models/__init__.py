from commissions.models.body import (
    Commission,
    CommissionDocument,
    FacilityCommittee,
    NeighbourhoodCouncil,
    SeatGroup,
)
from commissions.models.consultation import (
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    Question,
    Response,
)
from commissions.models.facility import FacilityRegistration
from commissions.models.meeting import (
    Attendance,
    Meeting,
    MeetingAgendaItem,
    MeetingDocument,
    MeetingRegistration,
)
from commissions.models.membership import Application, MemberCall, Membership, Sortition
from commissions.models.opinion import Opinion

__all__ = [
    "Answer",
    "AnswerChoice",
    "Application",
    "Attendance",
    "Choice",
    "Commission",
    "CommissionDocument",
    "Consultation",
    "FacilityCommittee",
    "FacilityRegistration",
    "Meeting",
    "MeetingAgendaItem",
    "MeetingDocument",
    "MeetingRegistration",
    "MemberCall",
    "Membership",
    "NeighbourhoodCouncil",
    "Opinion",
    "Question",
    "Response",
    "SeatGroup",
    "Sortition",
]

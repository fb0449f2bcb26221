from commissions.models.body import (
    Commission,
    CommissionDocument,
    FacilityCommittee,
    NeighbourhoodCouncil,
    SeatGroup,
)
from commissions.models.consultation import (
    Answer,
    Choice,
    Consultation,
    Participation,
    Question,
    Response,
)
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
    "Application",
    "Attendance",
    "Choice",
    "Commission",
    "CommissionDocument",
    "Consultation",
    "FacilityCommittee",
    "Meeting",
    "MeetingAgendaItem",
    "MeetingDocument",
    "MeetingRegistration",
    "MemberCall",
    "Membership",
    "NeighbourhoodCouncil",
    "Opinion",
    "Participation",
    "Question",
    "Response",
    "SeatGroup",
    "Sortition",
]

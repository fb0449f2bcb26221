from civic.models.audit import AuditChainHead, AuditCheckpoint, AuditEntry
from civic.models.comment import Comment, CommentReport
from civic.models.council import (
    AgendaItem,
    CouncilDecision,
    CouncilDecisionCorrection,
    CouncilSession,
    MunicipalCouncil,
)
from civic.models.neighbourhood import Neighbourhood
from civic.models.notification import Notification
from civic.models.personal_data import DataExport
from civic.models.preferences import NotificationPreference, ParticipationStart
from civic.models.user import Resident, User
from civic.models.webhook import WebhookDelivery, WebhookSubscription

__all__ = [
    "AgendaItem",
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEntry",
    "Comment",
    "CommentReport",
    "CouncilDecision",
    "CouncilDecisionCorrection",
    "CouncilSession",
    "DataExport",
    "MunicipalCouncil",
    "Neighbourhood",
    "Notification",
    "NotificationPreference",
    "ParticipationStart",
    "Resident",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
]

"""Holding a meeting: attendance and quorum, then the minutes."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import DomainError, InvalidTransition
from civic.models import User
from civic.services.audit import audit_record
from civic.text import clean_text
from commissions import policies
from commissions.models import Attendance, Meeting, Membership


def quorum_reached(*, present: int, members: int, percent: int) -> bool:
    """Quorum: at least `percent` % of the members in office are present (rounded up)."""
    return members > 0 and present * 100 >= members * percent


def meeting_hold_refusal(*, meeting: Meeting) -> DomainError | None:
    """Why recording the meeting as held would be refused now (None when it may be): the page
    asks before its confirmation, so a clerk never confirms a holding that cannot happen."""
    if meeting.status != Meeting.Status.PLANNED:
        return InvalidTransition(_("Cette réunion a déjà été tenue ou annulée."),
                                 code="not_planned")
    if meeting.starts_at > timezone.now():
        return InvalidTransition(_("Cette réunion n'a pas encore eu lieu."), code="not_yet")
    return None


@transaction.atomic
def meeting_hold(*, meeting: Meeting, present_member_ids: Iterable[int], actor: User) -> Meeting:
    """Record that a meeting took place, who attended and whether quorum was reached."""
    policies.ensure_can_run_body(actor, meeting.commission)
    if refusal := meeting_hold_refusal(meeting=meeting):
        raise refusal
    memberships = list(meeting.commission.memberships.filter(status=Membership.Status.ACTIVE))
    present = set(present_member_ids)
    unknown = present - {m.member_id for m in memberships}
    if unknown:
        raise DomainError(_("Certaines personnes cochées ne sont pas membres de l'instance."),
                          code="unknown_members", field="present")
    count = sum(1 for m in memberships if m.member_id in present)
    reached = quorum_reached(present=count, members=len(memberships),
                             percent=meeting.commission.quorum_percent)
    updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.HELD, members_count=len(memberships), present_count=count,
        quorum_reached=reached)
    if not updated:
        raise InvalidTransition(_("Cette réunion a déjà été tenue ou annulée."),
                                code="not_planned")
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, membership=m, present=m.member_id in present)
        for m in memberships])
    meeting.refresh_from_db()
    audit_record(verb="commission.meeting_held", actor=actor, target=meeting,
                 data={"members": len(memberships), "present": count, "quorum": reached})
    return meeting


@transaction.atomic
def meeting_minutes_publish(*, meeting: Meeting, minutes: str, actor: User) -> Meeting:
    """Publish (or correct) the minutes of a held meeting, as plain text."""
    policies.ensure_can_run_body(actor, meeting.commission)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Le compte rendu suit une réunion tenue."), code="not_held")
    text = clean_text(minutes, field="minutes", max_length=50_000)
    if not text:
        raise DomainError(_("Le compte rendu est vide."), code="empty", field="minutes")
    corrected = bool(meeting.minutes_published_at)
    meeting.minutes, meeting.minutes_published_at = text, timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    audit_record(verb="commission.minutes_published", actor=actor, target=meeting,
                 data={"length": len(text), "correction": corrected})
    return meeting

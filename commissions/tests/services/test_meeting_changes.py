"""Correcting a planned meeting: rescheduled or cancelled with a reason, each a service with
its audit entry, the members convened and the public registered told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from commissions.models import Meeting
from commissions.services.meetings import (
    meeting_cancel,
    meeting_invite,
    meeting_register,
    meeting_reschedule,
)
from commissions.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def convened(clerk, residents_college):
    """A public meeting whose two members were convened and one resident registered."""
    meeting = MeetingFactory(commission=residents_college.commission)
    members = [MembershipFactory(seat_group=residents_college).member for _ in range(2)]
    meeting_invite(meeting=meeting, actor=clerk)
    visitor = ResidentFactory().user
    meeting_register(meeting=meeting, user=visitor)
    return meeting, {*members, visitor}


def _told(kind: str) -> set:
    return {n.recipient for n in Notification.objects.filter(kind=kind, channel="in_app")}


def test_cancelling_tells_members_convened_and_public_registered_the_reason(clerk, convened):
    meeting, people = convened
    # when the clerk cancels with a reason
    meeting_cancel(meeting=meeting, actor=clerk, reason="Salle inondée")
    # then the meeting is cancelled, each person convened or registered is told why
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert _told("commission_meeting_cancelled") == people
    assert all("Salle inondée" in n.body for n in Notification.objects.filter(
        kind="commission_meeting_cancelled"))
    entry = AuditEntry.objects.get(verb="commission.meeting_cancelled")
    assert entry.data == {"from": "planned", "to": "cancelled", "reason": "Salle inondée"}


def test_cancelling_needs_a_reason_a_clerk_and_a_planned_meeting(clerk, resident, convened):
    meeting, _people = convened
    with pytest.raises(DomainError) as empty:
        meeting_cancel(meeting=meeting, actor=clerk, reason=" ")
    assert empty.value.field == "reason"
    with pytest.raises(NotPermitted):
        meeting_cancel(meeting=meeting, actor=resident.user, reason="Non")
    meeting_cancel(meeting=meeting, actor=clerk, reason="Salle inondée")
    # a second cancellation (a replayed form) finds nothing to cancel, and tells nobody again
    with pytest.raises(InvalidTransition):
        meeting_cancel(meeting=meeting, actor=clerk, reason="Salle inondée")
    assert Notification.objects.filter(kind="commission_meeting_cancelled",
                                       channel="in_app").count() == 3


def test_rescheduling_moves_the_meeting_audits_before_and_after_and_tells_everyone(
        clerk, convened):
    meeting, people = convened
    old_start = meeting.starts_at
    new_start = old_start + timedelta(days=7)
    # when the clerk moves it a week later, to another room
    meeting_reschedule(meeting=meeting, actor=clerk, starts_at=new_start,
                       ends_at=new_start + timedelta(hours=2), place="Salle du Capitole",
                       reason="Conflit avec le conseil municipal")
    # then the new date and place are kept, the change audited, and everyone told
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.place) == (new_start, "Salle du Capitole")
    entry = AuditEntry.objects.get(verb="commission.meeting_rescheduled")
    assert entry.data["before"]["starts_at"] == old_start.isoformat()
    assert entry.data["after"]["place"] == "Salle du Capitole"
    assert _told("commission_meeting_rescheduled") == people
    body = Notification.objects.filter(kind="commission_meeting_rescheduled").first().body
    assert "Salle du Capitole" in body and "Conflit avec le conseil municipal" in body
    assert timezone.localtime(new_start).strftime("%d/%m/%Y %H:%M") in body


def test_rescheduling_refuses_a_bad_end_an_unchanged_date_and_a_cancelled_meeting(
        clerk, convened):
    meeting, _people = convened
    with pytest.raises(DomainError) as bad_end:
        meeting_reschedule(meeting=meeting, actor=clerk, starts_at=meeting.starts_at,
                           ends_at=meeting.starts_at - timedelta(hours=1), place="Salle B",
                           reason="Travaux")
    assert bad_end.value.field == "ends_at"
    with pytest.raises(DomainError) as unchanged:
        meeting_reschedule(meeting=meeting, actor=clerk, starts_at=meeting.starts_at,
                           place=meeting.place, reason="Travaux")
    assert unchanged.value.code == "unchanged"
    meeting_cancel(meeting=meeting, actor=clerk, reason="Salle inondée")
    with pytest.raises(InvalidTransition):
        meeting_reschedule(meeting=meeting, actor=clerk,
                           starts_at=meeting.starts_at + timedelta(days=1), place="Salle B",
                           reason="Travaux")


def test_before_the_invitations_only_the_public_registered_is_told(clerk, residents_college):
    meeting = MeetingFactory(commission=residents_college.commission)
    MembershipFactory(seat_group=residents_college)
    visitor = ResidentFactory().user
    meeting_register(meeting=meeting, user=visitor)
    meeting_cancel(meeting=meeting, actor=clerk, reason="Report")
    assert _told("commission_meeting_cancelled") == {visitor}


def test_rescheduling_into_the_past_is_refused_and_tells_nobody(clerk, convened):
    # given a convened meeting
    meeting, _people = convened
    # when it is moved to an hour ago
    with pytest.raises(DomainError) as past:
        meeting_reschedule(meeting=meeting, actor=clerk,
                           starts_at=timezone.now() - timedelta(hours=1), place="Salle B",
                           reason="Travaux")
    # then the date is refused, the meeting stays where it was and nobody is told
    assert (past.value.code, past.value.field) == ("in_past", "starts_at")
    assert Meeting.objects.get(pk=meeting.pk).place != "Salle B"
    assert not _told("commission_meeting_rescheduled")


def test_a_change_says_who_was_told(clerk, convened):
    # given two members convened and one resident registered
    meeting, people = convened
    # when the meeting is cancelled, the result counts the members and the public told
    change = meeting_cancel(meeting=meeting, actor=clerk, reason="Salle inondée")
    assert (len(change.told.members), len(change.told.public)) == (2, 1)
    assert change.told.people == people

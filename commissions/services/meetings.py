"""Meetings: planning, agenda, invitations, public registration, attendance, minutes, files."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition
from commissions import policies, states
from commissions.files import document_checked
from commissions.models import (
    Commission,
    Consultation,
    Meeting,
    MeetingAgendaItem,
    MeetingDocument,
    MeetingRegistration,
)
from commissions.selectors import meeting_convocation, meeting_invitation_key
from commissions.states import MeetingVisibility


@transaction.atomic
def meeting_create(
    *, commission: Commission, title: str, starts_at: datetime, place: str, actor: User,
    visibility: str = MeetingVisibility.PUBLIC, public_capacity: int = 0,
    ends_at: datetime | None = None,
) -> Meeting:
    """Plan a meeting during the body's mandate (a past date records a meeting already held)."""
    policies.ensure_can_run_body(actor, commission)
    if commission.status != Commission.Status.ACTIVE:
        raise InvalidTransition(_("Cette instance est dissoute."), code="commission_dissolved")
    _check_dates(commission, starts_at, ends_at)
    if visibility not in MeetingVisibility.values:
        raise DomainError(_("Ouverture au public inconnue."), code="invalid", field="visibility")
    if visibility == MeetingVisibility.CLOSED:
        public_capacity = 0
    title = clean_text(title, field="title", max_length=200, multiline=False)
    place = clean_text(place, field="place", max_length=200, multiline=False)
    if not title or not place:
        raise DomainError(_("Indiquez l'intitulé et le lieu."), code="empty",
                          field="title" if not title else "place")
    meeting = Meeting.objects.create(
        commission=commission, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
        visibility=visibility, public_capacity=max(public_capacity, 0))
    audit_record(verb="commission.meeting_created", actor=actor, target=meeting,
                 data={"starts_at": starts_at.isoformat(), "visibility": visibility})
    return meeting


def _check_dates(commission: Commission, starts_at: datetime, ends_at: datetime | None) -> None:
    """A meeting takes place during the body's mandate, and ends after it starts."""
    if not commission.mandate_start <= timezone.localdate(starts_at) <= commission.mandate_end:
        raise DomainError(_("La réunion doit avoir lieu pendant le mandat de l'instance."),
                          code="outside_mandate", field="starts_at")
    if ends_at is not None and ends_at <= starts_at:
        raise DomainError(_("La fin doit suivre le début."), code="invalid_end", field="ends_at")


@transaction.atomic
def meeting_agenda_add(
    *, meeting: Meeting, title: str, actor: User, description: str = "",
    consultation: Consultation | None = None,
) -> MeetingAgendaItem:
    """Add a point to a planned meeting's agenda (e.g. a user consultation's results)."""
    policies.ensure_can_run_body(actor, meeting.commission)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise InvalidTransition(_("L'ordre du jour d'une réunion tenue ou annulée est figé."),
                                code="agenda_frozen")
    if consultation is not None and consultation.commission_id != meeting.commission_id:
        raise DomainError(_("Cette consultation relève d'une autre instance."),
                          code="consultation_mismatch", field="consultation")
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un intitulé au point."), code="empty", field="title")
    position = (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1
    item = MeetingAgendaItem.objects.create(
        meeting=meeting, position=position, title=title, consultation=consultation,
        description=clean_text(description, field="description", max_length=5000))
    audit_record(verb="commission.agenda_item_added", actor=actor, target=item,
                 data={"meeting": meeting.pk, "position": position})
    return item


@dataclass(frozen=True)
class Invitations:
    """What a convocation did: members convened now, and those who already were."""

    sent: int
    already: int


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor: User) -> Invitations:
    """Convene the body's members in office who are not convened yet (each member once per
    meeting: a second sending reaches only members appointed since)."""
    policies.ensure_can_run_body(actor, meeting.commission)
    meeting = Meeting.objects.select_for_update().select_related("commission").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise InvalidTransition(_("On n'invite qu'à une réunion prévue."), code="not_planned")
    convocation = meeting_convocation(meeting=meeting)
    members = convocation.to_convene
    if not members:  # nothing sent, nothing to record
        return Invitations(sent=0, already=len(convocation.convened))
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meeting.agenda.all())
    notification_enqueue(
        recipients=members, kind="commission_meeting_invitation",
        subject=_("Convocation : {body}, {date}"),
        body=_("Vous êtes convoqué à la réunion « {title} » le {date}, {place}.\n\n"
               "Ordre du jour :\n{agenda}"),
        params={"body": meeting.commission.name, "title": meeting.title, "place": meeting.place,
                "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M"),
                "agenda": agenda or "—"},
        dedupe_key=meeting_invitation_key(meeting),
        url=page_url("commissions_web:meeting", pk=meeting.pk))
    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
    audit_record(verb="commission.meeting_invited", actor=actor, target=meeting,
                 data={"members": len(members), "already": len(convocation.convened)})
    return Invitations(sent=len(members), already=len(convocation.convened))


@transaction.atomic
def meeting_register(*, meeting: Meeting, user: User) -> MeetingRegistration:
    """Reserve a seat for the public at a public meeting, within its capacity."""
    if not meeting.is_public:
        raise DomainError(_("Cette réunion se tient à huis clos."), code="closed_meeting")
    policies.ensure_can_register(meeting)
    try:
        with transaction.atomic():
            registration = MeetingRegistration.objects.create(meeting=meeting, user=user)
    except IntegrityError:
        raise Conflict(_("Vous êtes déjà inscrit à cette réunion."),
                       code="already_registered") from None
    # Conditional increment: the row is updated only while a place is left, atomically.
    taken = Meeting.objects.filter(
        pk=meeting.pk, registered_count__lt=F("public_capacity")
    ).update(registered_count=F("registered_count") + 1)
    if not taken:
        raise Conflict(_("Il n'y a plus de place pour le public à cette réunion."),
                       code="meeting_full")
    audit_record(verb="commission.meeting_registered", actor=user, target=registration)
    return registration


@transaction.atomic
def meeting_unregister(*, meeting: Meeting, user: User) -> None:
    """Give one's public seat back."""
    deleted, _rows = MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()
    if not deleted:
        raise DomainError(_("Vous n'êtes pas inscrit à cette réunion."), code="not_registered")
    Meeting.objects.filter(pk=meeting.pk).update(registered_count=F("registered_count") - 1)
    audit_record(verb="commission.meeting_unregistered", actor=user, target=meeting)


@dataclass(frozen=True)
class Audience:
    """Who a meeting's cancellation or move reaches: the members in office once invitations
    went out, and the public registered (a person may be both)."""

    members: list[User]
    public: list[User]

    @property
    def people(self) -> set[User]:
        return set(self.members) | set(self.public)


def meeting_change_audience(meeting: Meeting) -> Audience:
    members = ([membership.member for membership in meeting.commission.memberships.filter(
        status="active").select_related("member")]
        if meeting.invitations_sent_at is not None else [])
    return Audience(members=members, public=[
        registration.user for registration in meeting.registrations.select_related("user")])


@dataclass(frozen=True)
class MeetingChange:
    """A cancelled or moved meeting, and who was told of it."""

    meeting: Meeting
    told: Audience


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> MeetingChange:
    """Cancel a planned meeting with a reason; the members convened and the public registered
    are told, with the reason."""
    policies.ensure_can_run_body(actor, meeting.commission)
    reason = _reason(reason)
    meeting = transition(
        meeting, lifecycle=states.MEETING_TRANSITIONS, source=Meeting.Status.PLANNED,
        target=Meeting.Status.CANCELLED, verb="commission.meeting_cancelled", actor=actor,
        message=_("Seule une réunion prévue peut être annulée."), code="not_planned",
        data={"reason": reason})
    told = _tell_convened(
        meeting, kind="commission_meeting_cancelled",
        subject=_("Réunion annulée : {title}, {date}"),
        body=_("La réunion « {title} » de « {body} », prévue le {date} ({place}), est "
               "annulée.\n\nMotif : {reason}"),
        reason=reason)
    return MeetingChange(meeting=meeting, told=told)


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, actor: User, starts_at: datetime, place: str, reason: str,
    ends_at: datetime | None = None,
) -> MeetingChange:
    """Move a planned meeting (date, end, place) with a reason; the members convened and the
    public registered are told of the new date and place."""
    policies.ensure_can_run_body(actor, meeting.commission)
    reason = _reason(reason)
    meeting = Meeting.objects.select_for_update().select_related("commission").get(pk=meeting.pk)
    if refusal := meeting_reschedule_refusal(meeting=meeting, starts_at=starts_at,
                                             ends_at=ends_at):
        raise refusal
    place = clean_text(place, field="place", max_length=200, multiline=False)
    if not place:
        raise DomainError(_("Indiquez le lieu."), code="empty", field="place")
    before = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place,
              "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None}
    if (meeting.starts_at, meeting.ends_at, meeting.place) == (starts_at, ends_at, place):
        raise DomainError(_("La date et le lieu sont inchangés."), code="unchanged",
                          field="starts_at")
    previous_date = _when(meeting.starts_at)
    meeting.starts_at, meeting.ends_at, meeting.place = starts_at, ends_at, place
    meeting.save(update_fields=["starts_at", "ends_at", "place"])
    audit_record(verb="commission.meeting_rescheduled", actor=actor, target=meeting,
                 data={"before": before, "reason": reason,
                       "after": {"starts_at": starts_at.isoformat(), "place": place,
                                 "ends_at": ends_at.isoformat() if ends_at else None}})
    told = _tell_convened(
        meeting, kind="commission_meeting_rescheduled",
        subject=_("Réunion déplacée : {title}, {date}"),
        body=_("La réunion « {title} » de « {body} », prévue le {previous}, aura lieu le "
               "{date}, {place}.\n\nMotif : {reason}"),
        reason=reason, previous=previous_date)
    return MeetingChange(meeting=meeting, told=told)


def meeting_reschedule_refusal(*, meeting: Meeting, starts_at: datetime,
                               ends_at: datetime | None) -> DomainError | None:
    """Why moving the meeting to these dates would be refused now (None when it may move): the
    page asks before its confirmation. A move goes to a date still to come; only creating a
    meeting may use a past date, to record one already held."""
    if not states.can("meeting", meeting.status, "reschedule"):
        return InvalidTransition(_("Seule une réunion prévue peut être déplacée."),
                                 code="not_planned")
    if starts_at <= timezone.now():
        return DomainError(_("La nouvelle date doit être à venir."), code="in_past",
                           field="starts_at")
    try:
        _check_dates(meeting.commission, starts_at, ends_at)
    except DomainError as exc:
        return exc
    return None


def _reason(reason: str) -> str:
    text = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not text:
        raise DomainError(_("Indiquez le motif."), code="empty", field="reason")
    return text


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _tell_convened(meeting: Meeting, *, kind: str, subject: Any, body: Any, reason: str,
                   previous: str = "") -> Audience:
    """Tell the members convened (once invitations went out) and the public registered; each
    change is its own notice. Returns who was told."""
    audience = meeting_change_audience(meeting)
    people = audience.people
    notification_enqueue(
        recipients=sorted(people, key=lambda user: user.pk), kind=kind, subject=subject,
        body=body, dedupe_key=f"{kind}:{meeting.pk}:{timezone.now().isoformat()}",
        url=page_url("commissions_web:meeting", pk=meeting.pk),
        params={"title": meeting.title, "body": meeting.commission.name,
                "date": _when(meeting.starts_at), "place": meeting.place, "reason": reason,
                "previous": previous})
    return audience


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title: str, upload: "UploadedFile[Any]", actor: User
) -> MeetingDocument:
    """Attach a file to a meeting (type checked by content, size bounded by the charter)."""
    policies.ensure_can_run_body(actor, meeting.commission)
    if meeting.status == Meeting.Status.CANCELLED:
        raise InvalidTransition(_("Cette réunion est annulée."))
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un titre au document."), code="empty", field="title")
    kept, file_type, size = document_checked(upload)
    document = MeetingDocument.objects.create(meeting=meeting, title=title, file=kept,
                                              file_type=file_type, size=size, uploaded_by=actor)
    audit_record(verb="commission.meeting_document_added", actor=actor, target=document,
                 data={"title": title, "type": file_type, "size": size})
    return document

"""The clerks' work on the council's agenda, whatever brought each item: placing it on a
session, taking it back off with a reason, recording the vote; and the sessions' changes
(new date or place, cancellation with a reason).

Each act goes through the module that brought the item (civic.council_sources), so an
initiative, an opinion or a debate synthesis moves along and its people are told as when the
module's own pages do it.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.council_sources import source_of
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AgendaItem, CouncilDecision, CouncilSession, User
from civic.services.audit import audit_record
from civic.services.council import agenda_item_schedule, council_decision_record
from civic.text import clean_text
from civic.transitions import transition

ItemStatus = AgendaItem.Status
SessionStatus = CouncilSession.Status

ITEM_TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.PENDING: {ItemStatus.SCHEDULED, ItemStatus.WITHDRAWN},
    ItemStatus.SCHEDULED: {ItemStatus.DECIDED, ItemStatus.PENDING},
    ItemStatus.DECIDED: set(),
    ItemStatus.WITHDRAWN: set(),
}
SESSION_TRANSITIONS: dict[str, set[str]] = {
    SessionStatus.PLANNED: {SessionStatus.HELD, SessionStatus.CANCELLED},
    SessionStatus.HELD: set(),
    SessionStatus.CANCELLED: set(),
}


def _ensure_staff(actor: User) -> None:
    if not roles.is_staff_member(actor):
        raise NotPermitted(_("L'ordre du jour du conseil est tenu par les agents de la ville."))


def _reason(reason: str) -> str:
    text = clean_text(reason, field="reason", max_length=2000)
    if not text:
        raise DomainError(_("Indiquez le motif."), code="required", field="reason")
    return text


@transaction.atomic
def agenda_item_place(*, item: AgendaItem, session: CouncilSession, actor: User) -> AgendaItem:
    """Put a pending item of any kind on a planned session (clerks); its module moves its
    source along (an initiative becomes scheduled, an opinion's members see the session)."""
    _ensure_staff(actor)
    source, handler = source_of(item)
    if source is not None and handler.schedule is not None:
        if item.status != ItemStatus.PENDING:
            raise InvalidTransition(_("Ce point est déjà inscrit ou traité."))
        handler.schedule(source=source, session=session, actor=actor)
        item.refresh_from_db()
        return item
    return agenda_item_schedule(item=item, session=session, actor=actor)


def _take_off(*, item: AgendaItem, reason: str, actor: User) -> AgendaItem:
    """Scheduled → pending, the session forgotten; the source's module is told."""
    session_id = item.session_id
    item = transition(
        item, lifecycle=ITEM_TRANSITIONS, source=ItemStatus.SCHEDULED,
        target=ItemStatus.PENDING, verb="council.item_unscheduled", actor=actor,
        message=_("Ce point n'est pas inscrit à une séance, ou a déjà été voté."),
        code="not_scheduled", data={"session": session_id, "reason": reason},
        session=None, position=0)
    source, handler = source_of(item)
    if source is not None and handler.unscheduled is not None:
        handler.unscheduled(source=source, item=item, actor=actor, reason=reason)
    return item


@transaction.atomic
def agenda_item_unschedule(*, item: AgendaItem, reason: str, actor: User) -> AgendaItem:
    """Take a scheduled item back off its session before it is decided (clerks), with a
    reason; it waits again to be put on a session."""
    _ensure_staff(actor)
    return _take_off(item=item, reason=_reason(reason), actor=actor)


@transaction.atomic
def agenda_item_decide(
    *, item: AgendaItem, outcome: str, votes_for: int, votes_against: int, abstentions: int,
    reference: str, text: str, decided_at: datetime, actor: User,
) -> CouncilDecision:
    """Record the council's vote on a scheduled item of any kind (clerks), through the
    module that brought it so that it moves its source along and tells its people."""
    _ensure_staff(actor)
    reference = clean_text(reference, field="reference", max_length=60, multiline=False)
    text = clean_text(text, field="text", max_length=20_000)
    if not reference or not text:
        raise DomainError(_("Indiquez le numéro et le texte de la délibération."),
                          code="required", field="text" if reference else "reference")
    vote: dict[str, Any] = {
        "outcome": outcome, "votes_for": votes_for, "votes_against": votes_against,
        "abstentions": abstentions, "reference": reference, "text": text,
        "decided_at": decided_at}
    source, handler = source_of(item)
    if source is not None and handler.decide is not None:
        return handler.decide(source=source, actor=actor, **vote)
    return council_decision_record(item=item, actor=actor, **vote)


@transaction.atomic
def council_session_reschedule(
    *, session: CouncilSession, starts_at: datetime, place: str, actor: User
) -> CouncilSession:
    """Change a planned session's date or place (clerks), within the council's mandate."""
    _ensure_staff(actor)
    place = clean_text(place, field="place", max_length=200, multiline=False)
    if not place:
        raise DomainError(_("Indiquez le lieu de la séance."), code="required", field="place")
    if starts_at <= timezone.now():
        raise DomainError(_("La nouvelle date doit être à venir."), code="in_the_past",
                          field="starts_at")
    council = session.council
    if not council.mandate_start <= timezone.localdate(starts_at) <= council.mandate_end:
        raise DomainError(_("La séance doit avoir lieu pendant le mandat du conseil."),
                          code="outside_mandate", field="starts_at")
    before = CouncilSession.objects.select_for_update().filter(pk=session.pk).values(
        "starts_at", "place", "status").first()
    if before is None or before["status"] != SessionStatus.PLANNED:
        raise InvalidTransition(_("Seule une séance prévue peut être déplacée."),
                                code="session_not_planned", field="starts_at")
    _ensure_nothing_decided(session, message=_(
        "Des votes sont enregistrés pour cette séance : elle ne peut plus être déplacée."),
        field="starts_at")
    if before["starts_at"] <= timezone.now():
        raise InvalidTransition(_("La séance a commencé : elle ne peut plus être déplacée."),
                                code="session_started", field="starts_at")
    if before["starts_at"] == starts_at and before["place"] == place:
        raise DomainError(_("Ni la date ni le lieu ne changent."), code="nothing_changed")
    CouncilSession.objects.filter(pk=session.pk).update(starts_at=starts_at, place=place)
    session.refresh_from_db()
    audit_record(verb="council.session_rescheduled", actor=actor, target=session,
                 data={"previous": {"starts_at": before["starts_at"].isoformat(),
                                    "place": before["place"]},
                       "starts_at": starts_at.isoformat(), "place": place})
    # Those told of the first date (an initiative's people) are told of the new one.
    for item in session.items.filter(status=ItemStatus.SCHEDULED).select_related("session"):
        source, handler = source_of(item)
        if source is not None and handler.session_moved is not None:
            handler.session_moved(source=source, item=item, actor=actor)
    return session


@transaction.atomic
def council_session_cancel(*, session: CouncilSession, reason: str, actor: User
                           ) -> CouncilSession:
    """Cancel a planned session (clerks), with a reason; its items wait again to be put on
    another session, and their modules are told."""
    _ensure_staff(actor)
    reason = _reason(reason)
    # Locked so that no vote is recorded between the check and the cancellation.
    CouncilSession.objects.select_for_update().filter(pk=session.pk).first()
    _ensure_nothing_decided(session, message=_(
        "Des votes sont enregistrés pour cette séance : elle a eu lieu et ne peut plus être "
        "annulée."), field="reason")
    session = transition(
        session, lifecycle=SESSION_TRANSITIONS, source=SessionStatus.PLANNED,
        target=SessionStatus.CANCELLED, verb="council.session_cancelled", actor=actor,
        message=_("Seule une séance prévue peut être annulée."), code="session_not_planned",
        data={"reason": reason})
    for item in AgendaItem.objects.filter(session=session, status=ItemStatus.SCHEDULED):
        _take_off(item=item, reason=reason, actor=actor)
    return session


@transaction.atomic
def council_session_mark_held(*, session: CouncilSession, actor: User) -> CouncilSession:
    """Record that a planned session took place (clerks), once it has started; it can then
    be neither moved nor cancelled.

    Its items still without a decision were not voted on that day: they go back to the items
    to schedule (with the reason in the audit log, and their modules told), as a clerk
    expects, so that they are put on another session rather than forgotten on a past one.
    """
    _ensure_staff(actor)
    locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if locked.starts_at > timezone.now():
        raise InvalidTransition(_("La séance n'a pas encore commencé : elle ne peut pas être "
                                  "déclarée tenue."), code="session_not_started")
    session = transition(
        session, lifecycle=SESSION_TRANSITIONS, source=SessionStatus.PLANNED,
        target=SessionStatus.HELD, verb="council.session_held", actor=actor,
        message=_("Seule une séance prévue peut être déclarée tenue."),
        code="session_not_planned")
    reason = str(_("Point non voté lors de la séance tenue."))
    for item in AgendaItem.objects.filter(session=session, status=ItemStatus.SCHEDULED):
        _take_off(item=item, reason=reason, actor=actor)
    return session


def _ensure_nothing_decided(session: CouncilSession, *, message: Any, field: str) -> None:
    if session.items.filter(status=ItemStatus.DECIDED).exists():
        raise InvalidTransition(message, code="session_has_decisions", field=field)


def council_session_powers(session: CouncilSession) -> dict[str, bool]:
    """What the clerks may still do to a session, for its page to offer only that: move it
    (planned, not started, nothing decided), cancel it (planned, nothing decided), declare
    it held (planned and started)."""
    planned = session.status == SessionStatus.PLANNED
    started = session.starts_at <= timezone.now()
    decided = session.items.filter(status=ItemStatus.DECIDED).exists()
    return {"can_move": planned and not started and not decided,
            "can_cancel": planned and not decided, "can_hold": planned and started}

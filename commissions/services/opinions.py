"""Opinions (avis): adopted at a meeting, sent to the council as an agenda item, put on a
session's agenda, voted on, and answered from that decision or session."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.conf import decidons_setting
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import AgendaItem, CouncilDecision, CouncilSession, User
from civic.services.audit import audit_record
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_announce,
    council_decision_record,
    council_session_ensure_started,
)
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition
from commissions import policies, states
from commissions.models import Meeting, Membership, Opinion
from commissions.selectors import opinions_overdue


def _voters(meeting: Meeting) -> tuple[int, bool]:
    """How many could vote, and whether that is the attendance: the members present, else
    the members in office at the meeting, else the body's active members."""
    if meeting.present_count is not None:
        return meeting.present_count, True
    if meeting.members_count is not None:
        return meeting.members_count, False
    return meeting.commission.memberships.filter(status=Membership.Status.ACTIVE).count(), False


def _check_votes(*, votes_for: int, votes_against: int, abstentions: int,
                 meeting: Meeting) -> None:
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    for field, value in counts.items():
        if value < 0:
            raise DomainError(_("Un nombre de voix ne peut pas être négatif."),
                              code="invalid_counts", field=field)
    if votes_for <= votes_against:
        raise DomainError(_("Un avis est adopté quand il recueille plus de voix pour que contre."),
                          code="not_adopted", field="votes_for")
    voters, present = _voters(meeting)
    total = sum(counts.values())
    if total > voters:
        message = (_("Il y a plus de voix ({votes}) que de membres présents ({voters}).")
                   if present else
                   _("Il y a plus de voix ({votes}) que de membres de l'instance ({voters})."))
        raise DomainError(message.format(votes=total, voters=voters), code="too_many_votes",
                          field="votes_for")


def opinion_adopt_refusal(*, meeting: Meeting) -> DomainError | None:
    """Why recording an opinion of this meeting would be refused whatever its text and vote
    (None when it may be): the page asks before its confirmation."""
    if meeting.status != Meeting.Status.HELD:
        return InvalidTransition(_("Un avis s'adopte lors d'une réunion tenue."),
                                 code="not_held")
    if not meeting.quorum_reached:
        return DomainError(_("Le quorum n'était pas atteint : la réunion ne pouvait pas adopter "
                             "d'avis."), code="no_quorum")
    return None


@transaction.atomic
def opinion_adopt(
    *, meeting: Meeting, title: str, text: str, votes_for: int, votes_against: int,
    abstentions: int, actor: User,
) -> Opinion:
    """Record an opinion adopted at a held meeting with quorum, with its vote."""
    policies.ensure_can_run_body(actor, meeting.commission)
    if refusal := opinion_adopt_refusal(meeting=meeting):
        raise refusal
    _check_votes(votes_for=votes_for, votes_against=votes_against, abstentions=abstentions,
                 meeting=meeting)
    title = clean_text(title, field="title", max_length=200, multiline=False)
    text = clean_text(text, field="text", max_length=20_000)
    if not title or not text:
        raise DomainError(_("Indiquez l'objet et le texte de l'avis."), code="empty",
                          field="title" if not title else "text")
    opinion = Opinion.objects.create(
        commission=meeting.commission, meeting=meeting, title=title, text=text,
        votes_for=votes_for, votes_against=votes_against, abstentions=abstentions,
        adopted_at=meeting.starts_at)
    audit_record(verb="commission.opinion_adopted", actor=actor, target=opinion,
                 data={"meeting": meeting.pk, "for": votes_for, "against": votes_against,
                       "abstentions": abstentions})
    return opinion


@transaction.atomic
def opinion_send(*, opinion: Opinion, actor: User) -> Opinion:
    """Send an adopted opinion to the council: it becomes an item to put on its agenda."""
    policies.ensure_staff(actor)
    now = timezone.now()
    days = decidons_setting("COMMISSIONS", "OPINION_ANSWER_DAYS")
    due = timezone.localdate(now) + timedelta(days=days)
    # The status moves first (compare-and-set): of concurrent sends, one alone goes on to
    # put the opinion on the council's list.
    opinion = transition(
        opinion, lifecycle=states.OPINION_TRANSITIONS, source=Opinion.Status.ADOPTED,
        target=Opinion.Status.SENT, verb="commission.opinion_sent", actor=actor,
        message=_("Cet avis a déjà été transmis au conseil."), code="already_sent",
        data={"answer_due_by": due.isoformat()}, sent_at=now, answer_due_by=due)
    item = agenda_item_submit(
        source=opinion, title=f"Avis de « {opinion.commission.name} » : {opinion.title}",
        summary=opinion.text, due_by=due, actor=actor)
    Opinion.objects.filter(pk=opinion.pk).update(agenda_item=item)
    opinion.agenda_item = item
    return opinion


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related(
        "commission", "agenda_item__session").get(pk=opinion.pk)


def _members(opinion: Opinion) -> list[User]:
    return [m.member for m in opinion.commission.memberships.filter(
        status=Membership.Status.ACTIVE).select_related("member")]


def _ensure_awaiting_answer(opinion: Opinion) -> AgendaItem:
    """The agenda item of an opinion sent to the council and not answered yet."""
    if opinion.status != Opinion.Status.SENT or opinion.agenda_item is None:
        raise InvalidTransition(_("Cet avis n'attend pas de réponse (pas encore transmis, ou "
                                  "déjà répondu)."), code="not_awaiting_answer")
    return opinion.agenda_item


@transaction.atomic
def opinion_schedule(*, opinion: Opinion, session: CouncilSession, actor: User) -> Opinion:
    """Put an opinion sent to the council on one of its sessions' agenda (clerks)."""
    policies.ensure_staff(actor)
    opinion = _locked(opinion)
    item = agenda_item_schedule(item=_ensure_awaiting_answer(opinion), session=session,
                                actor=actor)
    audit_record(verb="commission.opinion_scheduled", actor=actor, target=opinion,
                 data={"agenda_item": item.pk, "session": session.pk})
    opinion.agenda_item = item
    return opinion


@transaction.atomic
def opinion_decision_record(
    *, opinion: Opinion, outcome: str, votes_for: int, votes_against: int, abstentions: int,
    reference: str, text: str, decided_at: datetime, actor: User,
) -> CouncilDecision:
    """Record the council's vote on an opinion on a session's agenda (clerks), once the
    session has opened; the body's members are told."""
    policies.ensure_staff(actor)
    opinion = _locked(opinion)
    item = _ensure_awaiting_answer(opinion)
    reference = clean_text(reference, field="reference", max_length=60, multiline=False)
    text = clean_text(text, field="text", max_length=20_000)
    if not reference or not text:
        raise DomainError(_("Indiquez le numéro et le texte de la délibération."),
                          code="required", field="text" if reference else "reference")
    decision = council_decision_record(
        item=item, outcome=outcome, votes_for=votes_for,
        votes_against=votes_against, abstentions=abstentions, reference=reference, text=text,
        decided_at=decided_at, actor=actor)
    council_decision_announce(
        decision=decision, recipients=_members(opinion), kind="commission_opinion_voted",
        subject=_("Vote du conseil municipal sur l'avis « {title} »"),
        body=_("Le conseil municipal a voté sur l'avis de « {body} » : {outcome} ({votes_for} "
               "pour, {votes_against} contre, {abstentions} abstentions ; délibération "
               "{reference})."),
        params={"title": opinion.title, "body": opinion.commission.name,
                "outcome": decision.get_outcome_display(), "votes_for": votes_for,
                "votes_against": votes_against, "abstentions": abstentions,
                "reference": reference},
        url=page_url("commissions_web:opinion", pk=opinion.pk))
    return decision


def _answer_session(*, item: AgendaItem, decision: CouncilDecision | None,
                    session: CouncilSession | None) -> CouncilSession:
    """The session the answer comes from: the decision's, or the one given, provided the
    opinion (on agenda item `item`) was on its agenda."""
    if decision is None and session is None:
        raise DomainError(_("Indiquez la délibération du conseil sur cet avis, ou la séance où "
                            "il a été examiné."), code="answer_source_missing", field="decision")
    if decision is not None and decision.agenda_item_id != item.pk:
        raise DomainError(_("Cette délibération ne porte pas sur cet avis."),
                          code="not_this_opinion", field="decision")
    if item.session is None or (session is not None and session.pk != item.session_id):
        raise DomainError(_("Cet avis n'était pas inscrit à l'ordre du jour de cette séance."),
                          code="not_on_session_agenda", field="session")
    return item.session


@transaction.atomic
def opinion_answer_record(
    *, opinion: Opinion, answer: str, actor: User, decision: CouncilDecision | None = None,
    session: CouncilSession | None = None,
) -> Opinion:
    """Publish the council's answer to an opinion (clerks), from the council's decision on it
    or from the session whose agenda held it; the body's members are told.

    A councillor alone does not speak for the council: the answer follows its session.
    """
    if not roles.is_staff_member(actor):
        raise NotPermitted(_("La réponse du conseil est publiée par les agents de la ville, à "
                             "partir de la délibération ou de la séance où l'avis était "
                             "inscrit."))
    answer = clean_text(answer, field="answer", max_length=20_000)
    if not answer:
        raise DomainError(_("La réponse est vide."), code="empty", field="answer")
    opinion = _locked(opinion)
    item = _ensure_awaiting_answer(opinion)
    source = _answer_session(item=item, decision=decision, session=session)
    council_session_ensure_started(session=source)
    opinion = transition(
        opinion, lifecycle=states.OPINION_TRANSITIONS, source=Opinion.Status.SENT,
        target=Opinion.Status.ANSWERED, verb="commission.opinion_answered", actor=actor,
        message=_("Cet avis a déjà reçu sa réponse."), code="not_awaiting_answer",
        data={"length": len(answer), "session": source.pk,
              "decision": decision.pk if decision else None},
        answer=answer, answered_at=timezone.now(), answered_by=actor,
        answer_decision=decision, answer_session=source)
    notification_enqueue(
        recipients=_members(opinion), kind="commission_opinion_answered",
        subject=_("Le conseil a répondu à l'avis « {title} »"),
        body=_("La réponse du conseil municipal à l'avis de « {body} » est publiée."),
        params={"title": opinion.title, "body": opinion.commission.name},
        dedupe_key=f"commission-opinion-answered:{opinion.pk}",
        url=page_url("commissions_web:opinion", pk=opinion.pk))
    return opinion


def opinion_overdue_remind(*, on: date | None = None) -> int:
    """Beat job: tell the clerks about each late answer, once per opinion (safe to rerun)."""
    clerks = list(User.objects.filter(
        groups__name__in=[roles.Role.CLERK.value, roles.Role.ADMINISTRATOR.value],
        is_active=True).distinct())
    overdue = list(opinions_overdue(on=on).select_related("commission"))
    for opinion in overdue:
        notification_enqueue(
            recipients=clerks, kind="commission_opinion_overdue",
            subject=_("Réponse en retard : avis « {title} »"),
            body=_("Le conseil devait répondre avant le {due} à l'avis de « {body} »."),
            params={"title": opinion.title, "body": opinion.commission.name,
                    "due": _date(opinion.answer_due_by)},
            dedupe_key=f"commission-opinion-overdue:{opinion.pk}",
            url=page_url("commissions_web:opinion", pk=opinion.pk))
    return len(overdue)


def _date(day: date | None) -> str:
    # An overdue opinion was sent, so it has its answer date; None is only the column's type.
    return day.strftime("%d/%m/%Y") if day is not None else ""

"""Opinions (avis): adopted at a meeting, sent to the council as an agenda item, answered."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import User
from civic.services.audit import audit_record
from civic.services.council import agenda_item_submit
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from commissions import policies
from commissions.conf import commission_setting
from commissions.models import Meeting, Opinion
from commissions.selectors import opinions_overdue


def _check_votes(*, votes_for: int, votes_against: int, abstentions: int,
                 meeting: Meeting) -> None:
    if min(votes_for, votes_against, abstentions) < 0:
        raise DomainError(_("Les nombres de voix ne peuvent pas être négatifs."),
                          code="invalid_counts", field="votes_for")
    if votes_for <= votes_against:
        raise DomainError(_("Un avis est adopté quand il recueille plus de voix pour que contre."),
                          code="not_adopted", field="votes_for")
    if meeting.present_count is not None and (
        votes_for + votes_against + abstentions > meeting.present_count
    ):
        raise DomainError(_("Il y a plus de voix ({votes}) que de membres présents ({present}).")
                          .format(votes=votes_for + votes_against + abstentions,
                                  present=meeting.present_count),
                          code="too_many_votes", field="votes_for")


@transaction.atomic
def opinion_adopt(
    *, meeting: Meeting, title: str, text: str, votes_for: int, votes_against: int,
    abstentions: int, actor: User,
) -> Opinion:
    """Record an opinion adopted at a held meeting with quorum, with its vote."""
    policies.ensure_staff(actor)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Un avis s'adopte lors d'une réunion tenue."), code="not_held")
    if not meeting.quorum_reached:
        raise DomainError(_("Le quorum n'était pas atteint : la réunion ne pouvait pas adopter "
                            "d'avis."), code="no_quorum")
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
    due = timezone.localdate(now) + timedelta(days=commission_setting("OPINION_ANSWER_DAYS"))
    updated = Opinion.objects.filter(pk=opinion.pk, status=Opinion.Status.ADOPTED).update(
        status=Opinion.Status.SENT, sent_at=now, answer_due_by=due)
    if not updated:
        raise InvalidTransition(_("Cet avis a déjà été transmis au conseil."),
                                code="already_sent")
    opinion.refresh_from_db()
    item = agenda_item_submit(
        source=opinion, title=f"Avis de « {opinion.commission.name} » : {opinion.title}",
        summary=opinion.text, due_by=due, actor=actor)
    Opinion.objects.filter(pk=opinion.pk).update(agenda_item=item)
    opinion.agenda_item = item
    audit_record(verb="commission.opinion_sent", actor=actor, target=opinion,
                 data={"agenda_item": item.pk, "answer_due_by": due.isoformat()})
    return opinion


@transaction.atomic
def opinion_answer_record(*, opinion: Opinion, answer: str, actor: User) -> Opinion:
    """Record and publish the council's answer to an opinion; the body's members are told."""
    if not (roles.is_staff_member(actor) or roles.has_role(actor, roles.Role.COUNCILLOR)):
        raise NotPermitted(_("Seuls les agents et les élus enregistrent la réponse du conseil."))
    answer = clean_text(answer, field="answer", max_length=20_000)
    if not answer:
        raise DomainError(_("La réponse est vide."), code="empty", field="answer")
    updated = Opinion.objects.filter(pk=opinion.pk, status=Opinion.Status.SENT).update(
        status=Opinion.Status.ANSWERED, answer=answer, answered_at=timezone.now(),
        answered_by=actor)
    if not updated:
        raise InvalidTransition(_("Cet avis n'attend pas de réponse (pas encore transmis, ou "
                                  "déjà répondu)."), code="not_awaiting_answer")
    opinion.refresh_from_db()
    audit_record(verb="commission.opinion_answered", actor=actor, target=opinion,
                 data={"length": len(answer)})
    members = [m.member for m in opinion.commission.memberships.filter(
        status="active").select_related("member")]
    notification_enqueue(
        recipients=members, kind="commission_opinion_answered",
        subject=_("Le conseil a répondu à l'avis « {title} »"),
        body=_("La réponse du conseil municipal à l'avis de « {body} » est publiée."),
        params={"title": opinion.title, "body": opinion.commission.name},
        dedupe_key=f"commission-opinion-answered:{opinion.pk}",
        url=f"/commissions/avis/{opinion.pk}/")
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
                    "due": opinion.answer_due_by.strftime("%d/%m/%Y")},
            dedupe_key=f"commission-opinion-overdue:{opinion.pk}",
            url=f"/commissions/avis/{opinion.pk}/")
    return len(overdue)

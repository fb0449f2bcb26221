"""The municipal council: sessions, agenda items brought by other modules, decisions."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import AgendaItem, CouncilDecision, CouncilSession, MunicipalCouncil, User
from civic.services.audit import audit_record


def council_current(*, on: date | None = None) -> MunicipalCouncil:
    """The council whose mandate covers `on` (today by default)."""
    day = on or timezone.localdate()
    council = (
        MunicipalCouncil.objects.filter(mandate_start__lte=day, mandate_end__gte=day)
        .order_by("-mandate_start")
        .first()
    )
    if council is None:
        raise DomainError(_("Aucun conseil municipal n'est en fonction à cette date."),
                          code="no_council")
    return council


@transaction.atomic
def council_session_create(
    *, council: MunicipalCouncil, starts_at: datetime, place: str, actor: User
) -> CouncilSession:
    """Plan a council session (clerks)."""
    if not council.mandate_start <= timezone.localdate(starts_at) <= council.mandate_end:
        raise DomainError(_("La séance doit avoir lieu pendant le mandat du conseil."),
                          code="outside_mandate", field="starts_at")
    session = CouncilSession.objects.create(council=council, starts_at=starts_at, place=place)
    audit_record(verb="council.session_created", actor=actor, target=session,
                 data={"starts_at": starts_at.isoformat(), "place": place})
    return session


@transaction.atomic
def agenda_item_submit(
    *,
    source: Model,
    title: str,
    summary: str = "",
    due_by: date | None = None,
    actor: User | None,
    council: MunicipalCouncil | None = None,
) -> AgendaItem:
    """Put an object (initiative, opinion, ...) on the council's list of items to schedule.

    Submitting the same source twice returns the open item instead of a duplicate.
    """
    source_type = ContentType.objects.get_for_model(source)
    existing = AgendaItem.objects.filter(
        source_type=source_type, source_id=source.pk
    ).exclude(status=AgendaItem.Status.WITHDRAWN).first()
    if existing is not None:
        return existing
    # A concurrent submission of the same source fails on agenda_item_one_open_per_source.
    item = AgendaItem.objects.create(
        council=council or council_current(), title=title[:300], summary=summary,
        due_by=due_by, source_type=source_type, source_id=source.pk,
    )
    audit_record(verb="council.item_submitted", actor=actor, target=item,
                 data={"source": f"{source_type.app_label}.{source_type.model}:{source.pk}"})
    return item


@transaction.atomic
def agenda_item_schedule(*, item: AgendaItem, session: CouncilSession, actor: User) -> AgendaItem:
    """Place a pending item on a planned session's agenda."""
    if session.status != CouncilSession.Status.PLANNED:
        raise InvalidTransition(_("Cette séance n'est plus ouverte à l'inscription."))
    if session.council_id != item.council_id:
        raise DomainError(_("La séance appartient à un autre mandat."), code="wrong_council")
    position = (session.items.aggregate(m=Max("position"))["m"] or 0) + 1
    updated = AgendaItem.objects.filter(pk=item.pk, status=AgendaItem.Status.PENDING).update(
        session=session, status=AgendaItem.Status.SCHEDULED, position=position
    )
    if not updated:
        raise InvalidTransition(_("Ce point est déjà inscrit ou traité."))
    item.refresh_from_db()
    audit_record(verb="council.item_scheduled", actor=actor, target=item,
                 data={"session": session.pk, "position": position})
    return item


@transaction.atomic
def council_decision_record(
    *,
    item: AgendaItem,
    outcome: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    reference: str,
    text: str,
    decided_at: datetime,
    actor: User,
) -> CouncilDecision:
    """Record the council's vote on a scheduled item."""
    if outcome not in CouncilDecision.Outcome.values:
        raise DomainError(_("Issue du vote inconnue."), code="invalid_outcome", field="outcome")
    if min(votes_for, votes_against, abstentions) < 0:
        raise DomainError(_("Les nombres de voix ne peuvent pas être négatifs."),
                          code="invalid_counts", field="votes_for")
    if outcome in (CouncilDecision.Outcome.ADOPTED, CouncilDecision.Outcome.AMENDED) and (
        votes_for <= votes_against
    ):
        raise DomainError(_("Une délibération adoptée doit avoir plus de voix pour que contre."),
                          code="inconsistent_counts", field="votes_for")
    if outcome == CouncilDecision.Outcome.REJECTED and votes_for > votes_against:
        raise DomainError(_("Une délibération rejetée ne peut pas avoir plus de voix pour que "
                            "contre."), code="inconsistent_counts", field="votes_for")
    if CouncilDecision.objects.filter(reference=reference).exists():
        raise Conflict(_("Ce numéro de délibération est déjà utilisé."),
                       code="duplicate_reference", field="reference")
    updated = AgendaItem.objects.filter(pk=item.pk, status=AgendaItem.Status.SCHEDULED).update(
        status=AgendaItem.Status.DECIDED
    )
    if not updated:
        raise InvalidTransition(_("Ce point n'est pas inscrit à une séance, ou a déjà été voté."))
    decision = CouncilDecision.objects.create(
        agenda_item=item, outcome=outcome, votes_for=votes_for, votes_against=votes_against,
        abstentions=abstentions, reference=reference, text=text, decided_at=decided_at,
        recorded_by=actor,
    )
    item.refresh_from_db()
    audit_record(verb="council.decision_recorded", actor=actor, target=decision,
                 data={"item": item.pk, "outcome": outcome, "for": votes_for,
                       "against": votes_against, "abstentions": abstentions})
    return decision

"""The municipal council: sessions, agenda items brought by other modules, decisions.

A decision is recorded once its session has opened, with counts the council's seats can
hold; a mistake is corrected by a rectification that keeps what it replaced and tells again
everyone who was told of the vote.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import (
    AgendaItem,
    CouncilDecision,
    CouncilDecisionCorrection,
    CouncilSession,
    MunicipalCouncil,
    Notification,
    User,
)
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text

Outcome = CouncilDecision.Outcome
# What a rectification may change, in the order the audit entry lists it.
CORRECTABLE = ("outcome", "votes_for", "votes_against", "abstentions", "reference", "text",
               "decided_at")


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


def council_session_ensure_started(*, session: CouncilSession) -> None:
    """Refuse to record what a session decided before it has opened, or if it was cancelled."""
    if session.status == CouncilSession.Status.CANCELLED:
        raise InvalidTransition(_("Cette séance a été annulée : rien ne peut y être enregistré."),
                                code="session_cancelled")
    if session.starts_at > timezone.now():
        raise InvalidTransition(
            _("La séance du {day} n'a pas encore commencé : son vote s'enregistre une fois la "
              "séance ouverte.").format(
                day=timezone.localtime(session.starts_at).strftime("%d/%m/%Y, %H:%M")),
            code="session_not_started")


def _check_counts(*, outcome: str, votes_for: int, votes_against: int, abstentions: int) -> None:
    """Each count between 0 and the seats, all of them within the seats, and the outcome
    agreeing with them; the error names the field to correct."""
    if outcome not in Outcome.values:
        raise DomainError(_("Issue du vote inconnue."), code="invalid_outcome", field="outcome")
    seats = decidons_setting("COUNCIL", "SEATS")
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    for field, value in counts.items():
        if value < 0:
            raise DomainError(_("Un nombre de voix ne peut pas être négatif."),
                              code="invalid_counts", field=field)
        if value > seats:
            raise DomainError(
                _("Le conseil municipal compte {seats} sièges : pas plus de {seats} voix.")
                .format(seats=seats), code="too_many_votes", field=field)
    total = sum(counts.values())
    if total > seats:
        raise DomainError(
            _("Pour, contre et abstentions font {total} voix, pour {seats} sièges au conseil "
              "municipal.").format(total=total, seats=seats),
            code="too_many_votes", field="votes_for")
    if outcome in (Outcome.ADOPTED, Outcome.AMENDED) and votes_for <= votes_against:
        raise DomainError(_("Une délibération adoptée doit avoir plus de voix pour que contre."),
                          code="inconsistent_counts", field="votes_for")
    if outcome == Outcome.REJECTED and votes_for > votes_against:
        raise DomainError(_("Une délibération rejetée ne peut pas avoir plus de voix pour que "
                            "contre."), code="inconsistent_counts", field="votes_for")


def _check_decided_at(*, decided_at: datetime, session: CouncilSession | None) -> None:
    # A decided item always has its session; None is only the column's type.
    if session is not None and not session.starts_at <= decided_at <= timezone.now():
        raise DomainError(
            _("Le vote a eu lieu pendant la séance : entre son ouverture ({start}) et "
              "maintenant.").format(
                start=timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")),
            code="invalid_decided_at", field="decided_at")


def _check_reference_free(*, reference: str, decision: CouncilDecision | None = None) -> None:
    taken = CouncilDecision.objects.filter(reference=reference)
    if decision is not None:
        taken = taken.exclude(pk=decision.pk)
    if taken.exists():
        raise Conflict(_("Ce numéro de délibération est déjà utilisé."),
                       code="duplicate_reference", field="reference")


def council_vote_check(
    *, item: AgendaItem | None, outcome: str, votes_for: int, votes_against: int,
    abstentions: int, decided_at: datetime,
) -> None:
    """The checks of a vote that need nothing recorded: counts within the seats and agreeing
    with the outcome, the session opened, the date within it. Lets a form refuse a vote
    before asking to confirm it; recording checks all again."""
    _check_counts(outcome=outcome, votes_for=votes_for, votes_against=votes_against,
                  abstentions=abstentions)
    if item is not None and item.session is not None:
        council_session_ensure_started(session=item.session)
        _check_decided_at(decided_at=decided_at, session=item.session)


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
    """Record the council's vote on a scheduled item, once its session has opened."""
    _check_counts(outcome=outcome, votes_for=votes_for, votes_against=votes_against,
                  abstentions=abstentions)
    _check_reference_free(reference=reference)
    current = AgendaItem.objects.select_related("session").filter(pk=item.pk).first()
    if (current is None or current.status != AgendaItem.Status.SCHEDULED
            or current.session is None):
        raise InvalidTransition(_("Ce point n'est pas inscrit à une séance, ou a déjà été voté."))
    council_session_ensure_started(session=current.session)
    _check_decided_at(decided_at=decided_at, session=current.session)
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


@transaction.atomic
def council_decision_announce(
    *,
    decision: CouncilDecision,
    recipients: Iterable[User],
    kind: str,
    subject: Any,
    body: Any,
    url: str,
    params: Mapping[str, Any] | None = None,
) -> int:
    """Tell people of the council's vote; a later rectification is told to exactly them."""
    key = f"council-decision:{decision.pk}"
    CouncilDecision.objects.filter(pk=decision.pk).update(announcement_key=key)
    decision.announcement_key = key
    return notification_enqueue(recipients=recipients, kind=kind, subject=subject, body=body,
                                params=params, dedupe_key=key, url=url)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _clean_changes(decision: CouncilDecision, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The values that differ from the decision's, the texts cleaned like at recording."""
    if wanted.get("reference") is not None:
        wanted = {**wanted, "reference": clean_text(wanted["reference"], field="reference",
                                                    max_length=60, multiline=False)}
        if not wanted["reference"]:
            raise DomainError(_("Indiquez le numéro de la délibération."), code="required",
                              field="reference")
    if wanted.get("text") is not None:
        wanted = {**wanted, "text": clean_text(wanted["text"], field="text", max_length=20000)}
    return {field: value for field, value in wanted.items()
            if value is not None and value != getattr(decision, field)}


@transaction.atomic
def council_decision_correct(
    *,
    decision: CouncilDecision,
    reason: str,
    actor: User,
    outcome: str | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    reference: str | None = None,
    text: str | None = None,
    decided_at: datetime | None = None,
) -> CouncilDecision:
    """Rectify a recorded decision (clerks), with a reason; what it replaces stays in the
    audit log and on the public page, and everyone told of the vote is told again.

    A value left to None is kept.
    """
    if not roles.is_staff_member(actor):
        raise NotPermitted(_("Seuls les agents de la ville rectifient une délibération."))
    # Locked so two rectifications read and replace the values one after the other.
    decision = CouncilDecision.objects.select_for_update(of=("self",)).select_related(
        "agenda_item__session").get(pk=decision.pk)
    reason, changes = _correction_checked(decision=decision, reason=reason, values={
        "outcome": outcome, "votes_for": votes_for, "votes_against": votes_against,
        "abstentions": abstentions, "reference": reference, "text": text,
        "decided_at": decided_at})
    before = {field: getattr(decision, field) for field in CORRECTABLE}
    previous = {field: _json(before[field]) for field in CORRECTABLE if field in changes}
    for field, value in changes.items():
        setattr(decision, field, value)
    decision.save(update_fields=list(changes))
    correction = CouncilDecisionCorrection.objects.create(
        decision=decision, reason=reason, previous=previous, corrected_at=timezone.now(),
        corrected_by=actor)
    audit_record(verb="council.decision_corrected", actor=actor, target=decision,
                 data={"correction": correction.pk, "reason": reason, "previous": previous,
                       "corrected": {field: _json(changes[field]) for field in previous}})
    _tell_correction(decision=decision, correction=correction, before=before)
    return decision


def _correction_checked(*, decision: CouncilDecision, reason: str, values: Mapping[str, Any]
                        ) -> tuple[str, dict[str, Any]]:
    """The rectification's reason and changed values, once every rule that needs nothing
    recorded has accepted them."""
    reason = clean_text(reason, field="reason", max_length=2000)
    if not reason:
        raise DomainError(_("Indiquez le motif de la rectification."), code="required",
                          field="reason")
    changes = _clean_changes(decision, dict(values))
    if not changes:
        raise DomainError(_("Aucune valeur ne change : il n'y a rien à rectifier."),
                          code="nothing_changed")
    after = {field: changes.get(field, getattr(decision, field)) for field in CORRECTABLE}
    _check_counts(outcome=after["outcome"], votes_for=after["votes_for"],
                  votes_against=after["votes_against"], abstentions=after["abstentions"])
    if "reference" in changes:
        _check_reference_free(reference=changes["reference"], decision=decision)
    if "decided_at" in changes:
        _check_decided_at(decided_at=changes["decided_at"], session=decision.agenda_item.session)
    return reason, changes


def council_decision_correction_check(*, decision: CouncilDecision, reason: str,
                                      **values: Any) -> None:
    """The checks of a rectification that need nothing recorded, so that a form refuses it
    before asking to confirm it; the rectification checks all again."""
    _correction_checked(decision=decision, reason=reason, values=values)


def _tell_correction(*, decision: CouncilDecision, correction: CouncilDecisionCorrection,
                     before: Mapping[str, Any]) -> None:
    """Notify again the people the vote was announced to, stating old and new results."""
    if not decision.announcement_key:
        return
    announced = Notification.objects.filter(dedupe_key=decision.announcement_key,
                                            channel=Notification.Channel.IN_APP)
    told = User.objects.filter(pk__in=announced.values("recipient_id"))
    notification_enqueue(
        recipients=told, kind="council_decision_corrected",
        subject=_("Délibération n° {reference} rectifiée"),
        body=_("La délibération n° {reference} du conseil municipal (« {title} ») a été "
               "rectifiée le {day}. Résultat rectifié : {outcome}, {votes_for} pour, "
               "{votes_against} contre, {abstentions} abstentions. Publié auparavant : "
               "{previous_outcome}, {previous_for} pour, {previous_against} contre, "
               "{previous_abstentions} abstentions. Motif : {reason}"),
        params={"reference": decision.reference, "title": decision.agenda_item.title,
                "day": timezone.localtime(correction.corrected_at).strftime("%d/%m/%Y"),
                "outcome": Outcome(decision.outcome).label, "votes_for": decision.votes_for,
                "votes_against": decision.votes_against, "abstentions": decision.abstentions,
                "previous_outcome": Outcome(before["outcome"]).label,
                "previous_for": before["votes_for"], "previous_against": before["votes_against"],
                "previous_abstentions": before["abstentions"], "reason": correction.reason},
        dedupe_key=f"council-decision:{decision.pk}:correction:{correction.pk}",
        url=announced.values_list("url", flat=True).first() or "")

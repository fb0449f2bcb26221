"""Participatory budgets: creation, charter, phase transitions (by clerks or on schedule)."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgets import policies, states
from budgets.models import (
    BallotKind,
    BudgetDebate,
    PaperBallotEntry,
    ParticipatoryBudget,
    Proposal,
)
from budgets.models.paper_ballot import OPEN_STATUSES
from budgets.models.proposal import ProposalStatus
from budgets.services.ballots import ballot_box_open, ballot_seal
from budgets.states import BudgetStatus, DebateStatus
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import Neighbourhood, User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition

logger = logging.getLogger(__name__)

CHARTER_FIELDS = (
    "min_age", "residence", "require_verified", "ballot_kind", "min_projects", "max_projects",
    "min_share_percent", "points_total", "max_points_per_project", "rule",
    "min_score_threshold", "voting_requires_closed_debate", "unspent_use",
)
SCHEDULE_FIELDS = ("submission_opens_at", "review_starts_at", "voting_opens_at",
                   "voting_closes_at")


def _cleaned_charter(values: dict[str, Any]) -> dict[str, Any]:
    """The charter's free text as stored (plain text, bounded)."""
    if "unspent_use" in values:
        values = values | {"unspent_use": clean_text(values["unspent_use"] or "",
                                                     field="unspent_use", max_length=1000)}
    return values


def _check_charter(values: dict[str, Any]) -> None:
    if values.get("ballot_kind") == BallotKind.CUMULATIVE and not values.get("points_total"):
        raise DomainError(_("Un vote par points demande le nombre de points à répartir."),
                          code="points_required", field="points_total")
    max_projects = values.get("max_projects")
    if max_projects is not None and max_projects < values.get("min_projects", 1):
        raise DomainError(_("Le nombre maximum de projets doit être au moins égal au minimum."),
                          code="invalid_limits", field="max_projects")
    share = values.get("min_share_percent")
    if share is not None and share > 100:
        raise DomainError(_("La part minimale est un pourcentage (100 au plus)."),
                          code="invalid_share", field="min_share_percent")
    dates = [values.get(name) for name in SCHEDULE_FIELDS]
    set_dates = [d for d in dates if d is not None]
    if set_dates != sorted(set_dates):
        raise DomainError(_("Les dates du calendrier doivent se suivre dans l'ordre des phases."),
                          code="invalid_schedule", field="voting_opens_at")


@transaction.atomic
def budget_create(
    *, year: int, neighbourhood: Neighbourhood | None, title: str, envelope_cents: int,
    actor: User, description: str = "", **charter: Any,
) -> ParticipatoryBudget:
    """Create a budget in preparation (clerks); one per neighbourhood per year, one town-wide."""
    policies.ensure_staff(actor)
    unknown = set(charter) - set(CHARTER_FIELDS) - set(SCHEDULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown charter fields: {sorted(unknown)}")
    charter = _cleaned_charter(charter)
    if envelope_cents <= 0:
        raise DomainError(_("L'enveloppe doit être positive."), code="invalid_envelope",
                          field="envelope_cents")
    _check_charter(charter)
    fields = {"title": clean_text(title, field="title", max_length=200, multiline=False),
              "description": clean_text(description, field="description", max_length=5000)}
    if not fields["title"]:
        raise DomainError(_("Donnez un titre au budget."), code="empty", field="title")
    try:
        with transaction.atomic():
            budget = ParticipatoryBudget.objects.create(
                year=year, neighbourhood=neighbourhood, envelope_cents=envelope_cents,
                created_by=actor, **fields, **charter)
    except IntegrityError:
        raise Conflict(_("Ce quartier a déjà un budget participatif pour cette année."),
                       code="budget_exists", field="neighbourhood") from None
    audit_record(verb="budget.created", actor=actor, target=budget,
                 data={"year": year, "neighbourhood": neighbourhood and neighbourhood.code,
                       "envelope_cents": envelope_cents})
    return budget


@transaction.atomic
def budget_charter_update(*, budget: ParticipatoryBudget, actor: User,
                          **changes: Any) -> ParticipatoryBudget:
    """Change the charter or schedule while the budget is in preparation (clerks)."""
    policies.ensure_staff(actor)
    policies.ensure_capability(budget, "edit_charter")
    allowed = set(CHARTER_FIELDS) | set(SCHEDULE_FIELDS) | {"envelope_cents", "description"}
    if set(changes) - allowed:
        raise TypeError(f"unknown fields: {sorted(set(changes) - allowed)}")
    changes = _cleaned_charter(changes)
    values = {name: getattr(budget, name) for name in allowed} | changes
    _check_charter(values)
    for name, value in changes.items():
        setattr(budget, name, value)
    budget.save(update_fields=list(changes))
    audit_record(verb="budget.charter_updated", actor=actor, target=budget,
                 data={k: str(v) for k, v in changes.items()})
    return budget


def _guard_voting(budget: ParticipatoryBudget) -> None:
    if budget.voting_requires_closed_debate and not BudgetDebate.objects.filter(
        year=budget.year, status=DebateStatus.CLOSED
    ).exists():
        raise InvalidTransition(_("Le vote ne peut ouvrir qu'après la clôture du débat sur le "
                                  "budget général {year}.").format(year=budget.year),
                                code="debate_not_closed")
    proposals = Proposal.objects.filter(budget=budget)
    waiting = proposals.filter(status=ProposalStatus.SUBMITTED).count()
    if waiting:
        raise InvalidTransition(_("Il reste {n} projet(s) à étudier avant d'ouvrir le vote.")
                                .format(n=waiting), code="proposals_not_reviewed")
    if not proposals.filter(status=ProposalStatus.FEASIBLE).exists():
        raise InvalidTransition(_("Aucun projet n'a été retenu pour le vote."),
                                code="no_feasible_proposal")


def _guard_tally(budget: ParticipatoryBudget) -> None:
    """Voting closes only once every paper ballot handed in is settled: the count would run
    without a ballot still waiting for a clerk's typing, and that typing is refused once the
    phase has moved, so the resident's vote would be lost without anyone noticing."""
    waiting = PaperBallotEntry.objects.filter(budget=budget, status__in=OPEN_STATUSES).count()
    if waiting:
        raise InvalidTransition(ngettext(
            "%(n)s bulletin papier attend encore une saisie par un autre agent : le vote ne "
            "peut pas être clos avant qu'il soit confirmé ou annulé (Guichet, « Bulletins "
            "papier à confirmer »).",
            "%(n)s bulletins papier attendent encore une saisie par un autre agent : le vote "
            "ne peut pas être clos avant qu'ils soient confirmés ou annulés (Guichet, "
            "« Bulletins papier à confirmer »).", waiting) % {"n": waiting},
            code="paper_ballots_pending", pending=waiting)


def _guard_results(budget: ParticipatoryBudget) -> None:
    from budgets.selectors import tally_current

    if tally_current(budget=budget) is None:
        raise InvalidTransition(_("Le dépouillement n'est pas terminé."), code="tally_not_done")


def _after_voting(budget: ParticipatoryBudget, actor: User | None) -> None:
    ballot_box_open(budget=budget)
    authors = User.objects.filter(budget_proposals__budget=budget,
                                  budget_proposals__status=ProposalStatus.FEASIBLE).distinct()
    notification_enqueue(
        recipients=authors, kind="budget_voting_open",
        subject=_("Le vote est ouvert : « {title} »"),
        body=_("Votre projet est soumis au vote des habitants. Parlez-en autour de vous !"),
        params={"title": budget.title}, dedupe_key=f"budget:{budget.pk}:voting",
        url=page_url("budgets_web:budget", pk=budget.pk))


def _after_tally(budget: ParticipatoryBudget, actor: User | None) -> None:
    from budgets.services.tallies import tally_request

    ballots = ballot_seal(budget=budget)
    audit_record(verb="budget.ballot_box_sealed", actor=actor, target=budget,
                 data={"ballots": ballots})
    tally_request(budget=budget, actor=actor)


def _after_results(budget: ParticipatoryBudget, actor: User | None) -> None:
    from budgets.services.results import results_publish

    results_publish(budget=budget, actor=actor)


GUARDS: dict[str, Callable[[ParticipatoryBudget], None]] = {
    BudgetStatus.VOTING: _guard_voting,
    BudgetStatus.TALLY: _guard_tally,
    BudgetStatus.RESULTS: _guard_results,
}
AFTER: dict[str, Callable[[ParticipatoryBudget, User | None], None]] = {
    BudgetStatus.VOTING: _after_voting,
    BudgetStatus.TALLY: _after_tally,
    BudgetStatus.RESULTS: _after_results,
}


def budget_transition_refusal(*, budget: ParticipatoryBudget, target: str
                              ) -> DomainError | None:
    """Why moving the budget to `target` would be refused now (None when it may move): the
    page asks before a confirmation, so a clerk never confirms a move that cannot happen."""
    if target not in states.TRANSITIONS.get(budget.status, set()):
        return InvalidTransition(_("Passage impossible de la phase « {a} » à « {b} ».").format(
            a=BudgetStatus(budget.status).label, b=BudgetStatus(target).label
            if target in BudgetStatus.values else target))
    try:
        if guard := GUARDS.get(target):
            guard(budget)
    except DomainError as exc:
        return exc
    return None


@transaction.atomic
def budget_transition(*, budget: ParticipatoryBudget, target: str,
                      actor: User | None) -> ParticipatoryBudget:
    """Move a budget to its next phase (clerks, or the schedule when `actor` is None)."""
    if actor is not None:
        policies.ensure_staff(actor)
    current = budget.status
    # Locked before the guards read: a paper ballot typed (or a vote cast) meanwhile holds a
    # share lock on this row, so it is either counted by the guards or refused by the phase.
    list(ParticipatoryBudget.objects.select_for_update().filter(pk=budget.pk).order_by()
         .values_list("pk", flat=True))
    if refusal := budget_transition_refusal(budget=budget, target=target):
        raise refusal
    transition(budget, lifecycle=states.TRANSITIONS, source=current, target=target,
               verb="budget.phase_changed", actor=actor,
               message=_("La phase a déjà changé entre-temps."), code="phase_changed",
               data={"scheduled": actor is None}, status_changed_at=timezone.now())
    if after := AFTER.get(target):
        after(budget, actor)
    return budget


# Which schedule date moves a budget out of each phase.
DUE_DATES = {
    BudgetStatus.PREPARATION: ("submission_opens_at", BudgetStatus.SUBMISSION),
    BudgetStatus.SUBMISSION: ("review_starts_at", BudgetStatus.REVIEW),
    BudgetStatus.REVIEW: ("voting_opens_at", BudgetStatus.VOTING),
    BudgetStatus.VOTING: ("voting_closes_at", BudgetStatus.TALLY),
}


def budget_advance_due(*, now: datetime | None = None) -> int:
    """Beat job: move every budget whose scheduled date has passed; safe to run twice."""
    moment = now or timezone.now()
    moved = 0
    for status, (date_field, target) in DUE_DATES.items():
        due = ParticipatoryBudget.objects.filter(status=status,
                                                 **{f"{date_field}__lte": moment})
        for budget in due:
            try:
                budget_transition(budget=budget, target=target, actor=None)
            except DomainError as exc:
                # A guard holds it back (e.g. projects still under review): retried next run.
                logger.info("budget %s stays in %s: %s", budget.pk, status, exc.message)
                continue
            moved += 1
    return moved


# What a clerk may still correct in each phase. Until voting opens the page's words may be
# mended; the envelope, charter and schedule only while the budget is in preparation (the
# budget page promises residents that the rules change no more once projects are submitted).
WORDING_FIELDS = ("title", "description")
RULE_FIELDS = ("envelope_cents", *CHARTER_FIELDS, *SCHEDULE_FIELDS)
WORDING_PHASES = (BudgetStatus.PREPARATION, BudgetStatus.SUBMISSION, BudgetStatus.REVIEW)


def value_changed(old: object, new: object) -> bool:
    """Whether a corrected value differs; a form gives times to the minute, so a stored time
    with seconds is unchanged when it shows the same minute."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old.replace(second=0, microsecond=0) != new.replace(second=0, microsecond=0)
    return old != new


def _edit_refusal(budget: ParticipatoryBudget, field: str) -> DomainError | None:
    if budget.status == BudgetStatus.PREPARATION:
        return None
    if budget.status not in WORDING_PHASES:
        return InvalidTransition(_("Ce budget ne se modifie plus depuis l'ouverture du vote."),
                                 code="budget_locked", field=field)
    if field in WORDING_FIELDS:
        return None
    return InvalidTransition(
        _("L'enveloppe, le règlement et le calendrier ne se modifient qu'en préparation : "
          "la phase « {phase} » a commencé.").format(phase=BudgetStatus(budget.status).label),
        code="charter_locked", field=field)


@transaction.atomic
def budget_update(*, budget: ParticipatoryBudget, actor: User,
                  **changes: Any) -> ParticipatoryBudget:
    """Correct a budget (clerks): its title and presentation until voting opens, its envelope,
    charter and schedule while in preparation; the values replaced go to the audit entry."""
    policies.ensure_staff(actor)
    budget = ParticipatoryBudget.objects.select_for_update().get(pk=budget.pk)
    unknown = set(changes) - set(WORDING_FIELDS) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "title" in changes:
        changes["title"] = clean_text(changes["title"], field="title", max_length=200,
                                      multiline=False)
        if not changes["title"]:
            raise DomainError(_("Donnez un titre au budget."), code="empty", field="title")
    if "description" in changes:
        changes["description"] = clean_text(changes["description"], field="description",
                                            max_length=5000)
    changed = {name: value for name, value in changes.items()
               if value_changed(getattr(budget, name), value)}
    if not changed:
        raise DomainError(_("Rien n'a changé."), code="unchanged")
    for name in changed:
        if (refusal := _edit_refusal(budget, name)) is not None:
            raise refusal
    if "envelope_cents" in changed and not changed["envelope_cents"]:
        raise DomainError(_("L'enveloppe doit être positive."), code="invalid_envelope",
                          field="envelope_cents")
    _check_charter({name: getattr(budget, name) for name in RULE_FIELDS} | changed)
    before = {name: getattr(budget, name) for name in changed}
    for name, value in changed.items():
        setattr(budget, name, value)
    budget.save(update_fields=list(changed))
    audit_record(verb="budget.updated", actor=actor, target=budget,
                 data={"before": {k: str(v) for k, v in before.items()},
                       "after": {k: str(v) for k, v in changed.items()}})
    return budget


def budget_withdraw_refusal(*, budget: ParticipatoryBudget) -> DomainError | None:
    """Why the budget cannot be withdrawn now (None when it can): the page asks it before
    offering the confirmation, the service again under the lock."""
    if budget.status != BudgetStatus.PREPARATION or budget.proposals.exists():
        return InvalidTransition(
            _("Seul un budget encore en préparation peut être retiré : la phase « {phase} » "
              "a commencé.").format(phase=BudgetStatus(budget.status).label),
            code="not_in_preparation")
    return None


@transaction.atomic
def budget_withdraw(*, budget: ParticipatoryBudget, actor: User, reason: str) -> None:
    """Withdraw a budget created by mistake while it is in preparation (clerks): nobody has
    acted on it yet, so it is deleted; the audit entry keeps what it was and why."""
    policies.ensure_staff(actor)
    budget = ParticipatoryBudget.objects.select_for_update().get(pk=budget.pk)
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not reason:
        raise DomainError(_("Indiquez le motif."), code="empty", field="reason")
    if refusal := budget_withdraw_refusal(budget=budget):
        raise refusal
    audit_record(verb="budget.withdrawn", actor=actor, target=budget,
                 data={"title": budget.title, "year": budget.year,
                       "neighbourhood": budget.neighbourhood and budget.neighbourhood.code,
                       "envelope_cents": budget.envelope_cents, "reason": reason})
    budget.delete()

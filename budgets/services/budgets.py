"""Participatory budgets: creation, charter, phase transitions (by clerks or on schedule)."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies, states
from budgets.models import BallotKind, BudgetDebate, ParticipatoryBudget, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.services.ballots import ballot_box_open, ballot_seal
from budgets.states import BudgetStatus, DebateStatus
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import Neighbourhood, User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text

logger = logging.getLogger(__name__)

CHARTER_FIELDS = (
    "min_age", "residence", "require_verified", "ballot_kind", "min_projects", "max_projects",
    "min_share_percent", "points_total", "max_points_per_project", "rule",
    "min_score_threshold", "voting_requires_closed_debate",
)
SCHEDULE_FIELDS = ("submission_opens_at", "review_starts_at", "voting_opens_at",
                   "voting_closes_at")


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
    if refusal := budget_transition_refusal(budget=budget, target=target):
        raise refusal
    updated = ParticipatoryBudget.objects.filter(pk=budget.pk, status=current).update(
        status=target, status_changed_at=timezone.now())
    if not updated:
        raise InvalidTransition(_("La phase a déjà changé entre-temps."), code="phase_changed")
    budget.refresh_from_db()
    audit_record(verb="budget.phase_changed", actor=actor, target=budget,
                 data={"from": current, "to": target, "scheduled": actor is None})
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

"""Ballots: one per voter per budget, validated against the charter, changeable while voting."""

import hashlib
import secrets
from collections.abc import Mapping

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies
from budgets.errors import InvalidBallot
from budgets.models import Ballot, BallotChoice, BallotKind, ParticipatoryBudget, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.money import format_euros
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue


def receipt_of(*, budget_id: int, salt: str, choices: Mapping[int, int]) -> str:
    """SHA-256 of the salt and the ballot's canonical content; the salt hides the content."""
    canonical = ",".join(f"{pid}:{pts}" for pid, pts in sorted(choices.items()))
    return hashlib.sha256(f"{salt}|{budget_id}|{canonical}".encode()).hexdigest()


def _refuse(message: object, code: str) -> InvalidBallot:
    return InvalidBallot(message, code=code, field="choices")


def _check_projects(budget: ParticipatoryBudget, choices: Mapping[int, int]) -> dict[int, int]:
    """The cost of each chosen project; refuses unknown and ineligible projects."""
    costs = dict(Proposal.objects.filter(budget=budget, status=ProposalStatus.FEASIBLE,
                                         pk__in=list(choices)).values_list("pk", "cost_cents"))
    missing = [pid for pid in choices if pid not in costs]
    if not missing:
        return costs
    known = dict(Proposal.objects.filter(pk__in=missing).values_list("pk", "title"))
    for pid in missing:
        if pid not in known:
            raise _refuse(_("Projet inconnu : n° {id}.").format(id=pid), "unknown_project")
    raise _refuse(_("Le projet « {title} » ne fait pas partie des projets soumis à ce vote.")
                  .format(title=known[missing[0]]), "ineligible_project")


def _check_count(budget: ParticipatoryBudget, count: int) -> None:
    if count == 0:
        raise _refuse(_("Choisissez au moins un projet."), "empty_ballot")
    if count < budget.min_projects:
        raise _refuse(_("Choisissez au moins {min} projets (vous en avez choisi {n}).")
                      .format(min=budget.min_projects, n=count), "too_few_projects")
    if budget.max_projects is not None and count > budget.max_projects:
        raise _refuse(_("Vous pouvez choisir au plus {max} projets (vous en avez choisi {n}).")
                      .format(max=budget.max_projects, n=count), "too_many_projects")


def _check_knapsack(budget: ParticipatoryBudget, total: int) -> None:
    if total > budget.envelope_cents:
        raise _refuse(_("Votre sélection coûte {total}, au-delà de l'enveloppe de {envelope}. "
                        "Retirez un projet.").format(total=format_euros(total),
                                                     envelope=format_euros(budget.envelope_cents)),
                      "over_budget")
    share = budget.min_share_percent or 0
    minimum = -(-budget.envelope_cents * share // 100)
    if total < minimum:
        raise _refuse(_("Votre sélection doit atteindre au moins {pct} % de l'enveloppe, soit "
                        "{min} (elle coûte {total}).").format(
                          pct=share, min=format_euros(minimum), total=format_euros(total)),
                      "under_minimum_share")


def _check_points(budget: ParticipatoryBudget, choices: Mapping[int, int]) -> None:
    if budget.ballot_kind != BallotKind.CUMULATIVE:
        if any(points != 1 for points in choices.values()):
            raise _refuse(_("Ce vote ne se fait pas par points : cochez simplement les projets."),
                          "points_not_allowed")
        return
    if any(points < 1 for points in choices.values()):
        raise _refuse(_("Chaque projet choisi reçoit au moins 1 point."), "invalid_points")
    cap = budget.max_points_per_project
    if cap is not None and max(choices.values()) > cap:
        raise _refuse(_("Un projet reçoit au plus {max} points.").format(max=cap),
                      "too_many_points_per_project")
    used = sum(choices.values())
    if used > (budget.points_total or 0):
        raise _refuse(_("Vous avez réparti {used} points ; vous en avez {total} au plus.")
                      .format(used=used, total=budget.points_total), "too_many_points")


def ballot_validate(*, budget: ParticipatoryBudget, choices: Mapping[int, int]) -> None:
    """Check a ballot against the charter (ballot kind, limits, envelope); raise InvalidBallot."""
    _check_count(budget, len(choices))
    _check_points(budget, choices)
    costs = _check_projects(budget, choices)
    if budget.ballot_kind == BallotKind.KNAPSACK:
        _check_knapsack(budget, sum(costs.values()))


_UPSERT = """
INSERT INTO {ballot} AS b (budget_id, voter_id, salt, receipt, version, recorded_by_id,
                           cast_at, updated_at)
VALUES (%s, %s, %s, %s, 1, %s, %s, %s)
ON CONFLICT (budget_id, voter_id) DO UPDATE SET
    salt = excluded.salt, receipt = excluded.receipt, version = b.version + 1,
    recorded_by_id = excluded.recorded_by_id, updated_at = excluded.updated_at
RETURNING id, version
"""


def _store(budget: ParticipatoryBudget, voter: User, choices: Mapping[int, int],
           recorded_by: User | None) -> Ballot:
    """Insert the voter's ballot, or replace its content, in one statement.

    The upsert relies on the (budget, voter) unique constraint: of two requests of the same
    voter, the second waits on the first's row until it commits, then updates that row. It
    saves the read, savepoint and insert a first cast otherwise takes, one round trip each.
    """
    now = timezone.now()
    salt = secrets.token_hex(16)
    receipt = receipt_of(budget_id=budget.pk, salt=salt, choices=choices)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(ballot=Ballot._meta.db_table),  # noqa: S608 (table name)
                       [budget.pk, voter.pk, salt, receipt,
                        recorded_by.pk if recorded_by else None, stamp, stamp])
        ballot_id, version = cursor.fetchone()
    ballot = Ballot(pk=ballot_id, budget=budget, voter=voter, salt=salt, receipt=receipt,
                    version=version, recorded_by=recorded_by, cast_at=now, updated_at=now)
    if version > 1:
        ballot.refresh_from_db(fields=["cast_at"])
        BallotChoice.objects.filter(ballot_id=ballot_id).delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot_id=ballot_id, budget=budget, proposal_id=pid, points=pts)
        for pid, pts in sorted(choices.items()))
    # What was just written, for the caller's answer (saves reading it back).
    ballot.cast_choices = dict(sorted(choices.items()))
    return ballot


def _budget_shared_lock(budget_id: int) -> ParticipatoryBudget:
    """The budget, share-locked on PostgreSQL until the end of the transaction.

    FOR SHARE orders a cast against the close of voting (the phase change is an UPDATE of
    this row, which waits for the casts holding the lock, and a cast arriving after it waits
    for it and then reads the new phase) while letting casts run side by side: FOR UPDATE here
    made every ballot of a budget wait for the previous one to commit. SQLite serialises
    writers on its own.
    """
    if connection.vendor != "postgresql":
        return ParticipatoryBudget.objects.get(pk=budget_id)
    table = ParticipatoryBudget._meta.db_table
    # Lock and read in one round trip (the ORM's select_for_update has no FOR SHARE).
    return ParticipatoryBudget.objects.raw(
        f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [budget_id])[0]  # noqa: S608


@transaction.atomic
def ballot_cast(
    *,
    budget: ParticipatoryBudget,
    voter: User,
    choices: Mapping[int, int],
    recorded_by: User | None = None,
) -> Ballot:
    """Cast or replace the voter's one ballot while voting is open (charter, ballot rules).

    `choices` maps proposal ids to points (1 for approval and knapsack ballots). A clerk may
    record a paper ballot for a resident (`recorded_by`); that is audited as assisted.
    """
    if recorded_by is not None:
        policies.ensure_staff(recorded_by)
    # Locking the budget row orders casts against the close of voting: once the phase has
    # moved on, a cast waiting here reads the new phase and is refused.
    budget = _budget_shared_lock(budget.pk)
    policies.ensure_can_vote(user=voter, budget=budget)
    ballot_validate(budget=budget, choices=choices)
    ballot = _store(budget, voter, choices, recorded_by)
    notification_enqueue(
        recipients=[voter], kind="budget_ballot_receipt",
        subject=_("Votre vote pour « {title} » est enregistré"),
        body=_("Votre bulletin est enregistré. Reçu : {receipt}. Vous pouvez modifier votre "
               "vote jusqu'à la clôture et vérifier votre reçu dans la liste publiée."),
        params={"title": budget.title, "receipt": ballot.receipt},
        dedupe_key=f"ballot:{ballot.pk}:{ballot.receipt}",
        url=f"/budgets/{budget.pk}/recus/?recu={ballot.receipt}", email=False)
    # Audited last: the audit chain's head stays locked until commit, so the shorter the
    # rest of the transaction after it, the more ballots per second across the town.
    audit_record(verb="budget.ballot_cast", actor=recorded_by or voter, target=ballot,
                 data={"budget": budget.pk, "version": ballot.version,
                       "assisted": recorded_by is not None})
    return ballot

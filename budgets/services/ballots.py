"""Secret ballots: one per voter per budget, changeable while voting, unlinkable to the voter.

How secrecy is kept (docs/ballot-secrecy.md): a ballot row holds the choices and a keyed tag
of the voter, never the voter; its receipt lives in another table under a tag of another
scope; rows are pre-made slots in random order, filled in place (`ballot_slots_provision`);
casting writes no audit entry and no notification, which would put the voter's name and the
time beside the ballot's transaction; and when voting closes `ballot_seal` counts the
turnout, drops every tag and rewrites the rows in a new random order.
"""

import secrets
import uuid
from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from budgets import policies
from budgets.ballot_input import content_of
from budgets.errors import InvalidBallot
from budgets.models import Ballot, BallotKind, BallotReceipt, ParticipatoryBudget, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.money import format_euros
from budgets.secrecy import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    VoterBallot,
    holder_tag,
    voter_tag,
)
from civic.errors import DomainError
from civic.models import Resident, User
from civic.secrecy import key_fingerprint

SLOT_MARGIN = 1.1
SLOT_MIN_BATCH = 100


class BallotBusy(DomainError):
    code = "busy"
    status_code = 503
    default_message = _("Le vote n'a pas pu être enregistré ; réessayez dans un instant.")


class SecrecyKeyChanged(DomainError):
    code = "secrecy_key_changed"
    status_code = 503
    default_message = _("Le vote est suspendu : la clé qui protège le secret du vote a changé "
                        "depuis son ouverture. Prévenez l'administrateur de la plateforme.")


# --- Validation against the charter --------------------------------------------------------


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


# --- Slots ----------------------------------------------------------------------------------


def _receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def _expected_voters(budget: ParticipatoryBudget) -> int:
    residents = Resident.objects.all()
    if budget.neighbourhood_id and budget.residence == "neighbourhood":
        residents = residents.filter(neighbourhood_id=budget.neighbourhood_id)
    return residents.count()


def ballot_slots_provision(*, budget: ParticipatoryBudget, count: int | None = None) -> int:
    """Create free ballot and receipt slots; returns how many.

    A slot keeps the physical place it is given here when a cast fills it, and each cast fills
    one picked at random, so the table's order (what a dump lists) does not follow the order
    in which people vote. By default, enough for every resident who may vote, with a margin;
    casting adds more if they run out.
    """
    wanted = count if count is not None else max(
        SLOT_MIN_BATCH, int(_expected_voters(budget) * SLOT_MARGIN))
    # A free slot's tag is random, of a real tag's size: filling the slot does not grow it.
    Ballot.objects.bulk_create([Ballot(budget=budget, voter_tag=secrets.token_hex(32))
                                for _ in range(wanted)], batch_size=2000)
    known = set(BallotReceipt.objects.filter(budget=budget).values_list("code", flat=True))
    codes = {_receipt_code() for _ in range(wanted)} - known
    BallotReceipt.objects.bulk_create(
        [BallotReceipt(budget=budget, code=c, holder_tag=secrets.token_hex(32)) for c in codes],
        batch_size=2000)
    return wanted


def ballot_box_open(*, budget: ParticipatoryBudget) -> int:
    """Prepare the ballot box as voting opens: slots, and the key the vote runs under.

    Called by the phase change, which holds the budget row: casts share-lock that row, so
    writing it from a cast would make them wait on each other.
    """
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(
        secrecy_key_fingerprint=key_fingerprint())
    budget.secrecy_key_fingerprint = key_fingerprint()
    return ballot_slots_provision(budget=budget)


def _free_slot(model: type[Model], budget_id: int, free: dict[str, object]) -> object | None:
    """The id of a free slot at a random place (the first at or after a random id)."""
    start = uuid.uuid4()
    base = model._default_manager.filter(budget_id=budget_id, **free).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        base = base.select_for_update(skip_locked=True)
    for candidates in (base.filter(id__gte=start), base):
        found: object | None = candidates.values_list("id", flat=True).first()
        if found is not None:
            return found
    return None


def _claim(model: type[Model], budget: ParticipatoryBudget, free: dict[str, object],
           values: dict[str, object]) -> None:
    """Fill one free slot with `values`, making more slots when none is left."""
    for _attempt in range(3):
        slot = _free_slot(model, budget.pk, free)
        if slot is None:
            ballot_slots_provision(budget=budget, count=SLOT_MIN_BATCH)
            continue
        if model._default_manager.filter(pk=slot, **free).update(**values):
            return
    raise BallotBusy()


# --- Casting --------------------------------------------------------------------------------


def _budget_shared_lock(budget_id: int) -> ParticipatoryBudget:
    """The budget, share-locked on PostgreSQL until the end of the transaction.

    FOR SHARE orders a cast against the close of voting (the phase change is an UPDATE of
    this row, which waits for the casts holding the lock, and a cast arriving after it waits
    for it and then reads the new phase) while letting casts run side by side. SQLite
    serialises writers on its own.
    """
    if connection.vendor != "postgresql":
        return ParticipatoryBudget.objects.get(pk=budget_id)
    table = ParticipatoryBudget._meta.db_table
    # Lock and read in one round trip (the ORM's select_for_update has no FOR SHARE).
    return ParticipatoryBudget.objects.raw(
        f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [budget_id])[0]  # noqa: S608


def _ensure_same_key(budget: ParticipatoryBudget) -> None:
    if budget.secrecy_key_fingerprint and budget.secrecy_key_fingerprint != key_fingerprint():
        raise SecrecyKeyChanged()


def _store(budget: ParticipatoryBudget, voter: User, content: str) -> bool:
    """Write the voter's ballot into their slot, or a free one; True if it replaced one."""
    tag = voter_tag(budget_id=budget.pk, voter_id=voter.pk)
    if Ballot.objects.filter(budget=budget, voter_tag=tag).update(content=content):
        return True
    try:
        # A savepoint: two first casts of one voter at once both find no ballot; the
        # second one's claim breaks the unique tag and becomes a replacement.
        with transaction.atomic():
            _claim(Ballot, budget, {"content": ""}, {"voter_tag": tag, "content": content})
        return False
    except IntegrityError:
        Ballot.objects.filter(budget=budget, voter_tag=tag).update(content=content)
        return True


def _receipt(budget: ParticipatoryBudget, voter: User) -> str:
    """The voter's receipt code for this budget, handed out on their first cast."""
    tag = holder_tag(budget_id=budget.pk, voter_id=voter.pk)
    mine = BallotReceipt.objects.filter(budget=budget, holder_tag=tag)
    code = mine.values_list("code", flat=True).first()
    if code is None:
        try:
            with transaction.atomic():
                _claim(BallotReceipt, budget, {"issued": False},
                       {"holder_tag": tag, "issued": True})
        except IntegrityError:
            pass  # the same voter's concurrent cast took one first
        code = mine.values_list("code", flat=True).get()
    return code


def ballot_record(*, budget: ParticipatoryBudget, voter: User, choices: Mapping[int, int],
                  cast_at: datetime | None = None) -> VoterBallot:
    """Validate and store a voter's ballot; the caller holds the transaction and the rules.

    Shared by online voting and confirmed paper ballots. Writes no audit entry and no
    notification: either would put the voter's name beside this transaction. `cast_at` is
    when a paper form was handed in (its first typing): the close of voting by the clock is
    read at that moment, so a form handed in on time still counts once settled.
    """
    policies.ensure_can_vote(user=voter, budget=budget, cast_at=cast_at)
    _ensure_same_key(budget)
    ballot_validate(budget=budget, choices=choices)
    replaced = _store(budget, voter, content_of(choices))
    return VoterBallot(budget_id=budget.pk, receipt=_receipt(budget, voter),
                       choices=dict(sorted(choices.items())), replaced=replaced)


@transaction.atomic
def ballot_cast(
    *, budget: ParticipatoryBudget, voter: User, choices: Mapping[int, int]
) -> VoterBallot:
    """Cast or replace the voter's one secret ballot while voting is open (charter).

    `choices` maps proposal ids to points (1 for approval and knapsack ballots). Paper
    ballots go through `paper_ballots`, where two clerks must agree.
    """
    # Locking the budget row orders casts against the close of voting: once the phase has
    # moved on, a cast waiting here reads the new phase and is refused.
    budget = _budget_shared_lock(budget.pk)
    return ballot_record(budget=budget, voter=voter, choices=choices)


# --- Close of voting ------------------------------------------------------------------------


def _turnout(budget: ParticipatoryBudget) -> dict[str, int]:
    """Voters per neighbourhood id ("" for none or unknown), matched through their tags."""
    tags = set(Ballot.objects.filter(budget=budget).exclude(content="")
               .values_list("voter_tag", flat=True))
    counts: Counter[str] = Counter()
    residents = Resident.objects.values_list("user_id", "neighbourhood_id")
    for user_id, hood_id in residents.iterator(chunk_size=5000):
        if voter_tag(budget_id=budget.pk, voter_id=user_id) in tags:
            counts[str(hood_id or "")] += 1
    unmatched = len(tags) - sum(counts.values())
    if unmatched:
        counts[""] += unmatched
    return dict(counts)


_REWRITE_PG = """
WITH moved AS (DELETE FROM {table} WHERE budget_id = %s RETURNING {columns})
INSERT INTO {table} (id, budget_id, {tag}, {columns})
SELECT gen_random_uuid(), %s, NULL, {columns} FROM moved ORDER BY random()
"""


def _rewrite_shuffled(model: type[Model], budget: ParticipatoryBudget, tag: str,
                      columns: list[str]) -> None:
    """Rewrite the budget's rows without their tags, under new ids, in a random order.

    The new rows share one transaction and one physical order that owes nothing to when
    anyone voted: PostgreSQL's `xmin` of each row, SQLite's rowid and the order of a dump
    no longer follow the casts.
    """
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        sql = _REWRITE_PG.format(table=table, tag=tag, columns=", ".join(columns))
        with connection.cursor() as cursor:
            cursor.execute(sql, [budget.pk, budget.pk])
        return
    rows = list(model._default_manager.filter(budget=budget).values_list(*columns))
    model._default_manager.filter(budget=budget).delete()
    secrets.SystemRandom().shuffle(rows)
    model._default_manager.bulk_create(
        [model(budget=budget, **dict(zip(columns, row, strict=True))) for row in rows],
        batch_size=2000)


def ballot_seal(*, budget: ParticipatoryBudget) -> int:
    """Close the ballot box: count the turnout, then cut every ballot from its voter.

    Runs inside the phase change that ends voting, which holds the budget row, so no cast
    runs meanwhile. Afterwards no tag is left: nobody, holder of the key included, can find
    whose ballot a row is. Returns the number of ballots.
    """
    turnout = _turnout(budget)
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(turnout=turnout)
    budget.turnout = turnout
    Ballot.objects.filter(budget=budget, content="").delete()
    BallotReceipt.objects.filter(budget=budget, issued=False).delete()
    _rewrite_shuffled(Ballot, budget, "voter_tag", ["content"])
    _rewrite_shuffled(BallotReceipt, budget, "holder_tag", ["code", "issued"])
    return Ballot.objects.filter(budget=budget).count()

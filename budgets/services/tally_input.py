"""Build the tally engine's input from the stored ballots, streaming rows (no ORM objects).

Amounts go to the engine in euros as exact fractions (cents / 100): the same unit as the
pabulib export, so a recount of the exported file follows exactly the same arithmetic.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from fractions import Fraction

from django.db.models import Count

from budgets.ballot_input import choices_of
from budgets.models import Ballot, BallotKind, ParticipatoryBudget, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.tally.instance import Ballot as EngineBallot
from budgets.tally.instance import Instance, Project, VoteType
from civic.conf import decidons_setting

Canonical = tuple[tuple[int, int], ...]
Progress = Callable[[int], None]


def euros(cents: int) -> Fraction:
    return Fraction(cents, 100)


def read_ballots(budget: ParticipatoryBudget, *, on_progress: Progress | None = None,
                 ) -> Counter[Canonical]:
    """Every stored ballot's content, grouped: identical ballots are counted together.

    A ballot's content is its canonical text, so the database groups identical ballots and
    only the distinct ones travel.
    """
    rows = (Ballot.objects.filter(budget=budget).exclude(content="")
            .values_list("content").annotate(n=Count("id")).order_by())
    total = rows.count() if on_progress else 0
    grouped: Counter[Canonical] = Counter()
    chunk = decidons_setting("BUDGETS", "TALLY_READ_CHUNK")
    for index, (content, count) in enumerate(rows.iterator(chunk_size=chunk)):
        grouped[tuple(sorted(choices_of(content).items()))] += count
        if on_progress and index % chunk == chunk - 1:
            on_progress(int(100 * index / total))
    return grouped


def ballot_projects(budget: ParticipatoryBudget) -> list[tuple[int, str, int]]:
    """(id, title, cost in cents) of the projects on the ballot, in id order."""
    return list(Proposal.objects.filter(budget=budget, status=ProposalStatus.FEASIBLE)
                .order_by("pk").values_list("pk", "title", "cost_cents"))


def fingerprint_of(budget: ParticipatoryBudget, ballots: Counter[Canonical],
                   projects: list[tuple[int, str, int]]) -> str:
    """SHA-256 of what the count depends on: rule, envelope, costs and the ballots' contents.

    Ballots are hashed as a sorted multiset of their contents, without voters or ids, so
    anyone holding the anonymised export can compute the same fingerprint.
    """
    digest = hashlib.sha256()
    digest.update(f"rule={budget.rule};kind={budget.ballot_kind};envelope={budget.envelope_cents};"
                  f"threshold={budget.min_score_threshold};".encode())
    for pid, _title, cost in projects:
        digest.update(f"p{pid}:{cost};".encode())
    # The multiset as (content, how many) pairs in content order: the same information as
    # listing every ballot, in one line per distinct ballot.
    for content, count in sorted(ballots.items()):
        digest.update((",".join(f"{p}:{n}" for p, n in content) + f"*{count};").encode())
    return digest.hexdigest()


# Our rule names and pabulib's META `rule` values (what `pb_tally --rule auto` follows).
PABULIB_RULES = {"greedy": "greedy", "mes": "equalshares", "mes-add1": "equalshares/add1",
                 "mes-completed": "equalshares/add1/greedy"}


def engine_meta(budget: ParticipatoryBudget) -> dict[str, str]:
    rule = PABULIB_RULES[budget.rule]
    if rule == "greedy" and budget.min_score_threshold:
        rule = "greedy-threshold"
    meta = {"description": budget.title, "country": "France", "unit": "Alès",
            "instance": str(budget.year), "currency": "EUR", "rule": rule,
            "vote_type": "cumulative" if budget.ballot_kind == BallotKind.CUMULATIVE
            else "approval"}
    if budget.neighbourhood is not None:
        meta["subunit"] = budget.neighbourhood.name
    if budget.ballot_kind == BallotKind.KNAPSACK:
        meta["max_sum_cost"] = str(euros(budget.envelope_cents))
    if budget.ballot_kind == BallotKind.CUMULATIVE and budget.points_total:
        meta["max_sum_points"] = str(budget.points_total)
    if budget.max_projects:
        meta["max_length"] = str(budget.max_projects)
    if budget.min_score_threshold:
        meta["min_project_score_threshold"] = str(budget.min_score_threshold)
    return meta


def build_instance(budget: ParticipatoryBudget, ballots: Counter[Canonical],
                   projects: list[tuple[int, str, int]]) -> Instance:
    cumulative = budget.ballot_kind == BallotKind.CUMULATIVE
    engine_ballots = []
    for content, weight in ballots.items():
        if cumulative:
            engine_ballots.append(EngineBallot.cumulative(
                {str(p): n for p, n in content}, weight=weight))
        else:
            engine_ballots.append(EngineBallot.approval([str(p) for p, _n in content],
                                                        weight=weight))
    return Instance(
        budget=euros(budget.envelope_cents),
        projects=[Project(id=str(pid), cost=euros(cost), name=title)
                  for pid, title, cost in projects],
        ballots=engine_ballots,
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
        meta=engine_meta(budget))

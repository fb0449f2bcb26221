"""Exports of a closed budget: results as CSV, ballots as a pabulib `.pb` file.

Voters are anonymised: the `.pb` numbers ballots 1, 2, 3… in the order of their receipts,
which are salted hashes, so the numbering says nothing about who voted or when.
"""

import csv
import io

from budgets import policies, selectors
from budgets.models import BallotChoice, BallotKind, ParticipatoryBudget
from budgets.services import tally_input
from budgets.tally.instance import Ballot as EngineBallot
from budgets.tally.instance import Instance, Project, VoteType
from budgets.tally.pabulib import dumps_pb


def results_csv(*, budget: ParticipatoryBudget) -> str:
    """One row per project: cost, votes, supporters, won or not, and why."""
    policies.ensure_capability(budget, "export")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["project_id", "titre", "cout_eur", "score", "votants", "laureat", "etape",
                     "explication"])
    for o in selectors.outcome_list(budget=budget).order_by("proposal_id"):
        writer.writerow([o.proposal_id, o.proposal.title, f"{o.cost_cents / 100:.2f}", o.score,
                         o.supporters, "oui" if o.selected else "non", o.step or "",
                         o.explanation])
    return out.getvalue()


def _anonymous_ballots(budget: ParticipatoryBudget, cumulative: bool) -> list[EngineBallot]:
    rows = (BallotChoice.objects.filter(budget=budget)
            .order_by("ballot__receipt", "proposal_id")
            .values_list("ballot_id", "proposal_id", "points"))
    ballots: list[EngineBallot] = []
    current_id, content = None, {}

    def flush() -> None:
        number = str(len(ballots) + 1)
        if cumulative:
            ballots.append(EngineBallot(projects=tuple(content), points=tuple(content.values()),
                                        voter_id=number))
        else:
            ballots.append(EngineBallot(projects=tuple(content), voter_id=number))

    for ballot_id, proposal_id, points in rows.iterator(chunk_size=20_000):
        if ballot_id != current_id and content:
            flush()
            content = {}
        current_id = ballot_id
        content[str(proposal_id)] = points
    if content:
        flush()
    return ballots


def ballots_pb(*, budget: ParticipatoryBudget) -> str:
    """The budget's projects and anonymised ballots in the pabulib format."""
    policies.ensure_capability(budget, "export")
    cumulative = budget.ballot_kind == BallotKind.CUMULATIVE
    projects = tally_input.ballot_projects(budget)
    instance = Instance(
        budget=tally_input.euros(budget.envelope_cents),
        projects=[Project(id=str(pid), cost=tally_input.euros(cost), name=title)
                  for pid, title, cost in projects],
        ballots=_anonymous_ballots(budget, cumulative),
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
        meta=tally_input.engine_meta(budget))
    return dumps_pb(instance)

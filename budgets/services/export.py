"""Exports of a closed budget: results as CSV, ballots as a pabulib `.pb` file.

The `.pb` lists the ballots sorted by their content and numbers them 1, 2, 3… in that order,
so the file carries the multiset of ballots and nothing else: not who voted, not when, and
nothing that follows the order of the published receipts (sorted by code, another order).
"""

from fractions import Fraction

from budgets import policies, selectors
from budgets.ballot_input import choices_of
from budgets.models import Ballot, BallotKind, ParticipatoryBudget
from budgets.services import tally_input
from budgets.tally.instance import Ballot as EngineBallot
from budgets.tally.instance import Instance, Project, VoteType
from budgets.tally.pabulib import dumps_pb
from civic import csv_export

RESULTS_HEADER = ["N° du projet", "Titre", "Coût (€)", "Voix ou points", "Votants", "Lauréat",
                  "Étape", "Explication"]


def results_csv(*, budget: ParticipatoryBudget) -> str:
    """One row per project: cost, votes, supporters, won or not, and why."""
    policies.ensure_capability(budget, "export")
    return csv_export.csv_text(
        RESULTS_HEADER,
        ([o.proposal_id, o.proposal.title, csv_export.euros(o.cost_cents), o.score,
          o.supporters, "oui" if o.selected else "non", o.step or "", o.explanation]
         for o in selectors.outcome_list(budget=budget).order_by("proposal_id")))


def _anonymous_ballots(budget: ParticipatoryBudget, cumulative: bool) -> list[EngineBallot]:
    rows = (Ballot.objects.filter(budget=budget).exclude(content="")
            .order_by("content").values_list("content", flat=True))
    ballots: list[EngineBallot] = []
    for number, content in enumerate(rows.iterator(chunk_size=20_000), start=1):
        choices = {str(pid): pts for pid, pts in choices_of(content).items()}
        if cumulative:
            ballots.append(EngineBallot(projects=tuple(choices),
                                        points=tuple(Fraction(v) for v in choices.values()),
                                        voter_id=str(number)))
        else:
            ballots.append(EngineBallot(projects=tuple(choices), voter_id=str(number)))
    return ballots


def ballots_pb(*, budget: ParticipatoryBudget) -> str:
    """The budget's projects and anonymised ballots in the pabulib format."""
    policies.ensure_capability(budget, "export")
    cumulative = budget.ballot_kind == BallotKind.CUMULATIVE
    projects = tally_input.ballot_projects(budget)
    instance = Instance(
        budget=tally_input.euros(budget.envelope_cents),
        projects=[Project(id=str(pid), cost=tally_input.euros(cost),
                          name=csv_export.safe_cell(title))
                  for pid, title, cost in projects],
        ballots=_anonymous_ballots(budget, cumulative),
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
        meta={key: csv_export.safe_cell(value)
              for key, value in tally_input.engine_meta(budget).items()})
    return dumps_pb(instance)

"""The engine against pabutools 1.2.3 run live on seeded random elections of each ballot kind.

Every rule, with the certified floating-point engine and with exact arithmetic only. The
elections are small but full of ties (equal costs, equal scores, ids that sort differently
by code point and by number), free projects, projects dearer than the envelope, empty
ballots and no voters at all.
"""

import random

import pytest

from budgets.tally import tally
from budgets.tests.tally.pabutools_reference import Reference
from budgets.tests.tally.random_instances import random_instance, threshold_for

COUNT = 60
RULES = ("greedy", "mes", "mes-add1", "mes-completed")


def _election(kind: str, index: int):
    rng = random.Random(f"decidons-tally-{kind}-{index}")
    election = random_instance(rng, kind)
    return election, threshold_for(rng, election)


@pytest.mark.parametrize("exact", [False, True], ids=["certified-floats", "exact"])
@pytest.mark.parametrize("index", range(COUNT))
@pytest.mark.parametrize("kind", ["approval", "knapsack", "cumulative"])
def test_every_rule_gives_the_pabutools_outcome_on_a_random_election(kind, index, exact):
    # given
    election, threshold = _election(kind, index)
    expected = Reference(election).outcomes()
    allowed = {pid for pid, score in election.scores().items() if score >= threshold}
    expected["greedy-threshold"] = Reference.ids(Reference(election, allowed).greedy())
    # when
    got = {rule: tally(election, rule, exact=exact).selected_sorted() for rule in RULES}
    got["greedy-threshold"] = tally(election, "greedy-threshold", threshold=threshold,
                                    exact=exact).selected_sorted()
    election.meta["rule"] = "equalshares/add1-comparison"
    got["comparison"] = tally(election, "auto", exact=exact).selected_sorted()
    # then
    assert got == expected

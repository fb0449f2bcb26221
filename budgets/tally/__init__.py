"""The tally engine: count a participatory budget's ballots with pabutools' rules, exactly.

Pure Python (no Django). Typical use::

    from budgets.tally import Ballot, Instance, Project, tally

    instance = Instance(budget=100_000, projects=[Project("a", 60_000), Project("b", 50_000)],
                        ballots=[Ballot.approval({"a"}, weight=3), Ballot.approval({"b"})])
    result = tally(instance, rule="mes-completed")
    result.selected        # ["a"]: winners in the order they were chosen
    result.steps           # one `Step` per project: selected?, phase, reason, step, figures
    result.as_dict()       # the same, JSON-friendly

Rules: see `budgets.tally.rules`. Files: `read_pb`, `parse_pb`, `write_pb`, `dumps_pb`.
"""

from budgets.tally.explain import Phase, Reason, Step, TallyResult
from budgets.tally.instance import Ballot, Instance, Project, TallyError, VoteType
from budgets.tally.pabulib import PabulibError, dumps_pb, parse_pb, read_pb, write_pb
from budgets.tally.rules import AUTO_RULES, RULES, auto_rule, tally

__all__ = [
    "AUTO_RULES",
    "RULES",
    "Ballot",
    "Instance",
    "PabulibError",
    "Phase",
    "Project",
    "Reason",
    "Step",
    "TallyError",
    "TallyResult",
    "VoteType",
    "auto_rule",
    "dumps_pb",
    "parse_pb",
    "read_pb",
    "tally",
    "write_pb",
]

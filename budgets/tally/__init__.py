"""The tally engine: count a participatory budget's ballots with pabutools' rules, exactly.

Pure Python and numpy (no Django). Typical use::

    from budgets.tally import Ballot, Instance, Project, tally

    instance = Instance(budget=100_000, projects=[Project("a", 60_000), Project("b", 50_000)],
                        ballots=[Ballot.approval({"a"}, weight=3), Ballot.approval({"b"})])
    result = tally(instance, rule="mes-completed")
    result.selected        # ["a"]: winners in the order they were chosen
    result.steps           # one `Step` per project: selected?, phase, reason, step, figures
    result.as_dict()       # the same, JSON-friendly

Input (`instance`):
    `Instance(budget, projects, ballots, vote_type=VoteType.APPROVAL, meta={})`; amounts
    are exact (`int`, `Fraction`, `Decimal` or decimal strings) in the currency unit: add1
    raises every share by one unit of it, so pass euros (e.g. `Fraction(cents, 100)`), not
    cents. `Project(id, cost, name="", extra={})` with string ids (ties are broken by id,
    compared by code point). `Ballot.approval(ids, weight=1)` for approval and knapsack
    ballots, `Ballot.cumulative({id: points}, weight=1)` for cumulative ones; `weight` counts
    identical ballots. `meta` holds pabulib META entries (`rule`,
    `min_project_score_threshold`, `max_sum_cost`...).

`tally(instance, rule="auto", *, threshold=None, exact=False) -> TallyResult`:
    `rule` is one of `RULES`: greedy, greedy-threshold, mes, mes-add1, mes-completed, auto
    (definitions in `budgets.tally.rules`). `threshold`, if given, bars projects whose score
    (supporters, or points) is lower, whatever the rule. `exact=True` counts in rational
    arithmetic only (same outcome, slower). Raises `TallyError` on a bad instance or rule.

`TallyResult`: `rule`, `applied_rule` (what auto resolved to), `selected` (ids in order of
    selection), `selected_sorted()` (by UTF-8 bytes), `steps` (one `Step` per project, in
    the order decided), `step_for(id)`, `budget`, `total_cost` (Fractions), `details` (per
    rule: `threshold`; MES: `voter_budget` per voter, add1: `increments`, `stopped_by`,
    `mes_runs`, `increments_skipped`, `exact_runs`; add1-comparison: `prefer_greedy`,
    `prefer_mes`, `kept`), `as_dict()`.

`Step`: `project_id`, `selected`, `phase` (`Phase`: threshold, greedy, equal_shares,
    completion), `reason` (`Reason`: funded, over_remaining_budget, below_threshold,
    bought_by_supporters, free, not_affordable, no_support), `step` (1-based position of
    the decision, None when set aside or left over), `score`, `supporters`, `cost`,
    `remaining_before` (envelope left when decided), and for MES `price` (pabutools' rho),
    `payment_per_supporter` (the most one supporter paid; per point for cumulative
    ballots) or `supporters_funds` (what its supporters had left, for a project MES could
    not fund). Money in currency units; MES figures are floats for display only.

Files: `read_pb(path, keep_voters=False)`, `parse_pb(text)`, `write_pb(instance, path)`,
`dumps_pb(instance)`; `PabulibError` (a `TallyError`) for a malformed file.
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

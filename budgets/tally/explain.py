"""Why each project won or lost: one `Step` per project, and the `TallyResult` of a count.

Money is exact (`Fraction`, in the instance's currency units). MES prices are floats for
display only: the decisions behind them were taken exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any


class Phase(StrEnum):
    THRESHOLD = "threshold"  # excluded before counting (score under the charter's minimum)
    GREEDY = "greedy"  # greedy by score
    EQUAL_SHARES = "equal_shares"  # a Method of Equal Shares round
    COMPLETION = "completion"  # greedy on what MES left


class Reason(StrEnum):
    FUNDED = "funded"  # greedy: it fitted in what was left of the envelope
    OVER_BUDGET = "over_remaining_budget"  # greedy: it cost more than what was left
    BELOW_THRESHOLD = "below_threshold"  # its score is under the minimum score
    BOUGHT_BY_SUPPORTERS = "bought_by_supporters"  # MES: its supporters paid for it
    FREE = "free"  # MES: costs nothing and has supporters
    NOT_AFFORDABLE = "not_affordable"  # MES: its supporters' money left is less than its cost
    NO_SUPPORT = "no_support"  # MES: nobody gains from it (no supporter, or it costs nothing)


@dataclass(frozen=True, slots=True)
class Step:
    """The deciding step for one project.

    `step` is the position of the decision in the count (1 = first project decided; None for
    projects set aside before counting or left over at the end of MES). For MES rounds,
    `price` is pabutools' rho (money per unit of utility: per euro of cost for approval
    ballots, per point for cumulative ones) and `payment_per_supporter` the most any one
    supporter paid (per point for cumulative ballots). For projects MES could not fund,
    `supporters_funds` is the money its supporters still had at the end.
    """

    project_id: str
    selected: bool
    phase: Phase
    reason: Reason
    step: int | None
    score: Fraction  # votes (approval) or points (cumulative)
    supporters: int
    cost: Fraction
    remaining_before: Fraction | None = None
    price: float | None = None
    payment_per_supporter: float | None = None
    supporters_funds: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly values (integral fractions as int, others as float)."""
        return {key: _plain(value) for key, value in asdict(self).items()}


@dataclass(slots=True)
class TallyResult:
    """The outcome of a count.

    `selected` lists the winners in the order they were chosen; `steps` has one record per
    project, in the order decisions were taken; `details` holds rule-specific figures
    (per-voter budget and increments for add1, the voter comparison for
    add1-comparison, how many MES runs were computed exactly).
    """

    rule: str
    applied_rule: str
    selected: list[str]
    steps: list[Step]
    budget: Fraction
    total_cost: Fraction
    details: dict[str, Any] = field(default_factory=dict)

    def step_for(self, project_id: str) -> Step:
        for step in self.steps:
            if step.project_id == project_id:
                return step
        raise KeyError(project_id)

    def selected_sorted(self) -> list[str]:
        """Winners sorted by the UTF-8 bytes of their ids."""
        return sorted(self.selected, key=lambda pid: pid.encode("utf-8"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "applied_rule": self.applied_rule, "selected": self.selected,
            "budget": _plain(self.budget), "total_cost": _plain(self.total_cost),
            "details": {k: _plain(v) for k, v in self.details.items()},
            "steps": [s.as_dict() for s in self.steps],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, StrEnum):
        return str(value)
    return value

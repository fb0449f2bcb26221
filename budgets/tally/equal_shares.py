"""Method of Equal Shares runs and the "add1" completion, as pabutools 1.2.3 defines them.

`method_of_equal_shares(..., voter_budget_increment=1)` reruns MES with every voter's budget
raised by one currency unit until an outcome is over the budget (it then returns the previous
one) or exhaustive (it returns that one). Re-running every increment is what makes pabutools
slow on big files; here a certificate (`FloatMES.certify`) proves that a whole range of
increments gives the very same outcome, so the scan jumps over it and still stops at exactly
the increment the one-by-one scan would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from budgets.tally.mes_exact import ExactMES
from budgets.tally.mes_float import FloatMES, Price, Uncertain
from budgets.tally.profile import Profile


@dataclass(slots=True)
class MESRun:
    """One MES outcome: the rounds in order (with prices) and the budgets left."""

    voter_budget: Fraction  # per voter, in scaled money
    preselected: list[int]  # free projects with supporters, funded before any round
    rounds: list[tuple[int, Price]]
    budgets_left: np.ndarray | list[Fraction]
    exact: bool

    @property
    def selected(self) -> list[int]:
        return self.preselected + [p for p, _ in self.rounds]


@dataclass(slots=True)
class Add1Outcome:
    run: MESRun | None  # None: nothing was ever feasible (no voters)
    increments: int  # how many one-unit raises the returned outcome used
    stopped_by: str  # "exhaustive" or "over_budget"
    runs_computed: int = 0
    increments_skipped: int = 0
    stats: dict[str, int] = field(default_factory=dict)


class EqualShares:
    """MES on a profile restricted to the `allowed` projects."""

    def __init__(self, profile: Profile, allowed: list[bool], *, exact: bool = False) -> None:
        self.profile = profile
        sat = [profile.sat_total(p) if allowed[p] else 0 for p in range(profile.size)]
        self.candidates = [p for p in range(profile.size) if sat[p] > 0 and profile.cost[p] > 0]
        self.preselected = [p for p in range(profile.size) if sat[p] > 0 and profile.cost[p] == 0]
        self.float_engine = FloatMES(profile, self.candidates)
        self.exact_engine = ExactMES(profile, self.candidates)
        self.force_exact = exact or not self.float_engine.usable
        self.exact_runs = 0

    def base_budget(self) -> Fraction:
        return Fraction(self.profile.budget, self.profile.num_voters)

    def run(self, voter_budget: Fraction) -> MESRun:
        """MES with `voter_budget` per voter (scaled money)."""
        if not self.force_exact:
            try:
                rounds, left = self.float_engine.run(voter_budget)
                return MESRun(voter_budget, list(self.preselected), rounds, left, False)
            except Uncertain:
                pass
        self.exact_runs += 1
        rounds, left_exact = self.exact_engine.run(voter_budget)
        return MESRun(voter_budget, list(self.preselected), rounds, left_exact, True)

    def cost_of(self, projects: list[int]) -> int:
        return sum(self.profile.cost[p] for p in projects)

    def exhaustive(self, projects: list[int]) -> bool:
        chosen = set(projects)
        room = self.profile.budget - self.cost_of(projects)
        return all(p in chosen or self.profile.cost[p] > room for p in self.candidates)

    def add1(self) -> Add1Outcome:
        """MES with budget increments of one currency unit (pabutools' add1 stopping rule)."""
        if self.profile.num_voters == 0:
            return Add1Outcome(None, 0, "exhaustive")
        base, unit = self.base_budget(), self.profile.scale
        previous = MESRun(base, list(self.preselected), [], [], True)
        k, computed, skipped = 0, 0, 0
        pace = _Pace()
        while True:
            current = self.run(base + k * unit)
            computed += 1
            if self.cost_of(current.selected) > self.profile.budget:
                return Add1Outcome(previous, k - 1, "over_budget", computed, skipped)
            if self.exhaustive(current.selected):
                return Add1Outcome(current, k, "exhaustive", computed, skipped)
            previous = current
            jump = 0
            if not self.force_exact and pace.attempt():
                jump = pace.step
                if not self.float_engine.certify(current.rounds, base + (k + jump) * unit):
                    jump = 0
                pace.record(jump)
            skipped += jump
            k += jump + 1


class _Pace:
    """When to try skipping increments, and how far.

    A certificate over L increments costs about one MES run whether it holds or not, and
    saves L runs when it holds. So try doubling lengths while they hold, halve after a
    failure, and after failures at length 1 wait 1, 2, 4 then 8 runs before trying again.
    """

    def __init__(self) -> None:
        self.step, self.wait, self.patience = 1, 0, 0

    def attempt(self) -> bool:
        if self.wait > 0:
            self.wait -= 1
            return False
        return True

    def record(self, jump: int) -> None:
        if jump:
            self.step, self.patience = 2 * jump, 0
        elif self.step > 1:
            self.step //= 2
        else:
            self.patience = min(8, 2 * self.patience or 1)
            self.wait = self.patience

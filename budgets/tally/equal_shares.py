"""Method of Equal Shares runs and the "add1" completion, as pabutools 1.2.3 defines them.

`method_of_equal_shares(..., voter_budget_increment=1)` reruns MES with every voter's budget
raised by one currency unit until an outcome is over the budget (it then returns the previous
one) or exhaustive (it returns that one). Re-running every increment is what makes pabutools
slow on big files. Here the scan probes increments further ahead (doubling the distance while
it works, bisecting when it does not, never past an increment known to give other rounds),
and skips the increments in between only when the two runs prove that all of them give the
very same rounds (`same_rounds`): it stops at exactly the increment the one-by-one scan
would, with far fewer runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from budgets.tally.mes_exact import ExactMES
from budgets.tally.mes_float import FloatMES
from budgets.tally.prices import Round
from budgets.tally.profile import Profile


@dataclass(slots=True)
class MESRun:
    """One MES outcome: the rounds in order (with prices) and the budgets left."""

    voter_budget: Fraction  # per voter, in scaled money
    preselected: list[int]  # free projects with supporters, funded before any round
    rounds: list[Round]
    budgets_left: np.ndarray | list[Fraction]
    exact: bool

    @property
    def selected(self) -> list[int]:
        return self.preselected + [r.project for r in self.rounds]


@dataclass(slots=True)
class Add1Outcome:
    run: MESRun | None  # None: nothing was ever feasible (no voters)
    increments: int  # how many one-unit raises the returned outcome used
    stopped_by: str  # "exhaustive" or "over_budget"
    runs_computed: int = 0
    increments_skipped: int = 0


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
        # per sequence of winners, the lowest per-voter budget known to give other rounds
        self.walls: dict[tuple[int, ...], Fraction] = {}
        self.exact_runs = 0
        # add1's starting per-voter budget (the envelope shared out); none without voters
        self.base = self.base_budget() if profile.num_voters else Fraction(0)

    def base_budget(self) -> Fraction:
        return Fraction(self.profile.budget, self.profile.num_voters)

    def run(self, voter_budget: Fraction) -> MESRun:
        """MES with `voter_budget` per voter (scaled money), exactly where floats cannot."""
        if not self.force_exact:
            rounds, left = self.float_engine.run(voter_budget)
            if rounds is not None:
                return MESRun(voter_budget, list(self.preselected), rounds, left, False)
        self.exact_runs += 1
        exact_rounds, exact_left = self.exact_engine.run(voter_budget)
        return MESRun(voter_budget, list(self.preselected), exact_rounds, exact_left, True)

    def probe(self, voter_budget: Fraction, reference: MESRun) -> MESRun | None:
        """The run at `voter_budget` if it proves every budget from the reference's up to
        it gives the same rounds (`same_rounds`), else None."""
        if self.force_exact:
            return None
        rounds, left = self.float_engine.run(voter_budget, reference.rounds, probe=True)
        if rounds is None:
            if self.float_engine.diverged:
                self.walls[tuple(reference.selected)] = min(
                    voter_budget, self.walls.get(tuple(reference.selected), voter_budget))
            return None
        return MESRun(voter_budget, list(self.preselected), rounds, left, False)

    def cost_of(self, projects: list[int]) -> int:
        return sum(self.profile.cost[p] for p in projects)

    def exhaustive(self, projects: list[int]) -> bool:
        chosen = set(projects)
        room = self.profile.budget - self.cost_of(projects)
        return all(p in chosen or self.profile.cost[p] > room for p in self.candidates)

    def add1(self) -> Add1Outcome:
        """MES with budget increments of one currency unit (pabutools' add1 stopping rule).

        After two increments with the same rounds, the scan looks for a long stretch with
        the same outcome (`_hop`) and jumps over it; when that fails it counts 1, 2, 4, then
        8 increments one by one before looking again.
        """
        if self.profile.num_voters == 0:
            return Add1Outcome(None, 0, "exhaustive")
        stats = {"computed": 1, "skipped": 0}
        previous = MESRun(self.base, list(self.preselected), [], [], True)
        # increments: how many one-unit raises `current` used; reach: the last hop's length,
        # where the next one starts probing; patience/wait: increments to count one by one
        # after a failed hop (1, 2, 4, then 8) before trying again.
        increments, current, reach, patience, wait = 0, self.run(self.base), 2, 0, 0
        while True:
            if self.cost_of(current.selected) > self.profile.budget:
                return Add1Outcome(previous, increments - 1, "over_budget", stats["computed"],
                                   stats["skipped"])
            if self.exhaustive(current.selected):
                return Add1Outcome(current, increments, "exhaustive", stats["computed"],
                                   stats["skipped"])
            if wait:
                wait -= 1
            elif previous.selected == current.selected:
                found = self._hop(increments, current, reach, stats)
                if found is not None:
                    length, run = found
                    stats["skipped"] += length - 1
                    increments, previous, current = increments + length, current, run
                    reach, patience = length, 0
                    continue
                patience = min(8, 2 * patience or 1)
                wait = patience
            stats["computed"] += 1
            increments, previous, current = (
                increments + 1, current, self.run(self.base + (increments + 1) * self.unit))

    @property
    def unit(self) -> int:
        """One currency unit in scaled money: add1's increment."""
        return self.profile.scale

    def _hop(self, increments: int, current: MESRun, reach: int, stats: dict[str, int]
             ) -> tuple[int, MESRun] | None:
        """A long stretch from increment `increments` with `current`'s rounds: its length
        L >= 2 and the run at `increments` + L, or None. Probes double the length from
        `reach` while they succeed and stop at the first failure after a success; before any
        success they halve it. They never go as far as a known wall (see `probe`)."""
        good, bad, best = 0, None, None
        length = max(2, reach)
        wall = self.walls.get(tuple(current.selected))
        if wall is not None and wall > current.voter_budget:
            limit = int((wall - self.base) / self.unit) - increments - 1
            length = min(length, limit)
            bad = limit + 1
        while 2 <= length <= 1 << 40:
            probe = self.probe(self.base + (increments + length) * self.unit, current)
            stats["computed"] += 1
            if probe is not None:
                good, best = length, probe
            else:
                bad = length if bad is None else min(bad, length)
            if bad is not None and bad - good <= max(1, good):
                break
            length = 2 * good if bad is None else (good + bad) // 2
        return (good, best) if best is not None else None

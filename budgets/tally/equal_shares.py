"""Method of Equal Shares runs and the "add1" completion, as pabutools 1.2.3 defines them.

`method_of_equal_shares(..., voter_budget_increment=1)` reruns MES with every voter's budget
raised by one currency unit until an outcome is over the budget (it then returns the previous
one) or exhaustive (it returns that one). Re-running every increment is what makes pabutools
slow on big files. Here the scan probes increments further ahead (doubling the distance while
it works, halving it when it does not), and skips the increments in between only when the
two runs prove that all of them give the very same rounds (`same_rounds`): it stops at
exactly the increment the one-by-one scan would, with far fewer runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from budgets.tally.mes_batch import BatchMES
from budgets.tally.mes_exact import ExactMES
from budgets.tally.prices import Round
from budgets.tally.profile import Profile

BATCH_CELLS = 30_000  # voter groups x candidates


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
    stats: dict[str, int] = field(default_factory=dict)


class EqualShares:
    """MES on a profile restricted to the `allowed` projects."""

    def __init__(self, profile: Profile, allowed: list[bool], *, exact: bool = False) -> None:
        self.profile = profile
        sat = [profile.sat_total(p) if allowed[p] else 0 for p in range(profile.size)]
        self.candidates = [p for p in range(profile.size) if sat[p] > 0 and profile.cost[p] > 0]
        self.preselected = [p for p in range(profile.size) if sat[p] > 0 and profile.cost[p] == 0]
        self.float_engine = BatchMES(profile, self.candidates)
        self.exact_engine = ExactMES(profile, self.candidates)
        self.force_exact = exact or not self.float_engine.usable
        # Counting many budgets at once only pays off where numpy's per-call overhead
        # dominates, i.e. on small elections.
        cells = len(profile.weights) * max(1, len(self.candidates))
        self.chunks = (16, 64) if cells <= BATCH_CELLS else (1, 1)
        self.exact_runs = 0

    def base_budget(self) -> Fraction:
        return Fraction(self.profile.budget, self.profile.num_voters)

    def run(self, voter_budget: Fraction) -> MESRun:
        """MES with `voter_budget` per voter (scaled money)."""
        return self.run_many([voter_budget])[0]

    def run_many(self, budgets: list[Fraction]) -> list[MESRun]:
        """MES for each per-voter budget (together when small); exactly where floats cannot."""
        found: list[list[Round] | None] = [None] * len(budgets)
        left: list[np.ndarray] | np.ndarray = []
        if self.force_exact:
            pass
        elif len(budgets) > 1:
            found, left = self.float_engine.runs(budgets)
        else:
            found[0], single = self.float_engine.run(budgets[0])
            left = [single]
        runs = []
        for i, (budget, rounds) in enumerate(zip(budgets, found, strict=True)):
            if rounds is not None:
                runs.append(MESRun(budget, list(self.preselected), rounds, left[i], False))
                continue
            self.exact_runs += 1
            exact_rounds, exact_left = self.exact_engine.run(budget)
            runs.append(MESRun(budget, list(self.preselected), exact_rounds, exact_left, True))
        return runs

    def probe(self, voter_budget: Fraction, reference: MESRun) -> MESRun | None:
        """The run at `voter_budget` if it proves every budget from the reference's up to
        it gives the same rounds (`same_rounds`), else None."""
        if self.force_exact:
            return None
        rounds, left = self.float_engine.run(voter_budget, reference.rounds, probe=True)
        if rounds is None:
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

        Increments are counted in chunks on small elections. When the last runs agree, the
        scan probes further ahead, doubling the distance while probes prove the increments
        in between give the same rounds and halving it when they do not; once a probe fails
        even close by, it waits 1, 2, 4, then 8 runs before probing again.
        """
        if self.profile.num_voters == 0:
            return Add1Outcome(None, 0, "exhaustive")
        base, unit = self.base_budget(), self.profile.scale
        previous = MESRun(base, list(self.preselected), [], [], True)
        k, reach, computed, skipped = 0, 2, 0, 0
        chunk, chunk_cap = self.chunks
        prior: list[int] | None = None
        patience = wait = 0
        while True:
            batch = self.run_many([base + (k + j) * unit for j in range(chunk)])
            computed += chunk
            for j, current in enumerate(batch):
                if self.cost_of(current.selected) > self.profile.budget:
                    return Add1Outcome(previous, k + j - 1, "over_budget", computed, skipped)
                if self.exhaustive(current.selected):
                    return Add1Outcome(current, k + j, "exhaustive", computed, skipped)
                previous = current
            k += chunk
            tail = [prior] + [run.selected for run in batch]
            steady = all(selected == previous.selected for selected in tail[-4:])
            wait = max(0, wait - chunk)
            while steady and not wait:
                probe = self.probe(base + (k - 1 + reach) * unit, previous)
                computed += 1
                if probe is not None:
                    skipped += reach - 1
                    k, previous, reach, patience = k + reach, probe, 2 * reach, 0
                elif reach > max(2, chunk):
                    reach //= 2  # the rounds change somewhere before: look closer
                else:
                    # a failed probe costs about a run: back off (1, 2, 4, 8 runs)
                    patience = min(8, 2 * patience or 1)
                    wait = patience
            prior = previous.selected
            chunk = min(chunk_cap, 2 * chunk)

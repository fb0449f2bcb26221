"""The Method of Equal Shares in exact rational arithmetic, as pabutools 1.2.3 computes it.

Voters whose budgets are equal are kept together in classes: everyone starts in one class,
and paying for a project splits a class by what its members paid. A project's price is then
computed over the few classes among its supporters instead of over every voter.

Uses gmpy2's fast rationals when installed, Python's `Fraction` otherwise (same results).
"""

from __future__ import annotations

import heapq
from fractions import Fraction
from typing import Any

import numpy as np

from budgets.tally.prices import COMPARISON_MARGIN, Round, exact_price
from budgets.tally.profile import Profile

try:  # pragma: no cover - depends on the environment
    from gmpy2 import mpq as Q
except ImportError:  # pragma: no cover
    Q = Fraction

# float(x) of a rational is within UNIT_ROUNDOFF of x; scaled by this (1 - 2**-50) it is surely
# below x, as the float engine's `Round.unpriced` must be (a lower bound on the prices left).
BELOW_EXACT = 1 - COMPARISON_MARGIN


def to_fraction(value: Any) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


class ExactMES:
    """MES runs on a compiled profile, in exact arithmetic."""

    def __init__(self, profile: Profile, candidates: list[int]) -> None:
        self.profile = profile
        self.candidates = candidates
        self.factor = {p: (profile.cost[p] if profile.approval else 1) for p in candidates}
        self.width = 1 + max((int(s.utility.max()) for s in profile.supporters
                              if s.utility is not None and len(s.utility)), default=1)
        # During a run: each group's class, and each class's budget (groups that paid the
        # same so far share one); `run` starts them afresh.
        self.classes = np.zeros(len(profile.weights), dtype=np.int64)
        self.budgets: list[Any] = []

    def run(self, voter_budget: Fraction, reference: list[Round] | None = None
            ) -> tuple[list[Round], list[Fraction]]:
        """The rounds (as `FloatMES.run`) and each group's budget at the end."""
        self.classes = np.zeros(len(self.profile.weights), dtype=np.int64)
        self.budgets = [Q(voter_budget.numerator, voter_budget.denominator)]
        heap = [(Q(self.profile.cost[p], self.profile.supporters[p].total * self.factor[p]), p)
                for p in self.candidates]
        heapq.heapify(heap)
        rounds: list[Round] = []
        while heap:
            floor = self._floor(rounds, reference)
            best: tuple[Any, int, Any] | None = None
            evaluated = []
            while heap and (best is None or heap[0][0] <= best[0] or heap[0][0] <= floor):
                _, p = heapq.heappop(heap)
                found = self.price(p)
                if found is None:
                    continue
                evaluated.append((found, p))
                if best is None or (found[0], p) < best[:2]:
                    best = (found[0], p, found[1])
            if best is None:
                break
            price, winner, payment = best
            unpriced = float(heap[0][0]) * BELOW_EXACT if heap else float("inf")
            rivals = []
            for (rival_price, rival_payment), p in evaluated:
                if p != winner:
                    heapq.heappush(heap, (rival_price, p))
                    rivals.append((p, exact_price(to_fraction(rival_price),
                                                  float(rival_payment), 0.0)))
            rounds.append(Round(winner, exact_price(to_fraction(price), float(payment), 0.0),
                                rivals, unpriced))
            self.pay(winner, payment)
        final = [to_fraction(self.budgets[c]) for c in self.classes.tolist()]
        return rounds, final

    @staticmethod
    def _floor(rounds: list[Round], reference: list[Round] | None) -> Any:
        """As `FloatMES._floor`, as a rational (-1: no floor)."""
        done = len(rounds)
        if reference is None or done >= len(reference) or any(
                a.project != b.project for a, b in zip(rounds, reference, strict=False)):
            return Q(-1)
        hi = reference[done].price.hi
        return Q(Fraction(hi)) if hi != float("inf") else Q(-1)

    def _groups(self, p: int) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int]]]:
        """Supporters of p by (class, utility): inverse index and [(class, utility, weight)]."""
        sup = self.profile.supporters[p]
        utility = np.ones(len(sup.groups), dtype=np.int64) if sup.utility is None \
            else sup.utility.astype(np.int64)
        keys = self.classes[sup.groups] * self.width + utility
        unique, inverse = np.unique(keys, return_inverse=True)
        weights = np.bincount(inverse, weights=sup.weights, minlength=len(unique))
        rows = [(int(k) // self.width, int(k) % self.width, int(w))
                for k, w in zip(unique.tolist(), weights.tolist(), strict=True)]
        return unique, inverse, rows

    def price(self, p: int) -> tuple[Any, Any] | None:
        """(price, payment per unit of utility) of p now, or None if its supporters cannot
        pay for it. Supporter classes are taken by increasing budget per utility: those who
        cannot pay the even split of what is left pay all they have."""
        cost = self.profile.cost[p]
        _, _, rows = self._groups(p)
        if sum(self.budgets[c] * w for c, _, w in rows) < cost:
            return None
        rows.sort(key=lambda row: self.budgets[row[0]] / row[1])
        paid = Q(0)
        rich = self.profile.supporters[p].total
        for c, v, w in rows:
            payment = (cost - paid) / rich
            if payment * v <= self.budgets[c]:
                return payment / self.factor[p], payment
            paid += self.budgets[c] * w
            rich -= v * w
        raise AssertionError("an affordable project always finds its price")

    def pay(self, p: int, payment: Any) -> None:
        """Each supporter pays `payment` per unit of utility (or all it has left); the
        classes split by what their members paid."""
        sup = self.profile.supporters[p]
        _, inverse, rows = self._groups(p)
        new_ids = []
        for c, v, _ in rows:
            left = self.budgets[c] - payment * v
            new_ids.append(len(self.budgets))
            self.budgets.append(left if left > 0 else Q(0))
        self.classes[sup.groups] = np.array(new_ids, dtype=np.int64)[inverse]

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

from budgets.tally.prices import Round, exact_price
from budgets.tally.profile import Profile

try:  # pragma: no cover - depends on the environment
    from gmpy2 import mpq as Q
except ImportError:  # pragma: no cover
    Q = Fraction


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

    def run(self, t: Fraction, reference: list[Round] | None = None
            ) -> tuple[list[Round], list[Fraction]]:
        """The rounds (as `FloatMES.run`) and each group's budget at the end."""
        self.classes = np.zeros(len(self.profile.weights), dtype=np.int64)
        self.budgets: list[Any] = [Q(t.numerator, t.denominator)]
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
            rho, s, lam = best
            unpriced = float(heap[0][0]) * (1 - 2**-50) if heap else float("inf")
            rivals = []
            for (rival_rho, rival_lam), p in evaluated:
                if p != s:
                    heapq.heappush(heap, (rival_rho, p))
                    rivals.append((p, exact_price(to_fraction(rival_rho), float(rival_lam), 0.0)))
            rounds.append(Round(s, exact_price(to_fraction(rho), float(lam), 0.0), rivals,
                                unpriced))
            self.pay(s, lam)
        final = [to_fraction(self.budgets[c]) for c in self.classes.tolist()]
        return rounds, final

    @staticmethod
    def _floor(rounds: list[Round], reference: list[Round] | None) -> Any:
        r = len(rounds)
        if reference is None or r >= len(reference) or any(
                a.project != b.project for a, b in zip(rounds, reference, strict=False)):
            return Q(-1)
        hi = reference[r].price.hi
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
        """(rho, lambda) of p now, or None if its supporters cannot pay for it."""
        cost = self.profile.cost[p]
        _, _, rows = self._groups(p)
        if sum(self.budgets[c] * w for c, _, w in rows) < cost:
            return None
        rows.sort(key=lambda row: self.budgets[row[0]] / row[1])
        paid = Q(0)
        rich = self.profile.supporters[p].total
        for c, v, w in rows:
            lam = (cost - paid) / rich
            if lam * v <= self.budgets[c]:
                return lam / self.factor[p], lam
            paid += self.budgets[c] * w
            rich -= v * w
        raise AssertionError("an affordable project always finds its price")

    def pay(self, p: int, lam: Any) -> None:
        sup = self.profile.supporters[p]
        _, inverse, rows = self._groups(p)
        new_ids = []
        for c, v, _ in rows:
            left = self.budgets[c] - lam * v
            new_ids.append(len(self.budgets))
            self.budgets.append(left if left > 0 else Q(0))
        self.classes[sup.groups] = np.array(new_ids, dtype=np.int64)[inverse]

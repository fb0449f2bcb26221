"""The Method of Equal Shares in floating point for one per-voter budget, every decision
certified (see `prices`).

Each voter group's budget is a float with a rigorous bound `err` on its distance to the
exact (rational) budget pabutools would hold. A round's winner is only accepted when its price
is surely below every rival's (ties broken by project index, i.e. by id), an affordability
test only when the supporters' money is surely above or below the cost; anything closer
raises `Unsure` and the caller counts exactly instead.

Error bounds (u = 2**-53): a sum of m float terms is off by at most (m + 4) u times the sum of
their magnitudes; the payment lambda solving F(lambda) = sum w min(b, lambda v) = cost moves
by at most (D + eps) / V when the budgets move within their bounds, D being the weighted
bounds of the supporters that could be short of money at lambda + delta and V the utility of
those surely not: F is concave and increasing, with slope at least V there.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

import numpy as np

from budgets.tally.prices import (
    INF,
    Price,
    Round,
    U,
    Unsure,
    exact_price,
    same_rounds,
    surely_before,
)
from budgets.tally.profile import Profile, Supporters

SAFE = 2.0**52  # scaled money above this is not exact in float64: count exactly
SINGLE_THREAD_DOT = 8192


class FloatMES:
    """MES on a compiled profile, one per-voter budget at a time."""

    def __init__(self, profile: Profile, candidates: list[int]) -> None:
        self.profile = profile
        self.candidates = candidates
        self.usable = profile.budget < SAFE and all(profile.cost[p] < SAFE for p in candidates)
        size = profile.size
        self.factor = [profile.cost[p] if profile.approval else 1 for p in range(size)]
        self.exact: dict[int, Fraction] = {
            p: Fraction(profile.cost[p], profile.supporters[p].total * self.factor[p])
            for p in candidates}
        self.initial = np.full(size, INF)
        for p in candidates:
            value = self.exact[p]
            self.initial[p] = value.numerator / value.denominator * (1 - 4 * U)

    def run(self, budget: Fraction, reference: list[Round] | None = None,
            probe: bool = False) -> tuple[list[Round] | None, np.ndarray]:
        """The MES rounds for per-voter budget `budget`, and each group's budget left.

        Rounds are None when floating point cannot decide. With a `reference` run at a
        lower budget, rivals are priced up to the reference winner's price while the rounds
        agree; with `probe`, the run stops (None) as soon as it cannot prove, by
        `same_rounds`, that every budget between the two gives the reference's rounds, and
        `diverged` then tells whether its rounds surely differ from the reference's.
        """
        self.diverged = False
        value = budget.numerator / budget.denominator
        beta = np.full(len(self.profile.weights), value)
        err = np.full(len(beta), abs(value) * 2 * U)
        heap = [(float(self.initial[p]), p) for p in self.candidates]
        heapq.heapify(heap)
        rounds: list[Round] = []
        try:
            while heap:
                best, found = self._round_one(heap, beta, err, self._floor(rounds, reference))
                if best is None:
                    break
                unpriced = heap[0][0] if heap else INF
                for p, price in found:
                    heapq.heappush(heap, (price.lo, p))
                done = Round(best[0], best[1], found if probe else [], unpriced)
                if probe and not _agrees(reference, len(rounds), done):
                    self.diverged = _differs(reference, len(rounds), done)
                    return None, beta
                rounds.append(done)
                self.pay_one(best[0], best[1], beta, err)
        except Unsure:
            return None, beta
        if probe and (reference is None or len(rounds) != len(reference)):
            self.diverged = True
            return None, beta
        return rounds, beta

    @staticmethod
    def _floor(rounds: list[Round], reference: list[Round] | None) -> float:
        if reference is None or len(rounds) >= len(reference) or any(
                a.project != b.project for a, b in zip(rounds, reference, strict=False)):
            return -INF
        return reference[len(rounds)].price.hi

    def _round_one(self, heap: list[tuple[float, int]], beta: np.ndarray, err: np.ndarray,
                   floor: float) -> tuple[tuple[int, Price] | None, list[tuple[int, Price]]]:
        """The round's certified winner and the rivals priced (popped from `heap`)."""
        best: tuple[int, Price] | None = None
        priced: list[tuple[int, Price]] = []
        while heap and (best is None or heap[0][0] <= max(best[1].hi, floor)):
            _, p = heapq.heappop(heap)
            price = self.price_one(p, beta, err)
            if price is None:
                continue
            priced.append((p, price))
            if best is None or (price.rho, p) < (best[1].rho, best[0]):
                best = (p, price)
        if best is None:
            return None, []
        found = [(p, price) for p, price in priced if p != best[0]]
        if not all(surely_before(*best, p, price) for p, price in found):
            raise Unsure
        return best, found

    def price_one(self, p: int, beta: np.ndarray, err: np.ndarray) -> Price | None:
        """The price of p now, or None if its supporters cannot pay for it (`Unsure` when
        floating point cannot tell)."""
        sup = self.profile.supporters[p]
        cost, w = self.profile.cost[p], sup.weights
        b, e = beta[sup.groups], err[sup.groups]
        avail = _dot(w, b)
        margin = _dot(w, e) + (len(b) + 4) * U * avail
        if avail + margin < cost:
            return None
        if avail - margin < cost:
            raise Unsure
        lam0 = cost / sup.total
        low = b - e
        if sup.utility is not None:
            low /= sup.utility
        if float(low.min()) >= lam0 * (1 + 8 * U):
            return exact_price(self.exact[p], lam0, 2 * U * lam0)
        lam = _solve_one(sup, cost, b, lam0)
        lam_err = _error_one(sup, cost, b, e, low, lam)
        rho = lam / self.factor[p]
        rho_err = lam_err / self.factor[p] + 4 * U * rho
        return Price(rho, rho - rho_err, rho + rho_err, None, lam, lam_err)

    def pay_one(self, p: int, price: Price, beta: np.ndarray, err: np.ndarray) -> None:
        sup = self.profile.supporters[p]
        b = beta[sup.groups]
        share = price.lam if sup.utility is None else price.lam * sup.utility
        left = b - share
        np.maximum(left, 0.0, out=left)
        beta[sup.groups] = left
        err[sup.groups] += (price.lam_err if sup.utility is None
                            else price.lam_err * sup.utility) + 4 * U * (b + share)


def _agrees(reference: list[Round] | None, index: int, done: Round) -> bool:
    """Round `index` of a run at a higher budget keeps `same_rounds` possible."""
    if reference is None or index >= len(reference):
        return False
    return same_rounds([reference[index]], [done])


def _differs(reference: list[Round] | None, index: int, done: Round) -> bool:
    """Round `index` surely has another winner than the reference's, or is one too many."""
    return reference is None or index >= len(reference) \
        or reference[index].project != done.project


def _dot(x: np.ndarray, y: np.ndarray) -> float:
    """Sum of products. OpenBLAS runs dot products of up to 10 000 terms on one thread;
    longer ones would wake its threads, which spin on a busy machine: numpy's own loop
    is used for those."""
    if len(x) <= SINGLE_THREAD_DOT:
        return float(np.dot(x, y))
    return float(np.einsum("i,i->", x, y))


def _masked(x: np.ndarray, mask: np.ndarray) -> float:
    """Sum of x where mask holds."""
    return _dot(x, mask.astype(np.float64))


def _solve_one(sup: Supporters, cost: int, b: np.ndarray, lam: float) -> float:
    """`_solve` for one row."""
    v = sup.utility
    wv = sup.weights if v is None else sup.weights * v
    ratio = b if v is None else b / v
    rich = _masked(wv, ratio > lam)
    for _ in range(64):
        if rich <= 0:
            raise Unsure
        spent = _dot(sup.weights, np.minimum(b, lam if v is None else lam * v))
        step = (cost - spent) / rich
        if step <= 0:
            return lam
        lam += step
        now_rich = _masked(wv, ratio > lam)
        if now_rich == rich:
            return lam
        rich = now_rich
    raise Unsure


def _error_one(sup: Supporters, cost: int, b: np.ndarray, e: np.ndarray, low: np.ndarray,
               lam: float) -> float:
    """`_error` for one row."""
    wv = sup.weights if sup.utility is None else sup.weights * sup.utility
    ratio = b if sup.utility is None else b / sup.utility
    weighted_err = sup.weights * e
    eps = 2 * (len(b) + 8) * U * (cost + lam * sup.total)
    for relative in (1e-9, 1e-7, 1e-5, 1e-3):
        delta = lam * relative
        edge = (lam + delta) * (1 + 8 * U)
        spread = _masked(weighted_err, low < edge)
        slope = _masked(wv, ratio > edge)
        if slope > 0 and (spread + eps) / slope <= delta:
            return (spread + eps) / slope * (1 + 1e-6) + 4 * U * lam
    raise Unsure



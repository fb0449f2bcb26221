"""The Method of Equal Shares in floating point for one per-voter budget, every decision
certified (see `prices` and docs/tally.md).

Each voter group's budget is a float with a rigorous bound on its distance to the exact
(rational) budget pabutools would hold. A round's winner is only accepted when its price is
surely below every rival's (ties broken by project index, i.e. by id), an affordability test
only when the supporters' money is surely above or below the cost; anything closer raises
`Unsure` and the caller counts exactly instead.

Error bounds (u = `UNIT_ROUNDOFF` = 2**-53): a sum of m float terms is off by at most
(m + 4) u times the sum of their magnitudes; the payment per unit of utility p solving
F(p) = sum w min(b, p v) = cost (w the weights, b the budgets, v the utilities of the
supporters) moves by at most (D + eps) / V when the budgets move within their bounds, D being
the weighted bounds of the supporters that could be short of money at p + delta and V the
utility of those surely not: F is concave and increasing, with slope at least V there.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

import numpy as np

from budgets.tally.prices import (
    COMPARISON_MARGIN,
    INF,
    ROUNDING_MARGIN,
    UNIT_ROUNDOFF,
    Price,
    Round,
    Unsure,
    exact_price,
    same_rounds,
    surely_before,
)
from budgets.tally.profile import Profile, Supporters

SAFE = 2.0**52  # scaled money above this is not exact in float64: count exactly
SINGLE_THREAD_DOT = 8192
MAX_SOLVER_STEPS = 64  # steps of `_solve_one` before giving up (Unsure)
# Widths of the window around the payment that `_error_one` tries, relative to the payment.
ERROR_WINDOWS = (1e-9, 1e-7, 1e-5, 1e-3)


class FloatMES:
    """MES on a compiled profile, one per-voter budget at a time."""

    def __init__(self, profile: Profile, candidates: list[int]) -> None:
        self.profile = profile
        self.candidates = candidates
        self.usable = profile.budget < SAFE and all(profile.cost[p] < SAFE for p in candidates)
        size = profile.size
        # price = payment per unit of utility / factor (pabutools' Cost_Sat for approval)
        self.factor = [profile.cost[p] if profile.approval else 1 for p in range(size)]
        # The price when no supporter is short of money, the lowest a project can have.
        self.exact: dict[int, Fraction] = {
            p: Fraction(profile.cost[p], profile.supporters[p].total * self.factor[p])
            for p in candidates}
        self.initial = np.full(size, INF)  # heap keys: surely at most each starting price
        for p in candidates:
            value = self.exact[p]
            self.initial[p] = value.numerator / value.denominator * (1 - ROUNDING_MARGIN)
        # Set by `run(..., probe=True)` when it returns None: do its rounds surely differ?
        self.diverged = False

    def run(self, voter_budget: Fraction, reference: list[Round] | None = None,
            probe: bool = False) -> tuple[list[Round] | None, np.ndarray]:
        """The MES rounds for `voter_budget` per voter, and each group's budget left.

        Rounds are None when floating point cannot decide. With a `reference` run at a
        lower budget, rivals are priced up to the reference winner's price while the rounds
        agree; with `probe`, the run stops (None) as soon as it cannot prove, by
        `same_rounds`, that every budget between the two gives the reference's rounds, and
        `diverged` then tells whether its rounds surely differ from the reference's.
        """
        self.diverged = False
        value = voter_budget.numerator / voter_budget.denominator
        budgets = np.full(len(self.profile.weights), value)
        budget_err = np.full(len(budgets), abs(value) * 2 * UNIT_ROUNDOFF)
        heap = [(float(self.initial[p]), p) for p in self.candidates]
        heapq.heapify(heap)
        rounds: list[Round] = []
        try:
            while heap:
                best, found = self._round_one(heap, budgets, budget_err,
                                              self._floor(rounds, reference))
                if best is None:
                    break
                unpriced = heap[0][0] if heap else INF
                for p, price in found:
                    heapq.heappush(heap, (price.lo, p))
                done = Round(best[0], best[1], found if probe else [], unpriced)
                if probe and not _agrees(reference, len(rounds), done):
                    self.diverged = _differs(reference, len(rounds), done)
                    return None, budgets
                rounds.append(done)
                self.pay_one(best[0], best[1], budgets, budget_err)
        except Unsure:
            return None, budgets
        if probe and (reference is None or len(rounds) != len(reference)):
            self.diverged = True
            return None, budgets
        return rounds, budgets

    @staticmethod
    def _floor(rounds: list[Round], reference: list[Round] | None) -> float:
        """While the rounds so far match the reference's, the reference winner's price for
        the next round: rivals up to it are priced too (for `same_rounds`)."""
        if reference is None or len(rounds) >= len(reference) or any(
                a.project != b.project for a, b in zip(rounds, reference, strict=False)):
            return -INF
        return reference[len(rounds)].price.hi

    def _round_one(self, heap: list[tuple[float, int]], budgets: np.ndarray,
                   budget_err: np.ndarray, floor: float,
                   ) -> tuple[tuple[int, Price] | None, list[tuple[int, Price]]]:
        """The round's certified winner and the rivals priced (popped from `heap`)."""
        best: tuple[int, Price] | None = None
        priced: list[tuple[int, Price]] = []
        while heap and (best is None or heap[0][0] <= max(best[1].hi, floor)):
            _, p = heapq.heappop(heap)
            price = self.price_one(p, budgets, budget_err)
            if price is None:
                continue
            priced.append((p, price))
            if best is None or (price.value, p) < (best[1].value, best[0]):
                best = (p, price)
        if best is None:
            return None, []
        found = [(p, price) for p, price in priced if p != best[0]]
        if not all(surely_before(*best, p, price) for p, price in found):
            raise Unsure
        return best, found

    def price_one(self, p: int, budgets: np.ndarray, budget_err: np.ndarray) -> Price | None:
        """The price of p now, or None if its supporters cannot pay for it (`Unsure` when
        floating point cannot tell)."""
        sup = self.profile.supporters[p]
        cost, weights = self.profile.cost[p], sup.weights
        funds, funds_err = budgets[sup.groups], budget_err[sup.groups]
        available = _dot(weights, funds)
        margin = _dot(weights, funds_err) + (len(funds) + 4) * UNIT_ROUNDOFF * available
        if available + margin < cost:
            return None
        if available - margin < cost:
            raise Unsure
        even_payment = cost / sup.total  # every supporter pays in proportion to utility
        lowest = funds - funds_err  # surely at most each supporter's budget (per utility)
        if sup.utility is not None:
            lowest /= sup.utility
        if float(lowest.min()) >= even_payment * (1 + COMPARISON_MARGIN):
            return exact_price(self.exact[p], even_payment, 2 * UNIT_ROUNDOFF * even_payment)
        payment = _solve_one(sup, cost, funds, even_payment)
        payment_err = _error_one(sup, cost, funds, funds_err, lowest, payment)
        value = payment / self.factor[p]
        value_err = payment_err / self.factor[p] + ROUNDING_MARGIN * value
        return Price(value, value - value_err, value + value_err, None, payment, payment_err)

    def pay_one(self, p: int, price: Price, budgets: np.ndarray,
                budget_err: np.ndarray) -> None:
        """Take p's price from its supporters' budgets, widening their error bounds."""
        sup = self.profile.supporters[p]
        funds = budgets[sup.groups]
        share = price.payment if sup.utility is None else price.payment * sup.utility
        left = funds - share
        np.maximum(left, 0.0, out=left)
        budgets[sup.groups] = left
        budget_err[sup.groups] += (price.payment_err if sup.utility is None
                                   else price.payment_err * sup.utility) \
            + ROUNDING_MARGIN * (funds + share)


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


def _solve_one(sup: Supporters, cost: int, funds: np.ndarray, payment: float) -> float:
    """The payment per unit of utility p at which p's supporters, each paying
    min(budget, p * utility), together pay `cost`, starting from `payment` (the even split).

    F(p) = sum w min(b, p v) is piecewise linear: each step assumes the supporters who can
    still pay more (b > p v, the "rich") stay so, and moves p by (cost - F(p)) / (their
    utility); it is exact once that set no longer changes. Unsure when nobody can pay more
    or after `MAX_SOLVER_STEPS` steps; `_error_one` bounds the result's error.
    """
    utility = sup.utility
    weighted_utility = sup.weights if utility is None else sup.weights * utility
    per_utility = funds if utility is None else funds / utility
    rich = _masked(weighted_utility, per_utility > payment)
    for _ in range(MAX_SOLVER_STEPS):
        if rich <= 0:
            raise Unsure
        spent = _dot(sup.weights,
                     np.minimum(funds, payment if utility is None else payment * utility))
        step = (cost - spent) / rich
        if step <= 0:
            return payment
        payment += step
        now_rich = _masked(weighted_utility, per_utility > payment)
        if now_rich == rich:
            return payment
        rich = now_rich
    raise Unsure


def _error_one(sup: Supporters, cost: int, funds: np.ndarray, funds_err: np.ndarray,
               lowest: np.ndarray, payment: float) -> float:
    """A bound on the distance from `payment` (`_solve_one`'s result) to the exact payment,
    given the supporters' budgets within `funds_err` (see the module's error bounds).

    For a window delta around the payment (tried from narrow to wide, `ERROR_WINDOWS`):
    `spread` is the weighted error of the supporters who could be short of money within it,
    `slope` the utility of those surely not, eps the rounding of F itself. The exact payment
    is within (spread + eps) / slope when that fits in the window; Unsure if no window works.
    """
    weighted_utility = sup.weights if sup.utility is None else sup.weights * sup.utility
    per_utility = funds if sup.utility is None else funds / sup.utility
    weighted_err = sup.weights * funds_err
    eps = 2 * (len(funds) + 8) * UNIT_ROUNDOFF * (cost + payment * sup.total)
    for relative in ERROR_WINDOWS:
        delta = payment * relative
        edge = (payment + delta) * (1 + COMPARISON_MARGIN)
        spread = _masked(weighted_err, lowest < edge)
        slope = _masked(weighted_utility, per_utility > edge)
        if slope > 0 and (spread + eps) / slope <= delta:
            return (spread + eps) / slope * (1 + 1e-6) + ROUNDING_MARGIN * payment
    raise Unsure



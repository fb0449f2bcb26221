"""The Method of Equal Shares in floating point, with every decision certified.

Each voter group's budget is a float `beta` with a rigorous bound `err` on its distance to the
exact (rational) budget pabutools would hold. Each price rho (money per unit of utility; for
approval ballots the per-supporter payment divided by the cost, as with pabutools' Cost_Sat)
is an interval [lo, hi] that surely contains the exact value, or the exact fraction itself
when no supporter is short of money (then rho = cost / total utility). A round's winner is only
accepted when its interval is certainly below every other candidate's (ties broken by project
index, i.e. by id); an affordability test only when the supporters' money is certainly above
or below the cost. Anything closer raises `Uncertain` and the caller counts exactly instead.

Error bounds (u = 2**-53): a sum of m float terms is off by at most (m + 4) u times the sum of
their magnitudes; the price lambda solving F(lambda) = sum w min(beta, lambda v) = cost moves
by at most (D + eps) / V_rich when the budgets move by their bounds, D being the weighted
bounds of the supporters that could be short of money and V_rich the utility of those that
surely are not, because F is concave, increasing, and has slope >= V_rich there.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from budgets.tally.profile import Profile, Supporters

U = 2.0**-53
SAFE = 2.0**52


def dot(x: np.ndarray, y: np.ndarray) -> float:
    """Sum of products without BLAS (whose threads spin on a busy machine)."""
    return float(np.einsum("i,i->", x, y))


def masked(x: np.ndarray, mask: np.ndarray) -> float:
    """Sum of x where mask holds."""
    return float((x * mask).sum())


class Uncertain(Exception):
    """Floating point cannot settle a step with certainty."""


@dataclass(slots=True)
class Price:
    """The price rho of a project in one round, and the per-unit payment lambda behind it."""

    rho: float
    lo: float
    hi: float
    exact: Fraction | None
    lam: float
    lam_err: float


def exact_price(rho: Fraction, lam: float, lam_err: float) -> Price:
    value = rho.numerator / rho.denominator
    return Price(value, value * (1 - 4 * U), value * (1 + 4 * U), rho, lam, lam_err)


def before(p: int, price_p: Price, q: int, price_q: Price) -> bool:
    """Best guess: does p come before q (lower rho, then lower index)?"""
    if price_p.exact is not None and price_q.exact is not None:
        return (price_p.exact, p) < (price_q.exact, q)
    return (price_p.rho, p) < (price_q.rho, q)


def surely_before(p: int, price_p: Price, q: int, price_q: Price) -> bool:
    """Is p certainly chosen before q in exact arithmetic?"""
    if price_p.exact is not None and price_q.exact is not None:
        return (price_p.exact, p) < (price_q.exact, q)
    if p < q:
        return price_p.hi <= price_q.lo
    return price_p.hi < price_q.lo


class FloatMES:
    """MES runs on a compiled profile for a given per-voter budget."""

    def __init__(self, profile: Profile, candidates: list[int]) -> None:
        self.profile = profile
        self.candidates = candidates
        self.usable = profile.budget < SAFE and all(profile.cost[p] < SAFE for p in candidates)
        self.factor = {p: (profile.cost[p] if profile.approval else 1) for p in candidates}
        self.initial = {}
        for p in candidates:
            total = profile.supporters[p].total
            self.initial[p] = Fraction(profile.cost[p], total * self.factor[p])

    def start(self, t: Fraction) -> tuple[np.ndarray, np.ndarray, list[tuple[float, int]]]:
        size = len(self.profile.weights)
        value = t.numerator / t.denominator
        beta = np.full(size, value)
        err = np.full(size, abs(value) * 2 * U)
        heap = [(self.initial[p].numerator / self.initial[p].denominator * (1 - 4 * U), p)
                for p in self.candidates]
        heapq.heapify(heap)
        return beta, err, heap

    def run(self, t: Fraction) -> tuple[list[tuple[int, Price]], np.ndarray]:
        """The MES outcome for per-voter budget `t`: [(project, price)] in order, budgets."""
        beta, err, heap = self.start(t)
        trace: list[tuple[int, Price]] = []
        while heap:
            best: tuple[int, Price] | None = None
            evaluated: list[tuple[int, Price]] = []
            while heap and (best is None or heap[0][0] <= best[1].hi):
                _, p = heapq.heappop(heap)
                price = self.evaluate(p, beta, err)
                if price is None:
                    continue
                evaluated.append((p, price))
                if best is None or before(p, price, *best):
                    best = (p, price)
            if best is None:
                break
            for p, price in evaluated:
                if p != best[0]:
                    if not surely_before(*best, p, price):
                        raise Uncertain
                    heapq.heappush(heap, (price.lo, p))
            trace.append(best)
            self.pay(*best, beta, err)
        return trace, beta

    def certify(self, trace: list[tuple[int, Price]], t: Fraction) -> bool:
        """Does MES give the same rounds for every per-voter budget in [t0, t]?

        `trace` is the run at some t0 < t. For a fixed sequence of rounds every budget grows
        with the per-voter budget and every price shrinks, so rho_s(t') <= rho_s(t0) and
        rho_q(t') >= rho_q(t) for t' in [t0, t]: it suffices that each round's winner at t0
        beats every other candidate's price at t, and that nothing more is affordable at t.
        """
        beta, err, heap = self.start(t)
        done: set[int] = set()
        try:
            for s, price_s in trace:
                checked = []
                while heap and heap[0][0] <= price_s.hi:
                    _, q = heapq.heappop(heap)
                    if q == s or q in done:
                        continue
                    price_q = self.evaluate(q, beta, err)
                    if price_q is None:
                        done.add(q)
                        continue
                    if not surely_before(s, price_s, q, price_q):
                        return False
                    checked.append((price_q.lo, q))
                for item in checked:
                    heapq.heappush(heap, item)
                done.add(s)
                price = self.evaluate(s, beta, err)
                if price is None:
                    return False
                self.pay(s, price, beta, err)
            return all(q in done or self.evaluate(q, beta, err, afford_only=True) is None
                       for _, q in heap)
        except Uncertain:
            return False

    def pay(self, p: int, price: Price, beta: np.ndarray, err: np.ndarray) -> None:
        sup = self.profile.supporters[p]
        b = beta[sup.groups]
        share = price.lam if sup.utility is None else price.lam * sup.utility
        left = b - share
        np.maximum(left, 0.0, out=left)
        beta[sup.groups] = left
        err[sup.groups] += (price.lam_err if sup.utility is None
                            else price.lam_err * sup.utility) + 4 * U * (b + share)

    def evaluate(self, p: int, beta: np.ndarray, err: np.ndarray,
                 afford_only: bool = False) -> Price | None:
        """The price of `p` now, or None when its supporters cannot pay for it."""
        sup = self.profile.supporters[p]
        cost = self.profile.cost[p]
        b = beta[sup.groups]
        e = err[sup.groups]
        avail = dot(sup.weights, b)
        margin = dot(sup.weights, e) + (len(b) + 4) * U * avail
        if avail + margin < cost:
            return None
        if avail - margin < cost:
            raise Uncertain
        if afford_only:
            return Price(0.0, 0.0, 0.0, None, 0.0, 0.0)
        lam0 = cost / sup.total
        low = b - e
        if sup.utility is not None:
            low /= sup.utility
        if float(low.min()) >= lam0 * (1 + 8 * U):
            rho = Fraction(cost, sup.total * self.factor[p])
            return exact_price(rho, lam0, 2 * U * lam0)
        lam = self._solve(sup, cost, b, lam0)
        lam_err = self._lambda_error(sup, cost, b, e, low, lam)
        rho = lam / self.factor[p]
        rho_err = lam_err / self.factor[p] + 4 * U * rho
        return Price(rho, rho - rho_err, rho + rho_err, None, lam, lam_err)

    @staticmethod
    def _solve(sup: Supporters, cost: int, b: np.ndarray, lam: float) -> float:
        """lambda with F(lambda) = sum w min(b, lambda v) = cost.

        Newton's method from lambda = cost / total utility, which is below the root: F is
        concave and piecewise linear, so the iterates rise to the root and stop on its piece
        (the "poor/rich" iteration of pabutools, without sorting).
        """
        v = sup.utility
        wv = sup.weights if v is None else sup.weights * v
        ratio = b if v is None else b / v
        rich = masked(wv, ratio > lam)
        for _ in range(64):
            if rich <= 0:
                raise Uncertain
            spent = dot(sup.weights, np.minimum(b, lam if v is None else lam * v))
            step = (cost - spent) / rich
            if step <= 0:
                return lam
            lam += step
            now_rich = masked(wv, ratio > lam)
            if now_rich == rich:
                return lam
            rich = now_rich
        raise Uncertain

    @staticmethod
    def _lambda_error(sup: Supporters, cost: int, b: np.ndarray, e: np.ndarray,
                      low: np.ndarray, lam: float) -> float:
        """A bound on |lambda - exact lambda| (see the module docstring).

        `low` is (b - e) / utility: supporters with low >= lambda + delta surely pay lambda
        times their utility at every price within delta, in floats as in exact arithmetic.
        """
        wv = sup.weights if sup.utility is None else sup.weights * sup.utility
        ratio = b if sup.utility is None else b / sup.utility
        weighted_err = sup.weights * e
        eps = 2 * (len(b) + 8) * U * (cost + lam * sup.total)
        for relative in (1e-9, 1e-7, 1e-5, 1e-3):
            delta = lam * relative
            edge = (lam + delta) * (1 + 8 * U)
            spread = masked(weighted_err, low < edge)
            slope = masked(wv, ratio > edge)
            if slope > 0 and (spread + eps) / slope <= delta:
                return (spread + eps) / slope * (1 + 1e-6) + 4 * U * lam
        raise Uncertain

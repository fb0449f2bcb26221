"""Prices of projects in Method of Equal Shares rounds, exact or as certified intervals.

Shared by the floating-point engine (`mes_float`) and the exact one
(`mes_exact`). The float engines give a price rho (money per unit of utility; for approval
ballots the per-supporter payment divided by the cost, as pabutools' Cost_Sat does) as an
interval [lo, hi] that surely holds the exact value, or exactly (cost / total utility) when no
supporter is short of money. Decisions are only taken when the intervals settle them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

U = 2.0**-53  # unit roundoff of float64
INF = float("inf")


class Unsure(Exception):
    """Floating point cannot settle a step with certainty."""


@dataclass(slots=True)
class Price:
    """The price rho of a project in one round, and the payment per unit of utility lambda."""

    rho: float
    lo: float
    hi: float
    exact: Fraction | None
    lam: float
    lam_err: float


@dataclass(slots=True)
class Round:
    """One MES round: the winner and its price, the rivals priced in that round (recorded on
    request) and a lower bound on the price of every other candidate (`unpriced`)."""

    project: int
    price: Price
    rivals: list[tuple[int, Price]]
    unpriced: float


def exact_price(rho: Fraction, lam: float, lam_err: float) -> Price:
    value = rho.numerator / rho.denominator
    return Price(value, value * (1 - 4 * U), value * (1 + 4 * U), rho, lam, lam_err)


def surely_before(p: int, price_p: Price, q: int, price_q: Price) -> bool:
    """Is p certainly chosen before q (lower rho, then lower index) in exact arithmetic?"""
    if price_p.exact is not None and price_q.exact is not None:
        return (price_p.exact, p) < (price_q.exact, q)
    if p < q:
        return price_p.hi <= price_q.lo
    return price_p.hi < price_q.lo


def same_rounds(left: list[Round], right: list[Round]) -> bool:
    """Do the runs at budgets t1 < t2 prove that every budget in [t1, t2] gives `left`?

    For a fixed sequence of rounds every voter's budget grows with the per-voter budget and
    every price shrinks (by induction on the rounds), so for t in [t1, t2] the winner's
    price is at most its price at t1 and every rival's is at least its price at t2; a
    project unaffordable at t2 is unaffordable below. Hence it suffices that both runs have
    the same rounds, and that each round's winner at t1 surely beats every rival at t2.
    """
    if [r.project for r in left] != [r.project for r in right]:
        return False
    for a, b in zip(left, right, strict=True):
        if not a.price.hi < b.unpriced:
            return False
        if not all(surely_before(a.project, a.price, q, price) for q, price in b.rivals):
            return False
    return True



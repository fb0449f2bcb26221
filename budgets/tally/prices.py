"""Prices of projects in Method of Equal Shares rounds, exact or as certified intervals.

Shared by the floating-point engine (`mes_float`) and the exact one (`mes_exact`). The float
engine gives a price (pabutools' rho: money per unit of utility; for approval ballots the
per-supporter payment divided by the cost, as pabutools' Cost_Sat does) as an interval
[lo, hi] that surely holds the exact value, or exactly (cost / total utility) when no
supporter is short of money. Decisions are only taken when the intervals settle them.

The error margins are multiples of float64's unit roundoff: one correctly rounded operation
(a division, a product, the conversion of a rational) is off by at most `UNIT_ROUNDOFF`
relative to its exact result. See docs/tally.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

UNIT_ROUNDOFF = 2.0**-53  # float64: |fl(x) - x| <= UNIT_ROUNDOFF * |x| for one rounding
# Relative half-width of the interval put around a price computed with a few roundings (the
# rational price converted to float, then multiplied by the margin): 4 roundings' worth, so the
# interval surely holds the exact value.
ROUNDING_MARGIN = 4 * UNIT_ROUNDOFF
# Relative margin for a comparison between two floats that each carry a few roundings (about
# 4 each): a test passed with it holds for the exact values too.
COMPARISON_MARGIN = 8 * UNIT_ROUNDOFF
INF = float("inf")


class Unsure(Exception):
    """Floating point cannot settle a step with certainty."""


@dataclass(slots=True)
class Price:
    """A project's price in one round (pabutools' rho) and what each supporter pays for it.

    `value` is the price as a float and [`lo`, `hi`] an interval surely holding the exact
    one, which `exact` gives when it is known. `payment` is the payment per unit of utility
    (MES's lambda: what a supporter with utility 1 pays) and `payment_err` a bound on its
    distance to the exact payment.
    """

    value: float
    lo: float
    hi: float
    exact: Fraction | None
    payment: float
    payment_err: float


@dataclass(slots=True)
class Round:
    """One MES round: the winner and its price, the rivals priced in that round (recorded on
    request) and a lower bound on the price of every other candidate (`unpriced`)."""

    project: int
    price: Price
    rivals: list[tuple[int, Price]]
    unpriced: float


def exact_price(price: Fraction, payment: float, payment_err: float) -> Price:
    """A price known exactly, with its float interval."""
    value = price.numerator / price.denominator  # correctly rounded: within UNIT_ROUNDOFF
    return Price(value, value * (1 - ROUNDING_MARGIN), value * (1 + ROUNDING_MARGIN), price,
                 payment, payment_err)


def surely_before(p: int, price_p: Price, q: int, price_q: Price) -> bool:
    """Is p certainly chosen before q (lower price, then lower index) in exact arithmetic?"""
    if price_p.exact is not None and price_q.exact is not None:
        return (price_p.exact, p) < (price_q.exact, q)
    if p < q:
        return price_p.hi <= price_q.lo
    return price_p.hi < price_q.lo


def same_rounds(left: list[Round], right: list[Round]) -> bool:
    """Do the runs at per-voter budgets b1 < b2 prove that every budget in [b1, b2] gives
    `left`?

    For a fixed sequence of rounds every voter's budget grows with the per-voter budget and
    every price shrinks (by induction on the rounds), so for b in [b1, b2] the winner's
    price is at most its price at b1 and every rival's is at least its price at b2; a
    project unaffordable at b2 is unaffordable below. Hence it suffices that both runs have
    the same rounds, and that each round's winner at b1 surely beats every rival at b2.
    """
    if [r.project for r in left] != [r.project for r in right]:
        return False
    for a, b in zip(left, right, strict=True):
        if not a.price.hi < b.unpriced:
            return False
        if not all(surely_before(a.project, a.price, q, price) for q, price in b.rivals):
            return False
    return True



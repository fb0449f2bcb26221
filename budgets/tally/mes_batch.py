"""The Method of Equal Shares in floating point for many per-voter budgets at once.

add1 counts the same election with budgets one currency unit apart. On small elections
numpy's per-call overhead dominates, so `BatchMES.runs` keeps one column per budget in
(voter groups x budgets) arrays: budgets that choose the same project move on together;
when they diverge they are split into groups, each with its own columns, that go on
separately. Prices, certificates and error bounds are those of `mes_float`, column by
column; a budget where floating point cannot decide is given up (None) and counted exactly
by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from budgets.tally.mes_float import FloatMES
from budgets.tally.prices import INF, Price, Round, U
from budgets.tally.profile import Supporters

UNAFFORDABLE, PRICED, EXACT, UNSURE = 0, 1, 2, 3


@dataclass(slots=True)
class _Group:
    """Budgets (columns) that have chosen the same projects so far."""

    rows: np.ndarray  # which budgets, as indices into the caller's list
    beta: np.ndarray  # (voter groups, budgets): money left
    err: np.ndarray  # (voter groups, budgets): bound on its error
    alive: np.ndarray  # (budgets, projects): may still be affordable
    stale: np.ndarray  # (budgets, projects): lower bound on the price
    chosen: list[int]


class BatchMES(FloatMES):
    """MES on a compiled profile for several per-voter budgets together."""

    def runs(self, budgets: list[Fraction]
             ) -> tuple[list[list[Round] | None], list[np.ndarray | None]]:
        """The MES rounds for each per-voter budget (None: floating point could not decide),
        and each one's budgets left per voter group."""
        count, size = len(budgets), len(self.profile.weights)
        start = np.array([b.numerator / b.denominator for b in budgets])
        beta = np.repeat(start[None, :], size, axis=0)
        results: list[list[Round] | None] = [[] for _ in range(count)]
        left: list[np.ndarray | None] = [None] * count
        groups = [_Group(np.arange(count), beta, np.abs(beta) * (2 * U),
                         np.tile(self.is_candidate, (count, 1)),
                         np.tile(self.initial, (count, 1)), [])]
        while groups:
            groups.extend(self._advance(groups.pop(), results, left))
        return results, left

    def _advance(self, group: _Group, results: list[list[Round] | None],
                 left: list[np.ndarray | None]) -> list[_Group]:
        """Play one round for `group`; return the groups that go on."""
        table = _Table(len(group.rows), self.profile.size)
        self._price_round(group, table)
        winners = self._certified(table)
        winners[table.unsure] = -2
        for j in np.flatnonzero(winners == -2).tolist():
            results[int(group.rows[j])] = None
        for j in np.flatnonzero(winners == -1).tolist():
            left[int(group.rows[j])] = group.beta[:, j]
        moving = np.flatnonzero(winners >= 0)
        for j in moving.tolist():
            w = int(winners[j])
            price = Price(float(table.rho[j, w]), float(table.lo[j, w]), float(table.hi[j, w]),
                          self.exact[w] if table.exact[j, w] else None,
                          float(table.lam[j, w]), float(table.lam_err[j, w]))
            rounds = results[int(group.rows[j])]
            if rounds is not None:
                rounds.append(Round(w, price, [], INF))
        following = []
        choices = np.unique(winners[moving]).tolist()
        for w in choices:
            local = moving[winners[moving] == w]
            whole = len(choices) == 1 and len(local) == len(group.rows)
            beta = group.beta if whole else group.beta[:, local]
            err = group.err if whole else group.err[:, local]
            self._pay(w, table.lam[local, w], table.lam_err[local, w], beta, err)
            alive = group.alive[local]
            alive[:, w] = False
            following.append(_Group(group.rows[local], beta, err, alive, group.stale[local],
                                    group.chosen + [w]))
        return following

    def _price_round(self, group: _Group, table: _Table) -> None:
        """Price, per budget, every candidate that could beat the cheapest one found.

        A candidate needs pricing for a budget when its stale lower bound is at most the
        price of that budget's best so far. Budgets with no best yet first price their
        cheapest-looking candidate; then every candidate still needed is priced, each one
        for all the budgets that need it at once, until none is needed.
        """
        n = len(group.rows)
        best_hi, best_rho, best = np.full(n, INF), np.full(n, INF), np.full(n, -1)
        while True:
            limit = np.where(best >= 0, best_hi, INF)
            need = group.alive & ~table.done & (group.stale <= limit[:, None])
            need[table.unsure] = False
            if not need.any():
                return
            if (best < 0).any():
                wanted = [int(np.argmin(np.where(need, group.stale, INF).min(axis=0)))]
            else:
                wanted = np.flatnonzero(need.any(axis=0)).tolist()
            for p in wanted:
                local = np.flatnonzero(need[:, p])
                status, rho, lo, hi, lam, lam_err = self._evaluate(p, group, local)
                table.done[local, p] = True
                group.alive[local[status == UNAFFORDABLE], p] = False
                table.unsure[local[status == UNSURE]] = True
                ok = (status == PRICED) | (status == EXACT)
                cols = local[ok]
                table.store(cols, p, status[ok] == EXACT, rho[ok], lo[ok], hi[ok], lam[ok],
                            lam_err[ok])
                group.stale[cols, p] = lo[ok]
                rho = rho[ok]
                better = (rho < best_rho[cols]) | ((rho == best_rho[cols]) & (p < best[cols]))
                upgrade = cols[better]
                best[upgrade], best_rho[upgrade] = p, rho[better]
                best_hi[upgrade] = hi[ok][better]

    def _certified(self, table: _Table) -> np.ndarray:
        """Each budget's winner: its index, -1 if nothing is affordable, -2 if unsure."""
        n, size = table.rho.shape
        priced = table.priced
        winners = np.argmin(np.where(priced, table.rho, INF), axis=1)
        rows = np.arange(n)
        cols = np.arange(size)[None, :]
        w = winners[:, None]
        hi_w = table.hi[rows, winners][:, None]
        interval_ok = np.where(cols > w, hi_w <= table.lo, hi_w < table.lo)
        rank_w, rank = self.rank[winners][:, None], self.rank[None, :]
        exact_ok = (rank_w < rank) | ((rank_w == rank) & (cols > w))
        both_exact = table.exact[rows, winners][:, None] & table.exact
        ok = np.where(both_exact, exact_ok, interval_ok) | (cols == w) | ~priced
        result = np.where(ok.all(axis=1), winners, -2)
        result[~priced.any(axis=1)] = -1
        return result

    def _evaluate(self, p: int, group: _Group, local: np.ndarray) -> tuple[np.ndarray, ...]:
        """Status, rho, lo, hi, lambda and its error of project p for the `local` budgets."""
        sup = self.profile.supporters[p]
        cost, m, n = self.profile.cost[p], len(sup.groups), len(local)
        b, e = group.beta[sup.groups], group.err[sup.groups]
        if n < len(group.rows):
            b, e = b[:, local], e[:, local]
        avail = np.einsum("j,jk->k", sup.weights, b)
        margin = np.einsum("j,jk->k", sup.weights, e) + (m + 4) * U * avail
        status = np.full(n, PRICED)
        status[avail - margin < cost] = UNSURE
        status[avail + margin < cost] = UNAFFORDABLE
        rho, lo, hi, lam, lam_err = (np.zeros(n) for _ in range(5))
        live = np.flatnonzero(status == PRICED)
        if not len(live):
            return status, rho, lo, hi, lam, lam_err
        if len(live) < n:
            b, e = b[:, live], e[:, live]
        lam0 = cost / sup.total
        low = b - e
        if sup.utility is not None:
            low /= sup.utility[:, None]
        fast = low.min(axis=0) >= lam0 * (1 + 8 * U)
        exact = self.exact[p]
        value = exact.numerator / exact.denominator
        quick = live[fast]
        status[quick] = EXACT
        rho[quick], lo[quick], hi[quick] = value, value * (1 - 4 * U), value * (1 + 4 * U)
        lam[quick], lam_err[quick] = lam0, 2 * U * lam0
        slow = live[~fast]
        if len(slow):
            some = ~fast
            found, found_err, bad = _solve(sup, cost, b[:, some], e[:, some], low[:, some], lam0)
            price = found / self.factor[p]
            price_err = found_err / self.factor[p] + 4 * U * price
            rho[slow], lo[slow], hi[slow] = price, price - price_err, price + price_err
            lam[slow], lam_err[slow] = found, found_err
            status[slow[bad]] = UNSURE
        return status, rho, lo, hi, lam, lam_err

    def _pay(self, p: int, lam: np.ndarray, lam_err: np.ndarray, beta: np.ndarray,
             err: np.ndarray) -> None:
        sup = self.profile.supporters[p]
        b = beta[sup.groups]
        share = lam[None, :] if sup.utility is None else sup.utility[:, None] * lam[None, :]
        left = b - share
        np.maximum(left, 0.0, out=left)
        beta[sup.groups] = left
        grow = lam_err[None, :] if sup.utility is None \
            else sup.utility[:, None] * lam_err[None, :]
        err[sup.groups] += grow + 4 * U * (b + share)


class _Table:
    """One round's prices, per budget (axis 0) and project (axis 1)."""

    def __init__(self, n: int, size: int) -> None:
        self.done = np.zeros((n, size), dtype=bool)
        self.priced = np.zeros((n, size), dtype=bool)
        self.exact = np.zeros((n, size), dtype=bool)
        self.unsure = np.zeros(n, dtype=bool)
        self.rho = np.full((n, size), INF)
        self.lo = np.full((n, size), INF)
        self.hi = np.full((n, size), INF)
        self.lam = np.zeros((n, size))
        self.lam_err = np.zeros((n, size))

    def store(self, cols: np.ndarray, p: int, exact: np.ndarray, *values: np.ndarray) -> None:
        self.priced[cols, p] = True
        self.exact[cols, p] = exact
        for target, value in zip((self.rho, self.lo, self.hi, self.lam, self.lam_err), values,
                                 strict=True):
            target[cols, p] = value


def _solve(sup: Supporters, cost: int, b: np.ndarray, e: np.ndarray, low: np.ndarray,
           lam0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column, lambda with sum w min(b, lambda v) = cost, a bound on its error, and
    whether it could not be settled (Newton's method, as `mes_float._solve_one`)."""
    w = sup.weights[:, None]
    v = None if sup.utility is None else sup.utility[:, None]
    wv = w if v is None else w * v
    ratio = b if v is None else b / v
    lam = np.full(b.shape[1], lam0)
    rich = (wv * (ratio > lam)).sum(axis=0)
    bad = rich <= 0
    for _ in range(64):
        spent = (w * np.minimum(b, lam if v is None else lam * v)).sum(axis=0)
        lam = lam + np.maximum(cost - spent, 0.0) / np.where(bad, 1.0, rich)
        now_rich = (wv * (ratio > lam)).sum(axis=0)
        settled = now_rich == rich
        rich = now_rich
        bad |= rich <= 0
        if settled.all():
            break
    else:
        bad[:] = True
    return lam, _error(sup, cost, b, e, low, lam, bad), bad


def _error(sup: Supporters, cost: int, b: np.ndarray, e: np.ndarray, low: np.ndarray,
           lam: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """Per column, a bound on |lambda - exact lambda| (as `mes_float._error_one`)."""
    w = sup.weights[:, None]
    wv = w if sup.utility is None else w * sup.utility[:, None]
    ratio = b if sup.utility is None else b / sup.utility[:, None]
    weighted_err = e * w
    eps = 2 * (len(sup.weights) + 8) * U * (cost + lam * sup.total)
    bound = np.full(len(lam), INF)
    for relative in (1e-9, 1e-7, 1e-5, 1e-3):
        pending = ~np.isfinite(bound) & ~bad
        if not pending.any():
            break
        delta = lam * relative
        edge = (lam + delta) * (1 + 8 * U)
        spread = (weighted_err * (low < edge)).sum(axis=0)
        slope = (wv * (ratio > edge)).sum(axis=0)
        found = (spread + eps) / np.where(slope > 0, slope, 1.0)
        fine = pending & (slope > 0) & (found <= delta)
        bound[fine] = found[fine]
    bad |= ~np.isfinite(bound)
    return bound * (1 + 1e-6) + 4 * U * lam

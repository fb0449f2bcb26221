"""The counting rules, reproducing pabutools 1.2.3 (gmpy2 fractions, lexicographic ties).

- `greedy`: `greedy_utilitarian_welfare` with cost satisfaction (`Cost_Sat`) for approval
  ballots, points x cost for cumulative ones. Satisfaction per unit of cost is then the
  number of supporters (or points), so projects are taken by decreasing score, ties by id,
  each one that still fits, the others skipped. A project costing nothing brings no cost
  satisfaction, so pabutools ranks it last (score 0): this is kept.
- `greedy-threshold`: the same over the projects whose score reaches the threshold (the
  `threshold` argument, else META `min_project_score_threshold`, else none).
- `mes`: `method_of_equal_shares`, each voter holding budget / voters; Cost_Sat for approval
  ballots, `Additive_Cardinal_Sat` (utility = points) for cumulative ones.
- `mes-add1`: the same with `voter_budget_increment=1` (one currency unit).
- `mes-completed`: `mes-add1`, then greedy (as above) on what is left: equalshares.net's default.
- `auto`: the rule named in META `rule` (see `AUTO_RULES`; `greedy-threshold` takes META
  `min_project_score_threshold`). `equalshares/add1-comparison` is add1, replaced by the
  greedy outcome when strictly more voters are better off with it (they approve more of its
  winners; for cumulative ballots, gave them more points) than with add1's, as pabutools'
  `popularity_comparison` decides with cardinality satisfaction. A META rule that is
  missing, `unknown` or not listed falls back to `greedy`, the rule most cities use (and
  what the reference outcomes hold for the Stanford file, whose rule is `unknown`).

A `threshold` given explicitly applies to every rule: projects scoring less cannot win.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from budgets.tally.equal_shares import EqualShares, MESRun
from budgets.tally.explain import Phase, Reason, Step, TallyResult
from budgets.tally.instance import Instance, Number, TallyError, as_fraction
from budgets.tally.profile import Profile, compile_profile

RULES = ("greedy", "greedy-threshold", "mes", "mes-add1", "mes-completed", "auto")
AUTO_RULES = {
    "greedy": "greedy",
    "greedy-threshold": "greedy-threshold",
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares/add1-comparison": "mes-add1-comparison",
    "equalshares/add1/greedy": "mes-completed",
}


def auto_rule(meta_rule: str) -> str:
    """The rule `auto` applies for a META `rule` value."""
    return AUTO_RULES.get(meta_rule.strip().lower(), "greedy")


def tally(instance: Instance, rule: str = "auto", *, threshold: Number | None = None,
          exact: bool = False) -> TallyResult:
    """Count `instance` with `rule` (one of `RULES`) and explain every project's fate.

    `exact=True` skips the certified floating-point engine (same outcome, slower).
    """
    if rule not in RULES:
        raise TallyError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")
    applied = auto_rule(instance.rule) if rule == "auto" else rule
    limit = as_fraction(threshold, what="threshold") if threshold is not None else None
    if limit is None and applied == "greedy-threshold":
        limit = instance.score_threshold
    count = _Count(compile_profile(instance), limit, exact)
    selected, steps, details = count.apply(applied)
    profile = count.profile
    return TallyResult(
        rule=rule, applied_rule=applied, selected=[profile.ids[p] for p in selected],
        steps=steps, budget=instance.budget,
        total_cost=Fraction(sum(profile.cost[p] for p in selected), profile.scale),
        details=details,
    )


class _Count:
    def __init__(self, profile: Profile, threshold: Fraction | None, exact: bool) -> None:
        self.profile = profile
        self.allowed = [threshold is None or profile.real_score(p) >= threshold
                        for p in range(profile.size)]
        self.exact = exact
        self.steps: list[Step] = []
        self.details: dict[str, object] = {}
        if threshold is not None:
            self.details["threshold"] = threshold

    def apply(self, rule: str) -> tuple[list[int], list[Step], dict[str, object]]:
        for p in range(self.profile.size):
            if not self.allowed[p]:
                self.steps.append(self._step(p, False, Phase.THRESHOLD, Reason.BELOW_THRESHOLD))
        if rule in ("greedy", "greedy-threshold"):
            selected = self.greedy([], Phase.GREEDY)
        elif rule == "mes":
            shares = self._shares()
            run = shares.run(shares.base_budget()) if self.profile.num_voters else None
            self.details["voter_budget"] = self._money(shares.base_budget()) if run else None
            selected = self.equal_shares(shares, run, explain_losers=True)
        elif rule in ("mes-add1", "mes-completed"):
            shares = self._shares()
            run = self.add1(shares)
            selected = self.equal_shares(shares, run, explain_losers=rule == "mes-add1")
            if rule == "mes-completed":
                selected += self.greedy(selected, Phase.COMPLETION)
        elif rule == "mes-add1-comparison":
            selected = self.comparison()
        else:
            raise TallyError(f"unknown rule {rule!r}")
        return selected, self.steps, self.details

    def _shares(self) -> EqualShares:
        return EqualShares(self.profile, self.allowed, exact=self.exact)

    def _money(self, scaled: Fraction | int) -> Fraction:
        return Fraction(scaled) / self.profile.scale

    def _step(self, p: int, selected: bool, phase: Phase, reason: Reason,
              step: int | None = None, **figures: Any) -> Step:
        sup = self.profile.supporters[p]
        return Step(project_id=self.profile.ids[p], selected=selected, phase=phase,
                    reason=reason, step=step, score=self.profile.real_score(p),
                    supporters=int(sup.weight), cost=self._money(self.profile.cost[p]),
                    **figures)

    def greedy_order(self) -> list[int]:
        """Decreasing satisfaction per unit of cost (0 for free projects), then id."""
        profile = self.profile
        density = [profile.score(p) if profile.cost[p] > 0 else 0 for p in range(profile.size)]
        return sorted(range(profile.size), key=lambda p: (-density[p], p))

    def greedy(self, initial: list[int], phase: Phase, record: bool = True) -> list[int]:
        """Take each allowed project that still fits, by `greedy_order`."""
        profile = self.profile
        chosen = set(initial)
        remaining = profile.budget - sum(profile.cost[p] for p in initial)
        selected: list[int] = []
        for p in self.greedy_order():
            if p in chosen or not self.allowed[p]:
                continue
            fits = profile.cost[p] <= remaining
            if record:
                self.steps.append(self._step(
                    p, fits, phase, Reason.FUNDED if fits else Reason.OVER_BUDGET,
                    len(initial) + len(selected) + 1 if fits else None,
                    remaining_before=self._money(remaining)))
            if fits:
                selected.append(p)
                remaining -= profile.cost[p]
        return selected

    def add1(self, shares: EqualShares) -> MESRun | None:
        outcome = shares.add1()
        self.details.update(
            voter_budget=self._money(outcome.run.voter_budget) if outcome.run else None,
            increments=outcome.increments, stopped_by=outcome.stopped_by,
            mes_runs=outcome.runs_computed, increments_skipped=outcome.increments_skipped,
            exact_runs=shares.exact_runs)
        return outcome.run

    def equal_shares(self, shares: EqualShares, run: MESRun | None,
                     explain_losers: bool) -> list[int]:
        """Record the MES rounds of `run` (and, if asked, why the others lost)."""
        profile = self.profile
        if run is None:
            run = MESRun(Fraction(0), [], [], [], True)
        remaining = profile.budget
        for position, p in enumerate(run.preselected, start=1):
            self.steps.append(self._step(p, True, Phase.EQUAL_SHARES, Reason.FREE, position,
                                         remaining_before=self._money(remaining)))
        for position, done in enumerate(run.rounds, start=len(run.preselected) + 1):
            p, price = done.project, done.price
            per_unit = price.payment / profile.scale * profile.point_scale
            self.steps.append(self._step(
                p, True, Phase.EQUAL_SHARES, Reason.BOUGHT_BY_SUPPORTERS, position,
                remaining_before=self._money(remaining), price=price.value,
                payment_per_supporter=per_unit))
            remaining -= profile.cost[p]
        selected = run.selected
        if explain_losers:
            self._mes_losers(shares, run, set(selected))
        return selected

    def _mes_losers(self, shares: EqualShares, run: MESRun, chosen: set[int]) -> None:
        candidates = set(shares.candidates)
        for p in range(self.profile.size):
            if p in chosen or not self.allowed[p]:
                continue
            if p not in candidates:
                self.steps.append(self._step(p, False, Phase.EQUAL_SHARES, Reason.NO_SUPPORT))
                continue
            funds = None
            left = run.budgets_left
            if len(left):
                sup = self.profile.supporters[p]
                if isinstance(left, np.ndarray):
                    total = float(np.einsum("i,i->", sup.weights, left[sup.groups]))
                else:
                    total = float(sum(w * left[g] for w, g in zip(sup.weights.tolist(),
                                                                  sup.groups.tolist(),
                                                                  strict=True)))
                funds = total / self.profile.scale
            self.steps.append(self._step(p, False, Phase.EQUAL_SHARES, Reason.NOT_AFFORDABLE,
                                         supporters_funds=funds))

    def comparison(self) -> list[int]:
        """add1, unless strictly more voters prefer the greedy outcome (see module doc)."""
        shares = self._shares()
        run = self.add1(shares)
        mes = run.selected if run else []
        greedy = self.greedy([], Phase.GREEDY, record=False)
        prefer_greedy, prefer_mes = self._preferences(greedy, mes)
        self.details.update(prefer_greedy=prefer_greedy, prefer_mes=prefer_mes,
                            kept="greedy" if prefer_greedy > prefer_mes else "mes-add1")
        if prefer_greedy > prefer_mes:
            return self.greedy([], Phase.GREEDY)
        return self.equal_shares(shares, run, explain_losers=True)

    def _preferences(self, first: list[int], second: list[int]) -> tuple[int, int]:
        profile = self.profile
        size = len(profile.weights)

        def satisfaction(outcome: list[int]) -> np.ndarray:
            member = np.zeros(profile.size, dtype=np.int64)
            member[outcome] = 1
            values = profile.entry_utility * member[profile.entry_project]
            return np.bincount(profile.entry_group, weights=values, minlength=size)

        a, b = satisfaction(first), satisfaction(second)
        return int(profile.weights[a > b].sum()), int(profile.weights[b > a].sum())

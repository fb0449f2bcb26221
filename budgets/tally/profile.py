"""An `Instance` compiled into integer arrays for the rules.

Money is scaled to integers (`scale` units per currency unit, the least common denominator
of the budget and the costs) and points to integers (their least common denominator): the
rules are invariant under both scalings, so every comparison they make stays exact.

Projects are indexed in the tie-breaking order of pabutools' lexicographic rule (ids compared
as Python strings, i.e. by code point, which is also UTF-8 byte order): a lower index wins a tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from math import lcm

import numpy as np

from budgets.tally.instance import Instance, TallyError, VoteType

APPROVAL_TYPES = (VoteType.APPROVAL, VoteType.CHOOSE_1)
CARDINAL_TYPES = (VoteType.CUMULATIVE, VoteType.SCORING)


@dataclass(slots=True)
class Supporters:
    """The ballot groups that give a project positive utility."""

    groups: np.ndarray  # int64 indices into Profile.weights
    weights: np.ndarray  # float64 (exact integers) weight of each group
    utility: np.ndarray | None  # float64 (exact integers) points; None = 1 each (approval)
    total: int  # sum of weight * utility
    weight: float  # sum of weights (voters)


@dataclass(slots=True)
class Profile:
    ids: list[str]
    cost: list[int]  # scaled money
    budget: int  # scaled money
    scale: int  # scaled units per currency unit
    point_scale: int  # scaled points per point
    approval: bool  # cost utilities (approval, knapsack, choose-1) rather than points
    num_voters: int
    weights: np.ndarray  # int64 weight of each ballot group
    supporters: list[Supporters]
    entry_group: np.ndarray  # flat (group, project, utility) entries of all ballots
    entry_project: np.ndarray
    entry_utility: np.ndarray

    @property
    def size(self) -> int:
        return len(self.ids)

    def score(self, p: int) -> int:
        """Supporters (approval) or scaled points (cardinal) of project `p`."""
        return self.supporters[p].total

    def real_score(self, p: int) -> Fraction:
        """The score in the ballots' own units (votes or points)."""
        return Fraction(self.supporters[p].total, self.point_scale)

    def sat_total(self, p: int) -> int:
        """pabutools' total satisfaction: Cost_Sat for approval, points for cardinal ballots."""
        total = self.supporters[p].total
        return total * self.cost[p] if self.approval else total


def compile_profile(instance: Instance) -> Profile:
    """Compile `instance` into a `Profile` (checking what `Instance.validate` checks)."""
    if instance.vote_type is VoteType.ORDINAL:
        raise TallyError("ordinal ballots cannot be counted by these rules")
    approval = instance.vote_type in APPROVAL_TYPES
    ids = sorted(p.id for p in instance.projects)
    index = {pid: i for i, pid in enumerate(ids)}
    if len(index) != len(ids):
        raise TallyError("two projects share an id")
    if not approval and any(b.points is None for b in instance.ballots):
        raise TallyError(f"{instance.vote_type} ballots need points")
    costs = {p.id: p.cost for p in instance.projects}
    scale = lcm(instance.budget.denominator, *(c.denominator for c in costs.values()))
    point_scale = 1
    if not approval:
        point_scale = lcm(1, *(x.denominator for b in instance.ballots for x in b.points or ()))

    ballots = instance.ballots
    weight_arr = np.array([b.weight for b in ballots], dtype=np.int64)
    lengths = np.array([len(b.projects) for b in ballots], dtype=np.int64)
    flat = list(chain.from_iterable(b.projects for b in ballots))
    try:
        project_arr = np.fromiter(map(index.__getitem__, flat), dtype=np.int64,
                                  count=len(flat))
    except KeyError as exc:
        raise TallyError(f"a ballot names unknown project(s): ['{exc.args[0]}']") from None
    group_arr = np.repeat(np.arange(len(ballots), dtype=np.int64), lengths)
    if approval:
        utility_arr = np.ones(len(project_arr), dtype=np.int64)
    else:
        points = chain.from_iterable(b.points or () for b in ballots)
        utility_arr = np.fromiter((int(x * point_scale) for x in points), dtype=np.int64,
                                  count=len(flat))
        positive = utility_arr > 0
        project_arr, group_arr = project_arr[positive], group_arr[positive]
        utility_arr = utility_arr[positive]
    if int(weight_arr.sum() if len(weight_arr) else 0) * max(1, int(utility_arr.max(initial=1))) \
            > 2**52:
        raise TallyError("too many voters or points to count")
    return Profile(
        ids=ids, cost=[int(costs[pid] * scale) for pid in ids],
        budget=int(instance.budget * scale), scale=scale, point_scale=point_scale,
        approval=approval, num_voters=int(weight_arr.sum()) if len(weight_arr) else 0,
        weights=weight_arr,
        supporters=_supporters(len(ids), weight_arr, group_arr, project_arr, utility_arr,
                               approval),
        entry_group=group_arr, entry_project=project_arr, entry_utility=utility_arr,
    )


def _supporters(size: int, weights: np.ndarray, groups: np.ndarray, projects: np.ndarray,
                utilities: np.ndarray, approval: bool) -> list[Supporters]:
    # numpy sorts 16-bit integers stably by radix: projects in order, groups still ascending
    small = projects.astype(np.int16) if size < 2**15 else projects
    order = np.argsort(small, kind="stable")
    sorted_projects = projects[order]
    bounds = np.searchsorted(sorted_projects, np.arange(size + 1)).tolist()
    sorted_groups = groups[order]
    same = (sorted_groups[1:] == sorted_groups[:-1]) & (sorted_projects[1:] == sorted_projects[:-1])
    if same.any():
        raise TallyError("a ballot names the same project twice")
    weight_of = weights.astype(np.float64)[sorted_groups]
    utility_of = None if approval else utilities[order].astype(np.float64)
    result = []
    for p in range(size):
        start, end = bounds[p], bounds[p + 1]
        g, w = sorted_groups[start:end], weight_of[start:end]
        voters = float(w.sum())
        if utility_of is None:  # approval: every supporter's utility is 1
            result.append(Supporters(g, w, None, int(voters), voters))
        else:
            u = utility_of[start:end]
            result.append(Supporters(g, w, u, int((w * u).sum()), voters))
    return result

"""pabutools 1.2.3 run in-process on an `Instance`: the reference the engine must match.

The calls are those that produced `../shared/pabulib/reference_outcomes.json`: greedy with
cost satisfaction (points x cost for cumulative ballots), the Method of Equal Shares with
`Cost_Sat` (`Additive_Cardinal_Sat` for cumulative ballots), add1 with
`voter_budget_increment=1`, then greedy with `initial_budget_allocation` to complete.
"""

from fractions import Fraction

from gmpy2 import mpq
from pabutools.election import Additive_Cardinal_Sat as Points_Sat
from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
)
from pabutools.election import Instance as PInstance
from pabutools.election import Project as PProject
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from budgets.tally import Instance, VoteType


def _points_cost(instance, profile, ballot, project, precomputed):
    return ballot.get(project, 0) * project.cost


class PointsCostSat(AdditiveSatisfaction):
    """Satisfaction points x cost: greedy then ranks cumulative ballots by points."""

    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_cost)


def _q(value: Fraction) -> mpq:
    return mpq(value.numerator, value.denominator)


class Reference:
    """The pabutools objects for an instance, and its outcomes (sorted project ids)."""

    def __init__(self, instance: Instance, allowed: set[str] | None = None) -> None:
        self.cardinal = instance.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
        self.instance = PInstance(budget_limit=_q(instance.budget))
        projects = {}
        for project in instance.projects:
            projects[project.id] = PProject(project.id, _q(project.cost))
            if allowed is None or project.id in allowed:
                self.instance.add(projects[project.id])
        ballots = []
        for ballot in instance.ballots:
            for _ in range(ballot.weight):
                if self.cardinal:
                    ballots.append(CumulativeBallot(
                        {projects[p]: _q(x) for p, x in ballot.point_map().items()}))
                else:
                    ballots.append(ApprovalBallot({projects[p] for p in ballot.projects}))
        self.profile = CumulativeProfile(ballots) if self.cardinal else ApprovalProfile(ballots)
        self._satisfactions()

    @classmethod
    def wrap(cls, instance: PInstance, profile, cardinal: bool) -> "Reference":
        """A reference over pabutools objects already built (e.g. by `parse_pabulib`)."""
        self = cls.__new__(cls)
        self.instance, self.profile, self.cardinal = instance, profile, cardinal
        self._satisfactions()
        return self

    def _satisfactions(self) -> None:
        self.greedy_sat = PointsCostSat if self.cardinal else Cost_Sat
        self.mes_sat = Points_Sat if self.cardinal else Cost_Sat

    @staticmethod
    def ids(allocation) -> list[str]:
        return sorted(p.name for p in allocation)

    def greedy(self, initial=None):
        return greedy_utilitarian_welfare(self.instance, self.profile, sat_class=self.greedy_sat,
                                          initial_budget_allocation=initial)

    def mes(self):
        return method_of_equal_shares(self.instance, self.profile, sat_class=self.mes_sat)

    def add1(self):
        return method_of_equal_shares(self.instance, self.profile, sat_class=self.mes_sat,
                                      voter_budget_increment=1)

    def outcomes(self) -> dict[str, list[str]]:
        """Every rule's outcome (greedy-threshold needs the instance built with `allowed`)."""
        greedy, add1 = self.greedy(), self.add1()
        return {"greedy": self.ids(greedy), "mes": self.ids(self.mes()),
                "mes-add1": self.ids(add1), "mes-completed": self.ids(self.greedy(add1)),
                "comparison": self.ids(self.comparison(greedy, add1))}

    def comparison(self, greedy, add1):
        """add1, unless strictly more voters are more satisfied by greedy (cardinality
        satisfaction for approval ballots, points for cumulative ones)."""
        sat_class = Points_Sat if self.cardinal else Cardinality_Sat
        prefer_greedy = prefer_mes = 0
        for sat in self.profile.as_sat_profile(sat_class):
            a, b = sat.sat(greedy), sat.sat(add1)
            prefer_greedy += a > b
            prefer_mes += b > a
        return greedy if prefer_greedy > prefer_mes else add1

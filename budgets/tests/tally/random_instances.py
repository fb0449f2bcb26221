"""Small random elections of every ballot kind, built to hit ties and edge cases on purpose."""

import random
from fractions import Fraction

from budgets.tally import Ballot, Instance, Project, VoteType

# Ids whose order tests the tie-breaking: by code point, "10" < "9" < "B" < "a" < "é".
IDS = ["1", "10", "2", "9", "B", "a", "b", "é", "p1", "p10", "p2"]
COSTS = [0, 10, 10, 20, 20, 30, 40, 50, 50, 60, 80, 100, 150]
BUDGETS = [Fraction(100), Fraction(150), Fraction(200), Fraction(2505, 10), Fraction(120)]


def random_instance(rng: random.Random, kind: str) -> Instance:
    """An approval, knapsack or cumulative election with 1-8 projects and 0-24 voters."""
    ids = rng.sample(IDS, rng.randint(1, 8))
    budget = rng.choice(BUDGETS)
    projects = [Project(pid, Fraction(rng.choice(COSTS) if rng.random() > 0.1 else budget + 10))
                for pid in ids]
    voters = rng.choice([0, 1, 2, 3, 5, 8, 12, 16, 24]) if rng.random() > 0.05 else 0
    ballots = []
    for _ in range(voters):
        if kind == "cumulative":
            ballots.append(_cumulative(rng, ids))
        elif kind == "knapsack":
            ballots.append(_knapsack(rng, projects, budget))
        else:
            ballots.append(Ballot.approval(rng.sample(ids, rng.randint(0, len(ids)))))
    meta = {"max_sum_cost": str(budget)} if kind == "knapsack" else {}
    vote_type = VoteType.CUMULATIVE if kind == "cumulative" else VoteType.APPROVAL
    return Instance(budget=budget, projects=projects, ballots=ballots, vote_type=vote_type,
                    meta=meta)


def _cumulative(rng: random.Random, ids: list[str]) -> Ballot:
    points: dict[str, int] = {}
    for _ in range(rng.randint(0, 10)):
        pid = rng.choice(ids)
        points[pid] = points.get(pid, 0) + 1
    return Ballot.cumulative(points)


def _knapsack(rng: random.Random, projects: list[Project], budget: Fraction) -> Ballot:
    chosen, spent = [], Fraction(0)
    for project in rng.sample(projects, len(projects)):
        if spent + project.cost <= budget and rng.random() < 0.6:
            chosen.append(project.id)
            spent += project.cost
    return Ballot.approval(chosen)


def threshold_for(rng: random.Random, instance: Instance) -> Fraction:
    """A score threshold that usually excludes some projects and often ties with one."""
    scores = sorted(instance.scores().values())
    return rng.choice(scores) if scores and rng.random() < 0.8 else Fraction(rng.randint(0, 5))

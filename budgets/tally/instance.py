"""A participatory-budgeting election as plain data: envelope, projects and ballots.

Nothing here touches Django: the Django services build an `Instance` from the stored ballots,
the pabulib reader builds one from a `.pb` file, and the rules only read it.

Money is exact: costs and the budget are `Fraction`s in currency units (cents or euros, as the
caller likes; the rules never round). Identical ballots may be grouped with a `weight`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

Number = int | Fraction | Decimal | str


class TallyError(ValueError):
    """An election that cannot be counted (unknown project, negative cost, bad rule...)."""


class VoteType(StrEnum):
    """The pabulib `vote_type` of the ballots."""

    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"
    CHOOSE_1 = "choose-1"


def as_fraction(value: Number, *, what: str = "number") -> Fraction:
    """Exact value of an int, Fraction, Decimal or decimal string ("249150.0", "12,5")."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip().replace(",", "."))
        except (ValueError, ZeroDivisionError):
            raise TallyError(f"{what} is not a number: {value!r}") from None
    raise TallyError(f"{what} must be exact (int, Fraction, Decimal or str), not {value!r}")


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot. `extra` keeps the other pabulib PROJECTS columns (as text)."""

    id: str
    cost: Fraction
    name: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, compare=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", str(self.id))
        cost = as_fraction(self.cost, what=f"cost of project {self.id!r}")
        if cost < 0:
            raise TallyError(f"project {self.id!r} has a negative cost")
        object.__setattr__(self, "cost", cost)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot, or `weight` identical ones.

    `projects` lists project ids; for cumulative and scoring ballots `points` gives the
    points of each, in the same order; for ordinal ballots the order is the ranking.
    `voter_id` and `extra` (other VOTES columns) only matter for pabulib export.
    """

    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    weight: int = 1
    voter_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "projects", tuple(str(p) for p in self.projects))
        if self.points is not None:
            points = tuple(as_fraction(x, what="points") for x in self.points)
            if len(points) != len(self.projects):
                raise TallyError("a ballot needs as many points as projects")
            if any(x < 0 for x in points):
                raise TallyError("a ballot gives negative points")
            object.__setattr__(self, "points", points)
        if not isinstance(self.weight, int) or self.weight < 1:
            raise TallyError("a ballot weight must be a positive integer")

    @classmethod
    def trusted(cls, projects: tuple[str, ...], points: tuple[Fraction, ...] | None,
                weight: int) -> Ballot:
        """A ballot from values already normalised (str ids, Fraction points, int weight),
        without re-checking them: for readers building many ballots."""
        ballot = object.__new__(cls)
        for name, value in (("projects", projects), ("points", points), ("weight", weight),
                            ("voter_id", None), ("extra", {})):
            object.__setattr__(ballot, name, value)
        return ballot

    @classmethod
    def approval(cls, projects: Iterable[str], *, weight: int = 1) -> Ballot:
        """An approval (or knapsack) ballot: the set of approved project ids."""
        return cls(projects=tuple(sorted(set(projects))), weight=weight)

    @classmethod
    def cumulative(cls, points: Mapping[str, Number], *, weight: int = 1) -> Ballot:
        """A cumulative ballot: points per project id (projects with 0 points may be left out)."""
        items = sorted(points.items())
        return cls(projects=tuple(p for p, _ in items),
                   points=tuple(as_fraction(x) for _, x in items), weight=weight)

    def point_map(self) -> dict[str, Fraction]:
        """Points per project (1 per approved project for approval ballots)."""
        if self.points is None:
            return dict.fromkeys(self.projects, Fraction(1))
        return dict(zip(self.projects, self.points, strict=True))


@dataclass(slots=True)
class Instance:
    """An election: the envelope, the projects (in file order) and the ballots.

    `meta` holds every pabulib META entry as text (budget, vote_type, rule,
    min_project_score_threshold, max_sum_cost, ...) so an export/import round-trips;
    `budget` and `vote_type` are the authoritative values. `project_columns` and
    `vote_columns` keep the pabulib column order.
    """

    budget: Fraction
    projects: list[Project]
    ballots: list[Ballot]
    vote_type: VoteType = VoteType.APPROVAL
    meta: dict[str, str] = field(default_factory=dict)
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.budget = as_fraction(self.budget, what="budget")
        if self.budget < 0:
            raise TallyError("the budget is negative")
        self.vote_type = VoteType(self.vote_type)

    @property
    def ballot_kind(self) -> str:
        """`approval`, `knapsack` (approval with META max_sum_cost), `cumulative`, ..."""
        if self.vote_type is VoteType.APPROVAL and self.meta.get("max_sum_cost", "").strip():
            return "knapsack"
        return str(self.vote_type)

    @property
    def num_voters(self) -> int:
        return sum(b.weight for b in self.ballots)

    @property
    def rule(self) -> str:
        """The META rule (`greedy`, `equalshares/add1`, ...), or "" when absent."""
        return self.meta.get("rule", "").strip()

    @property
    def score_threshold(self) -> Fraction | None:
        """META `min_project_score_threshold`, if any."""
        raw = self.meta.get("min_project_score_threshold", "").strip()
        if not raw or raw.lower() == "none":
            return None
        return as_fraction(raw, what="min_project_score_threshold")

    def project_map(self) -> dict[str, Project]:
        return {p.id: p for p in self.projects}

    def scores(self) -> dict[str, Fraction]:
        """Votes (approval: supporters; cumulative/scoring: points) per project id."""
        totals = {p.id: Fraction(0) for p in self.projects}
        for ballot in self.ballots:
            for pid, pts in ballot.point_map().items():
                totals[pid] += pts * ballot.weight
        return totals

    def validate(self) -> None:
        """Raise `TallyError` unless ids are unique and every ballot names known projects."""
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise TallyError("two projects share an id")
        known = set(ids)
        cardinal = self.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
        for ballot in self.ballots:
            unknown = set(ballot.projects) - known
            if unknown:
                raise TallyError(f"a ballot names unknown project(s): {sorted(unknown)}")
            if cardinal and ballot.points is None:
                raise TallyError(f"{self.vote_type} ballots need points")
            if len(set(ballot.projects)) != len(ballot.projects):
                raise TallyError("a ballot names the same project twice")

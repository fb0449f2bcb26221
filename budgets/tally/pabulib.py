"""Read and write pabulib `.pb` files (https://pabulib.org/format).

A file has three sections, META, PROJECTS and VOTES, each a title line, a `;`-separated header
line and `;`-separated rows with CSV quoting, in UTF-8. Every META entry and every PROJECTS
column is kept, so writing a parsed file and parsing it again gives the same `Instance`.

By default identical ballots are grouped into one weighted `Ballot` (fast, small, all a tally
needs); `keep_voters=True` keeps one ballot per VOTES row with its voter id and other columns.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from budgets.tally.instance import (
    Ballot,
    Instance,
    Project,
    TallyError,
    VoteType,
    as_fraction,
)
from civic import csv_export

SECTIONS = ("meta", "projects", "votes")
CARDINAL = (VoteType.CUMULATIVE, VoteType.SCORING)


class PabulibError(TallyError):
    """A `.pb` file that cannot be read."""


def read_pb(path: str | Path, *, keep_voters: bool = False) -> Instance:
    """Parse the pabulib file at `path`."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PabulibError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PabulibError(f"{path} is not UTF-8 text") from None
    return parse_pb(text, keep_voters=keep_voters)


def parse_pb(text: str, *, keep_voters: bool = False) -> Instance:
    """Parse the text of a pabulib file."""
    try:
        return _Parser(text, keep_voters).run()
    except csv.Error as exc:
        raise PabulibError(f"malformed CSV: {exc}") from None
    except PabulibError:
        raise
    except TallyError as exc:
        raise PabulibError(str(exc)) from None


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _missing(value: str) -> bool:
    return not value or value.lower() == "none"


class _Parser:
    def __init__(self, text: str, keep_voters: bool) -> None:
        self.rows: Iterator[list[str]] = csv.reader(io.StringIO(text), delimiter=";")
        self.keep_voters = keep_voters
        self.meta: dict[str, str] = {}
        self.projects: list[Project] = []
        self.project_columns: list[str] = []
        self.vote_columns: list[str] = []
        self.raw_votes: Counter[tuple[str, str | None]] = Counter()
        self.voter_rows: list[list[str]] = []
        self.seen: set[str] = set()

    def run(self) -> Instance:
        section = ""
        header: list[str] = []
        pending: list[str] | None = None
        while True:
            row = pending if pending is not None else next(self.rows, None)
            pending = None
            if row is None:
                return self._instance()
            if _blank(row):
                continue
            title = row[0].strip().lower()
            if title in SECTIONS and len([c for c in row if c.strip()]) == 1:
                section = title
                header = [c.strip() for c in next(self.rows, [])]
                self._start(section, header)
                if section == "votes" and not self.keep_voters and self.vote_at > 0:
                    pending = self._count_votes()
            elif section == "meta":
                if len(row) < 2:
                    raise PabulibError(f"META line without a value: {';'.join(row)!r}")
                self.meta[row[0].strip()] = row[1].strip()
            elif section == "projects":
                self._project(row, header)
            elif section == "votes":
                self._votes(row)
            else:
                raise PabulibError("the file does not start with a META section")

    def _count_votes(self) -> list[str] | None:
        """Count the raw (vote, points) cells of VOTES rows in one tight loop; return the
        first row that is not a vote (a section title or a short line), if any."""
        vote_at, points_at, counts = self.vote_at, self.points_at, self.raw_votes
        wide = vote_at if points_at is None else max(vote_at, points_at)
        for row in self.rows:
            if len(row) > wide:
                counts[row[vote_at], None if points_at is None else row[points_at]] += 1
            elif not _blank(row):
                return row
        return None

    def _start(self, section: str, header: list[str]) -> None:
        if section == "projects":
            if "cost" not in header:
                raise PabulibError("the PROJECTS header has no cost column")
            self.project_columns = header
        elif section == "votes":
            if "vote" not in header:
                raise PabulibError("the VOTES header has no vote column")
            self.vote_columns = header
            self.vote_at = header.index("vote")
            self.points_at = header.index("points") if "points" in header else None

    def _project(self, row: list[str], header: list[str]) -> None:
        values = {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header)}
        pid = values.get("project_id", row[0].strip())
        if not pid or pid in self.seen:
            raise PabulibError(f"missing or repeated project id {pid!r}")
        self.seen.add(pid)
        cost = values.get("cost", "")
        if _missing(cost):
            raise PabulibError(f"project {pid!r} has no cost")
        extra = {k: v for k, v in values.items() if k not in ("project_id", "cost", "name")}
        self.projects.append(Project(id=pid, cost=as_fraction(cost, what=f"cost of {pid!r}"),
                                     name=values.get("name", ""), extra=extra))

    def _votes(self, row: list[str]) -> None:
        if self.keep_voters:
            self.voter_rows.append(row)
            return
        vote = row[self.vote_at] if self.vote_at < len(row) else ""
        points = None
        if self.points_at is not None and self.points_at < len(row):
            points = row[self.points_at]
        self.raw_votes[vote, points] += 1

    def _instance(self) -> Instance:
        if "budget" not in self.meta:
            raise PabulibError("META has no budget")
        if "vote_type" not in self.meta:
            raise PabulibError("META has no vote_type")
        try:
            vote_type = VoteType(self.meta["vote_type"].strip().lower())
        except ValueError:
            raise PabulibError(f"unknown vote_type {self.meta['vote_type']!r}") from None
        ballot_of = _BallotReader(vote_type, {p.id for p in self.projects})
        if self.keep_voters:
            ballots = [self._voter_ballot(row, ballot_of) for row in self.voter_rows]
        else:
            grouped: Counter[tuple] = Counter()
            for (vote, points), count in self.raw_votes.items():
                grouped[ballot_of(vote, points)] += count
            ballots = [Ballot.trusted(ids, pts, w) for (ids, pts), w in grouped.items()]
        return Instance(budget=as_fraction(self.meta["budget"], what="budget"),
                        projects=self.projects, ballots=ballots, vote_type=vote_type,
                        meta=self.meta, project_columns=self.project_columns,
                        vote_columns=self.vote_columns)

    def _voter_ballot(self, row: list[str], ballot_of: _BallotReader) -> Ballot:
        values = {k: (row[i].strip() if i < len(row) else "")
                  for i, k in enumerate(self.vote_columns)}
        vote = values.pop("vote", "")
        points = values.pop("points", None)
        projects, scores = ballot_of(vote, points)
        voter_id = values.pop("voter_id", None)
        return Ballot(projects, scores, voter_id=voter_id, extra=values)


class _BallotReader:
    """Turns the raw `vote` and `points` cells into normalised (projects, points) tuples."""

    def __init__(self, vote_type: VoteType, known: set[str]) -> None:
        self.vote_type = vote_type
        self.known = known

    def __call__(self, vote: str, points: str | None
                 ) -> tuple[tuple[str, ...], tuple[Fraction, ...] | None]:
        if self.vote_type in (VoteType.APPROVAL, VoteType.CHOOSE_1):
            return self._approval(vote), None
        vote = vote.strip()
        ids = [] if _missing(vote) else [x.strip() for x in vote.split(",")]
        cardinal = self.vote_type in CARDINAL
        if not cardinal:
            ids = [x for x in ids if x]
        unknown = [x for x in ids if x not in self.known]
        if unknown:
            raise PabulibError(f"a vote names unknown project(s): {unknown[:5]}")
        if len(set(ids)) != len(ids):
            raise PabulibError(f"a vote names a project twice: {vote!r}")
        if not cardinal:
            return tuple(ids), None
        if points is None or _missing(points.strip()):
            if ids:
                raise PabulibError(f"a {self.vote_type} vote has no points: {vote!r}")
            return (), ()
        values = [_points(x) for x in points.split(",")]
        if len(values) != len(ids):
            raise PabulibError(f"vote {vote!r} and points {points!r} differ in length")
        if any(x < 0 for x in values):
            raise PabulibError(f"negative points in {points!r}")
        pairs = sorted(zip(ids, values, strict=True))
        return tuple(p for p, _ in pairs), tuple(v for _, v in pairs)


    def _approval(self, vote: str) -> tuple[str, ...]:
        ids = set(vote.split(","))
        if " " in vote or "\t" in vote:
            ids = {x.strip() for x in ids}
        ids.discard("")
        if not ids <= self.known:
            if ids == {"none"} or ids == {"None"}:
                return ()
            raise PabulibError(f"a vote names unknown project(s): {sorted(ids - self.known)[:5]}")
        return tuple(sorted(ids))


def _points(text: str) -> Fraction:
    text = text.strip()
    return Fraction(int(text)) if text.isdigit() else as_fraction(text, what="points")


def format_number(value: Fraction | int) -> str:
    """Exact text of a number: "12", "12.5", or "1/3" when no finite decimal exists."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den, twos, fives = value.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = abs(value.numerator) * 10**digits // value.denominator
    sign = "-" if value < 0 else ""
    text = str(scaled).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def dumps_pb(instance: Instance) -> str:
    """The pabulib text of `instance` (grouped ballots are written once per voter)."""
    out = io.StringIO()
    writer = csv_export.writer(out, bom=False, lineterminator="\n", neutralise=False)
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in _meta_for_export(instance).items():
        writer.writerow([key, value])
    columns = _columns(instance.project_columns, ["project_id", "cost"],
                       (["name"] if any(p.name for p in instance.projects) else [])
                       + [k for p in instance.projects for k in p.extra])
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in instance.projects:
        fixed = {"project_id": project.id, "cost": format_number(project.cost),
                 "name": project.name}
        writer.writerow([fixed[c] if c in fixed else project.extra.get(c, "") for c in columns])
    cardinal = instance.vote_type in CARDINAL
    columns = _columns(instance.vote_columns,
                       ["voter_id", "vote"] + (["points"] if cardinal else []),
                       [k for b in instance.ballots for k in b.extra])
    writer.writerow(["VOTES"])
    writer.writerow(columns)
    for row in _vote_rows(instance):
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def write_pb(instance: Instance, path: str | Path) -> None:
    """Write `instance` as a pabulib file at `path` (UTF-8)."""
    Path(path).write_text(dumps_pb(instance), encoding="utf-8")


def _meta_for_export(instance: Instance) -> dict[str, str]:
    meta = dict(instance.meta)
    authoritative: dict[str, Fraction | int] = {
        "budget": instance.budget, "num_projects": len(instance.projects),
        "num_votes": instance.num_voters}
    for key, value in authoritative.items():
        try:
            same = key in meta and as_fraction(meta[key]) == value
        except TallyError:
            same = False
        if not same:
            meta[key] = format_number(value)
    if meta.get("vote_type", "").strip().lower() != instance.vote_type:
        meta["vote_type"] = str(instance.vote_type)
    return meta


def _columns(known: list[str], required: list[str], seen: list[str]) -> list[str]:
    columns = list(known)
    for position, name in enumerate(required):
        if name not in columns:
            columns.insert(position, name)
    for name in seen:
        if name not in columns:
            columns.append(name)
    return columns


def _vote_rows(instance: Instance) -> Iterator[dict[str, str]]:
    used = {b.voter_id for b in instance.ballots if b.voter_id is not None}
    counter = 0
    for ballot in instance.ballots:
        row = dict(ballot.extra)
        row["vote"] = ",".join(ballot.projects)
        if ballot.points is not None:
            row["points"] = ",".join(format_number(x) for x in ballot.points)
        for copy in range(ballot.weight):
            if ballot.voter_id is not None and copy == 0:
                row["voter_id"] = ballot.voter_id
            else:
                counter += 1
                while str(counter) in used:
                    counter += 1
                row["voter_id"] = str(counter)
            yield row

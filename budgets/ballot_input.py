"""The one reader of a ballot's choices, for the API, the voting page and the counter.

Whatever the channel, choices arrive as (project, points) pairs; this module turns them into
the `{proposal id: points}` map the ballot service takes, with the same bounds and the same
messages everywhere: the charter's limits (points per project, total, number of projects)
are then checked by `ballot_validate`, against the budget.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from budgets.errors import InvalidBallot
from civic.limits import MAX_POINTS

# The text form of a ballot: "<proposal id>:<points>" pairs in ascending id, joined by commas.
Content = str


def _refuse(message: object, code: str) -> InvalidBallot:
    return InvalidBallot(message, code=code, field="choices")


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # A phone's keyboard or a copied text may type the minus as "−" (U+2212) or a dash.
    text = str(value).strip().replace("\u2212", "-").replace("\u2013", "-")
    if text.removeprefix("-").isdigit():
        return int(text)
    return None


def choices_from_pairs(pairs: Iterable[tuple[object, object]]) -> dict[int, int]:
    """`{proposal id: points}` from (project, points) pairs; 0 points means not chosen."""
    choices: dict[int, int] = {}
    for raw_project, raw_points in pairs:
        project = _integer(raw_project)
        if project is None or project < 1:
            raise _refuse(_("Projet inconnu : {value}.").format(value=str(raw_project)[:20]),
                          "unknown_project")
        points = _integer(raw_points)
        if points is None:
            raise _refuse(_("Les points sont des nombres entiers."), "invalid_points")
        if points < 0:
            raise _refuse(_("Les points ne peuvent pas être négatifs."), "invalid_points")
        if points > MAX_POINTS:
            raise _refuse(_("Un projet reçoit au plus {max} points.").format(max=MAX_POINTS),
                          "too_many_points_per_project")
        if project in choices:
            raise _refuse(_("Un projet figure deux fois."), "duplicate_project")
        if points:
            choices[project] = points
    return choices


def choices_from_form(data: Mapping[str, Any], *, cumulative: bool) -> dict[int, int]:
    """The choices of a web form: ticked `project` boxes, or a `points_<id>` field per project.

    The voting page and the counter's paper-ballot form use these same field names.
    """
    if not cumulative:
        getlist = getattr(data, "getlist", None)
        ticked = getlist("project") if getlist else data.get("project", [])
        return choices_from_pairs((value, 1) for value in ticked)
    pairs = []
    for name, value in data.items():
        if name.startswith("points_") and str(value).strip():
            pairs.append((name.removeprefix("points_"), value))
    return choices_from_pairs(pairs)


def content_of(choices: Mapping[int, int]) -> Content:
    """The canonical text of a ballot: identical choices give identical text."""
    return ",".join(f"{pid}:{pts}" for pid, pts in sorted(choices.items()))


def choices_of(content: Content) -> dict[int, int]:
    if not content:
        return {}
    pairs = (item.split(":", 1) for item in content.split(","))
    return {int(pid): int(pts) for pid, pts in pairs}

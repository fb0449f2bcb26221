"""What the council's agenda items come from, and how their module follows them.

An agenda item is brought by a domain app (an initiative, a commission's opinion, a
budget-debate synthesis). The app may want to move its object along when the council
schedules, takes off or decides the item: it says so in `<app>.council`, a module with
`AGENDA_SOURCES = {"app_label.model": AgendaSource(...)}` (the civic.plugins convention, so
civic names no app). Without a handler, the civic services act on the item alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from civic.models import AgendaItem, CouncilDecision
from civic.plugins import app_attributes


@dataclass(frozen=True)
class AgendaSource:
    """The domain services that move an agenda item's source along with the item.

    - `schedule(source=, session=, actor=)`: put the source's item on a session;
    - `decide(source=, actor=, outcome=, votes_for=, …)`: record the council's vote on it
      and tell the module's people, returning the decision;
    - `unscheduled(source=, item=, actor=, reason=)`: called in the transaction that took
      the item back off its session (the session was cancelled, or a clerk withdrew it);
    - `session_moved(source=, item=, actor=)`: its session has a new date or place.
    """

    schedule: Callable[..., Any] | None = None
    decide: Callable[..., CouncilDecision] | None = None
    unscheduled: Callable[..., None] | None = None
    session_moved: Callable[..., None] | None = None


def agenda_sources() -> dict[str, AgendaSource]:
    sources: dict[str, AgendaSource] = {}
    for _label, declared in app_attributes("council", "AGENDA_SOURCES"):
        sources.update(declared)
    return sources


def source_of(item: AgendaItem) -> tuple[Model | None, AgendaSource]:
    """The item's source object and its module's handler (an empty one when none)."""
    if item.source_type is None:
        return None, AgendaSource()
    key = f"{item.source_type.app_label}.{item.source_type.model}"
    return item.source, agenda_sources().get(key, AgendaSource())


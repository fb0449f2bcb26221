"""How initiatives follow the council's agenda items they brought (civic.council_sources)."""

from typing import Any

from civic.council_sources import AgendaSource
from civic.models import AgendaItem, CouncilDecision, CouncilSession, User
from petitions.models import CitizenInitiative
from petitions.services import council


def _schedule(*, source: CitizenInitiative, session: CouncilSession, actor: User) -> None:
    council.initiative_schedule(initiative=source, session=session, actor=actor)


def _decide(*, source: CitizenInitiative, actor: User, **vote: Any) -> CouncilDecision:
    return council.initiative_vote_record(initiative=source, actor=actor, **vote)


def _unscheduled(*, source: CitizenInitiative, item: AgendaItem, actor: User,
                 reason: str) -> None:
    council.initiative_unscheduled(initiative=source, actor=actor, reason=reason)


def _session_moved(*, source: CitizenInitiative, item: AgendaItem, actor: User) -> None:
    assert item.session is not None  # a scheduled item has its session
    council.initiative_session_moved(initiative=source, session=item.session)


AGENDA_SOURCES = {"petitions.citizeninitiative": AgendaSource(
    schedule=_schedule, decide=_decide, unscheduled=_unscheduled,
    session_moved=_session_moved)}

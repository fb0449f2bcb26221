"""How commissions' opinions follow the council's agenda items (civic.council_sources): the
opinion stays sent to the council until answered; its body's members are told of the vote."""

from typing import Any

from civic.council_sources import AgendaSource
from civic.models import CouncilDecision, CouncilSession, User
from commissions.models import Opinion
from commissions.services import opinions


def _schedule(*, source: Opinion, session: CouncilSession, actor: User) -> None:
    opinions.opinion_schedule(opinion=source, session=session, actor=actor)


def _decide(*, source: Opinion, actor: User, **vote: Any) -> CouncilDecision:
    return opinions.opinion_decision_record(opinion=source, actor=actor, **vote)


AGENDA_SOURCES = {"commissions.opinion": AgendaSource(schedule=_schedule, decide=_decide)}

"""How budget-debate syntheses follow the council's agenda items (civic.council_sources):
the residents who gave their preferences are told of the council's vote."""

from typing import Any

from budgets.models import BudgetDebate
from budgets.services.debates import debate_synthesis_decision_record
from civic.council_sources import AgendaSource
from civic.models import CouncilDecision, User


def _decide(*, source: BudgetDebate, actor: User, **vote: Any) -> CouncilDecision:
    return debate_synthesis_decision_record(debate=source, actor=actor, **vote)


AGENDA_SOURCES = {"budgets.budgetdebate": AgendaSource(decide=_decide)}

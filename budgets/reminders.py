"""Upcoming voting deadlines for the reminder job (`civic.services.reminders`)."""

from collections.abc import Iterator
from datetime import datetime

from budgets import selectors
from budgets.models import ParticipatoryBudget
from budgets.states import BudgetStatus
from civic.links import page_url
from civic.services.reminders import Reminder, started_user_ids

KIND = "budget_vote"


def deadlines(*, now: datetime, until: datetime) -> Iterator[Reminder]:
    """Budgets closing their vote before `until`: who opened the ballot and has not voted."""
    budgets = ParticipatoryBudget.objects.filter(
        status=BudgetStatus.VOTING, voting_closes_at__gt=now, voting_closes_at__lte=until)
    for budget in budgets:
        if budget.voting_closes_at is None:  # excluded by the filter; None is the column's type
            continue
        started = set(started_user_ids(kind=KIND, object_id=budget.pk))
        voted = selectors.voters_among(budget=budget, user_ids=started)
        yield Reminder(kind=KIND, object_id=budget.pk, title=budget.title,
                       deadline=budget.voting_closes_at,
                       url=page_url("budgets_web:vote", pk=budget.pk),
                       user_ids=frozenset(started - voted))

"""Reads for the counter's paper ballots (kept apart from `selectors.py`, which is the voters')."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from budgets.models import BallotChoice, PaperBallotEntry, PaperBallotStatus, ParticipatoryBudget
from budgets.states import BudgetStatus
from civic.models import User


def _base() -> QuerySet[PaperBallotEntry]:
    return PaperBallotEntry.objects.select_related(
        "budget", "budget__neighbourhood", "voter", "first_clerk", "second_clerk",
        "cancelled_by")


def paper_ballot_list_pending() -> QuerySet[PaperBallotEntry]:
    return _base().filter(status=PaperBallotStatus.PENDING).order_by("first_entered_at", "pk")


def paper_ballot_list_for_voter(*, voter: User) -> QuerySet[PaperBallotEntry]:
    return _base().filter(voter=voter)


def paper_ballot_get(*, pk: int) -> PaperBallotEntry:
    return get_object_or_404(_base(), pk=pk)


def paper_ballot_recorded_choices(entry: PaperBallotEntry) -> QuerySet[BallotChoice]:
    """The choices counted for a confirmed entry, as stored on the resident's ballot."""
    return BallotChoice.objects.filter(ballot_id=entry.ballot_id).select_related(
        "proposal").order_by("proposal__title")


def budget_list_voting() -> QuerySet[ParticipatoryBudget]:
    return ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING).select_related(
        "neighbourhood").order_by("title", "pk")


def paper_ballot_list_entered_between(*, start: datetime, end: datetime
                                      ) -> QuerySet[PaperBallotEntry]:
    """Entries whose first entry, or confirming second entry, was typed in [start, end):
    what each clerk did, for the supervisors' page."""
    return _base().filter(
        Q(first_entered_at__gte=start, first_entered_at__lt=end)
        | Q(confirmed_at__gte=start, confirmed_at__lt=end)).order_by("-first_entered_at", "-pk")

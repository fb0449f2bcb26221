"""Reads for the counter's paper ballots (kept apart from `selectors.py`, which is the voters')."""

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from budgets.models import (
    BallotReceipt,
    PaperBallotEntry,
    PaperBallotKeying,
    ParticipatoryBudget,
)
from budgets.models.paper_ballot import OPEN_STATUSES
from budgets.secrecy import holder_tag, receipt_format
from budgets.states import BudgetStatus
from civic.models import User


def _base() -> QuerySet[PaperBallotEntry]:
    return PaperBallotEntry.objects.select_related(
        "budget", "budget__neighbourhood", "voter", "first_clerk", "second_clerk",
        "cancelled_by").prefetch_related(
        Prefetch("keyings", queryset=PaperBallotKeying.objects.select_related("clerk")))


def paper_ballot_list_pending() -> QuerySet[PaperBallotEntry]:
    """Entries still waiting for a typing that agrees, disputed ones included, oldest first."""
    return _base().filter(status__in=OPEN_STATUSES).order_by("first_entered_at", "pk")


def paper_ballot_list_for_voter(*, voter: User) -> QuerySet[PaperBallotEntry]:
    return _base().filter(voter=voter)


def paper_ballot_get(*, pk: int) -> PaperBallotEntry:
    return get_object_or_404(_base(), pk=pk)


def paper_ballot_receipt(entry: PaperBallotEntry) -> str:
    """The receipt of a confirmed entry's resident, to print for them (until voting closes).

    Found through the resident's receipt tag: the entry itself keeps no receipt, and the
    receipt says nothing of the choices.
    """
    code = BallotReceipt.objects.filter(
        budget_id=entry.budget_id,
        holder_tag=holder_tag(budget_id=entry.budget_id, voter_id=entry.voter_id),
    ).values_list("code", flat=True).first()
    return receipt_format(code) if code else ""


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

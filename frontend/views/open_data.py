"""The open-data page: every public dataset, its formats and its licence, for people."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budgets.models import BudgetDebate, ParticipatoryBudget
from budgets.states import PHASE_ORDER, BudgetStatus, DebateStatus


def open_data(request: HttpRequest) -> HttpResponse:
    published = PHASE_ORDER[PHASE_ORDER.index(BudgetStatus.RESULTS):]
    return render(request, "frontend/open_data.html", {
        "results": ParticipatoryBudget.objects.filter(status__in=published).select_related(
            "neighbourhood").order_by("-year", "title"),
        "debates": BudgetDebate.objects.filter(status=DebateStatus.CLOSED).order_by("-year"),
    })

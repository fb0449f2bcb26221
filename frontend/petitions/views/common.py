"""Shared helpers of the initiative pages."""


from django.http import HttpResponse
from django.shortcuts import redirect

from petitions.models import CitizenInitiative

TEMPLATES = "frontend/petitions/"


def to_detail(initiative: CitizenInitiative | int) -> HttpResponse:
    pk = initiative if isinstance(initiative, int) else initiative.pk
    return redirect("petitions_web:detail", pk=pk)

"""Counter pages for paper ballots: first typing, blind further typings by other clerks, receipt.

No page shows what another clerk typed: a disagreement says only that the typings differ.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import paper_selectors, selectors
from budgets import policies as budget_policies
from budgets.models import BallotKind, PaperBallotEntry, PaperBallotStatus, ParticipatoryBudget
from budgets.models.proposal import ProposalStatus
from budgets.services.paper_ballots import (
    PaperBallotMismatch,
    paper_ballot_cancel,
    paper_ballot_enter_first,
    paper_ballot_enter_second,
)
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Resident
from frontend.counter.forms import CancelForm, PaperBallotForm
from frontend.web import flash_error, form_error_from, form_target, staff_required


def _form(request: HttpRequest, budget: ParticipatoryBudget,
          with_reference: bool) -> PaperBallotForm:
    proposals = list(selectors.proposal_list_for_budget(budget=budget,
                                                        status=ProposalStatus.FEASIBLE))
    return PaperBallotForm(request.POST or None, proposals=proposals,
                           cumulative=budget.ballot_kind == BallotKind.CUMULATIVE,
                           with_reference=with_reference)


@staff_required
def first_entry(request: AuthenticatedHttpRequest, pk: int, budget_pk: int) -> HttpResponse:
    resident = get_object_or_404(Resident.objects.select_related("user"), pk=pk)
    budget = selectors.budget_get(pk=budget_pk)
    if (closed := budget_policies.capability_refusal(budget, "cast_ballot")) is not None:
        flash_error(request, closed)
        return redirect("counter:resident", pk=resident.pk)
    form = _form(request, budget, with_reference=True)
    if request.method == "POST" and form.is_valid():
        try:
            paper_ballot_enter_first(
                budget=budget, voter=resident.user, choices=form.choices(), clerk=request.user,
                form_reference=form.cleaned_data["form_reference"],
                replace_online=form.cleaned_data["replace_online"],
                reuse_form_reference=form.cleaned_data["reuse_form_reference"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Première saisie enregistrée. Un autre agent doit "
                                        "maintenant saisir le même formulaire."))
            return redirect("counter:ballot_list")
    return render(request, "frontend/counter/ballot_first.html", {
        "resident": resident, "budget": budget, "form": form,
    }, status=400 if form.errors else 200)


@staff_required
def ballot_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [{"entry": entry, "keyed_by_me": _keyed_by(entry, request.user.pk)}
            for entry in paper_selectors.paper_ballot_list_pending()]
    return render(request, "frontend/counter/ballot_list.html", {"rows": rows})


def _keyed_by(entry: PaperBallotEntry, user_id: int) -> bool:
    return any(keying.clerk_id == user_id for keying in entry.keyings.all())


@staff_required
def second_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = paper_selectors.paper_ballot_get(pk=pk)
    if entry.status == PaperBallotStatus.CONFIRMED:
        return redirect("counter:ballot_receipt", pk=entry.pk)
    if entry.status == PaperBallotStatus.CANCELLED:
        messages.info(request, _("Cette saisie a été annulée : le bulletin n'est pas compté."))
        return redirect("counter:ballot_list")
    form = _form(request, entry.budget, with_reference=False)
    if request.method == "POST" and form.is_valid():
        try:
            entry = paper_ballot_enter_second(
                entry=entry, choices=form.choices(), clerk=request.user,
                replace_online=form.cleaned_data["replace_online"])
        except PaperBallotMismatch as exc:
            messages.warning(request, exc.message)
            return redirect("counter:ballot_list")
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Les saisies concordent : le bulletin est compté."))
            return redirect("counter:ballot_receipt", pk=entry.pk)
    return render(request, "frontend/counter/ballot_second.html", {
        "entry": entry, "form": form, "cancel_form": CancelForm(),
        "keyed_by_me": _keyed_by(entry, request.user.pk),
    }, status=400 if form.errors else 200)


@staff_required
@form_target(lambda pk: reverse("counter:ballot_second", args=[pk]))
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = paper_selectors.paper_ballot_get(pk=pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le motif de l'annulation."))
        return redirect("counter:ballot_second", pk=pk)
    try:
        paper_ballot_cancel(entry=entry, clerk=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("La saisie est annulée. Le bulletin n'est pas compté."))
    return redirect("counter:ballot_list")


@staff_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    entry: PaperBallotEntry = paper_selectors.paper_ballot_get(pk=pk)
    if entry.is_open:
        return redirect("counter:ballot_second", pk=pk)
    if entry.status != PaperBallotStatus.CONFIRMED:
        messages.info(request, _("Cette saisie a été annulée : le bulletin n'est pas compté."))
        return redirect("counter:ballot_list")
    return render(request, "frontend/counter/ballot_receipt.html", {
        "entry": entry, "receipt": paper_selectors.paper_ballot_receipt(entry),
    })

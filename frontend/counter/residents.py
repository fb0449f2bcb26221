"""Counter pages for one resident: register (e-mail optional), their file, paper signature."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import paper_selectors
from budgets import policies as budget_policies
from civic import deadlines
from civic import selectors as civic_selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Resident
from civic.services.assisted import has_real_email, resident_register_at_counter
from civic.services.residents import NamesakeFound
from frontend.counter.forms import BirthplaceForm, PaperSignatureForm, RegisterForm, VerifyForm
from frontend.web import form_error_from, form_failed, form_target, forms_restored, staff_required
from petitions.models import CitizenInitiative, Signature
from petitions.services.signatures import signature_record_paper
from petitions.states import Status as InitiativeStatus


@staff_required
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    namesakes: list[Resident] = []
    if request.method == "POST" and form.is_valid():
        try:
            resident = resident_register_at_counter(clerk=request.user, **form.cleaned_data)
        except NamesakeFound as exc:
            # Shown with the existing records; the clerk compares, then confirms or stops.
            namesakes = exc.namesakes
            form.offer_namesake_confirmation()
            form.add_error(None, str(exc.message))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("La personne est inscrite. Un autre agent doit "
                                        "maintenant vérifier son identité et son adresse."))
            return redirect("counter:resident", pk=resident.pk)
    return render(request, "frontend/counter/register.html",
                  {"form": form, "namesakes": namesakes}, status=400 if form.errors else 200)


def _collecting() -> QuerySet[CitizenInitiative]:
    return CitizenInitiative.objects.filter(status=InitiativeStatus.COLLECTING).order_by("title")


@staff_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # A refused paper signature comes back here after its POST, with its errors.
    restored, _extra = forms_restored(request, signature_form=lambda data: PaperSignatureForm(
        data, initiatives=_collecting()))
    signature_form = restored.get("signature_form")
    resident = get_object_or_404(
        Resident.objects.select_related(
            "user", "neighbourhood", "verified_by", "registered_by",
            "possible_duplicate_of__user", "possible_duplicate_of__neighbourhood",
            "merged_into__user"), pk=pk)
    # Votes and collections past their closing time are not offered, even while their phase
    # has not moved yet; a form posted just too late gets the service's refusal.
    open_budgets = paper_selectors.budget_list_voting().filter(
        deadlines.still_open("voting_closes_at"))
    namesakes = civic_selectors.resident_list_namesakes(
        first_name=resident.user.first_name, last_name=resident.user.last_name,
        date_of_birth=resident.date_of_birth, exclude=resident)
    budgets = [(b, budget_policies.voter_check(user=resident.user, budget=b))
               for b in open_budgets]
    signatures = Signature.objects.filter(resident=resident).select_related(
        "initiative", "recorded_by").order_by("-signed_at")
    return render(request, "frontend/counter/resident.html", {
        "resident": resident, "has_email": has_real_email(resident.user),
        "verify_form": VerifyForm(), "budgets": budgets,
        "birthplace_form": BirthplaceForm(initial={"birthplace": resident.birthplace}),
        "namesakes": namesakes,
        "registered_by_me": resident.registered_by_id == request.user.pk,
        "entries": paper_selectors.paper_ballot_list_for_voter(voter=resident.user),
        "signatures": signatures,
        "signature_form": signature_form or PaperSignatureForm(
            initiatives=_collecting().filter(deadlines.still_open("collection_deadline"))),
    })


@staff_required
@form_target(lambda pk: reverse("counter:resident", args=[pk]))
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = get_object_or_404(Resident.objects.select_related("user"), pk=pk)
    form = PaperSignatureForm(request.POST, initiatives=_collecting())
    if form.is_valid():
        try:
            signature = signature_record_paper(
                initiative=form.cleaned_data["initiative"], resident=resident,
                recorded_by=request.user, show_name=form.cleaned_data["show_name"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("La signature papier est enregistrée."))
            return redirect("counter:signature_receipt", pk=signature.pk)
    return form_failed(request, reverse("counter:resident", args=[pk]), signature_form=form)


@staff_required
def signature_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    signature = get_object_or_404(
        Signature.objects.select_related("initiative", "resident__user", "recorded_by"),
        pk=pk, channel=Signature.Channel.PAPER)
    return render(request, "frontend/counter/signature_receipt.html", {"signature": signature})

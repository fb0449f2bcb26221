"""Clerks' pages: admissibility review, signatures (paper, invalidation, CSV export)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest, attachment_response
from frontend.people import search_refused, search_requested
from frontend.petitions.forms import AdmissibilityForm, InvalidateForm, PaperSignatureForm
from frontend.petitions.views.common import TEMPLATES
from frontend.web import flash_error, form_error_from, form_target, staff_required
from petitions import exports, policies, selectors
from petitions.services import review as review_services
from petitions.services import signatures as signature_services


@staff_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What awaits the clerks: admissibility reviews and signature checks."""
    return render(request, TEMPLATES + "staff/review_list.html", {
        "to_review": selectors.initiative_list_for_review(),
        "collecting": selectors.initiative_list_for_signature_check(),
    })


@staff_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start the review, then decide admissibility with reasons."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = AdmissibilityForm(request.POST or None)
    if request.method == "POST" and request.GET.get("do") == "start":
        try:
            review_services.initiative_review_start(initiative=initiative, actor=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Examen de recevabilité commencé."))
        return redirect("petitions_web:review", pk=pk)
    if request.method == "POST":
        try:
            if form.is_valid():
                decide = (review_services.initiative_admit
                          if form.cleaned_data["decision"] == "admit"
                          else review_services.initiative_refuse)
                decide(initiative=initiative, actor=request.user,
                       reasons=form.cleaned_data["reasons"])
                messages.success(request, _("Décision enregistrée et communiquée aux porteurs."))
                return redirect("petitions_web:detail", pk=pk)
        except DomainError as exc:
            form_error_from(form, exc)
    return render(request, TEMPLATES + "staff/review.html", {
        "initiative": initiative, "form": form,
        "promoters": initiative.promoters.select_related("resident__user"),
        "can": policies.initiative_capabilities(initiative),
    }, status=400 if form.errors else 200)


@staff_required
def signatures(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every signature of an initiative; record a paper signature."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = PaperSignatureForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and search_requested(form):
        refused = search_refused(request)
        if refused is not None:
            return refused
    elif request.method == "POST" and form.is_valid():
        try:
            signature_services.signature_record_paper(
                initiative=initiative, resident=form.cleaned_data["signer"].resident,
                recorded_by=request.user, show_name=form.cleaned_data["show_name"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Signature papier enregistrée."))
            return redirect("petitions_web:signatures", pk=pk)
    page = Paginator(selectors.signature_list_for_staff(initiative), 50).get_page(
        request.GET.get("page"))
    return render(request, TEMPLATES + "staff/signatures.html", {
        "initiative": initiative, "form": form, "page": page,
        "invalidate_form": InvalidateForm(),
        "can": policies.initiative_capabilities(initiative),
    }, status=400 if form.errors else 200)


@staff_required
def signatures_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The full signature list, to print (one line per signature, numbered)."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    return render(request, "frontend/print/signatures.html", {
        "initiative": initiative, "today": timezone.localdate(),
        "signatures": selectors.signature_list_for_staff(initiative),
        "back_url": reverse("petitions_web:signatures", args=[pk])})


@staff_required
def signatures_csv(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    return attachment_response(exports.signatures_csv(initiative),
                               filename=exports.signatures_filename(initiative),
                               content_type="text/csv; charset=utf-8")


@staff_required
@form_target(lambda pk: reverse("petitions_web:review_list"))
def invalidate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signature = selectors.signature_get_for_staff(pk=pk)
    form = InvalidateForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Indiquez le motif de l'invalidation."), field="reason")
        signature_services.signature_invalidate(signature=signature, actor=request.user,
                                                reason=form.cleaned_data["reason"])
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Signature invalidée : elle n'est plus comptée."))
    return redirect("petitions_web:signatures", pk=signature.initiative_id)

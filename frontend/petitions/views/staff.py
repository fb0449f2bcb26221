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
from frontend.web import (
    Confirmation,
    confirm_page,
    confirmation_page,
    flash_error,
    form_error_from,
    form_target,
    is_confirmed,
    staff_required,
)
from petitions import exports, policies, selectors
from petitions.models import Signature
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
        if not is_confirmed(request):
            return confirmation_page(request, Confirmation(
                _("Commencer l'examen de recevabilité de « {title} » ?").format(
                    title=initiative.title),
                _("L'initiative passe en examen de recevabilité, sans retour possible au dépôt. "
                  "Ses porteurs et ceux qui la suivent en sont prévenus par message."),
                _("Commencer l'examen")), back_url=reverse("petitions_web:review", args=[pk]))
        try:
            review_services.initiative_review_start(initiative=initiative, actor=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Examen de recevabilité commencé ; les porteurs et ceux "
                                        "qui suivent l'initiative sont prévenus."))
        return redirect("petitions_web:review", pk=pk)
    if request.method == "POST":
        try:
            if form.is_valid() and not is_confirmed(request):
                return confirmation_page(request, _decision_confirmation(
                    initiative.title, admit=form.cleaned_data["decision"] == "admit"),
                    back_url=reverse("petitions_web:review", args=[pk]))
            if form.is_valid():
                decide = (review_services.initiative_admit
                          if form.cleaned_data["decision"] == "admit"
                          else review_services.initiative_refuse)
                decide(initiative=initiative, actor=request.user,
                       reasons=form.cleaned_data["reasons"])
                messages.success(request, _("Décision enregistrée et publiée ; les porteurs et "
                                            "ceux qui suivent l'initiative sont prévenus."))
                return redirect("petitions_web:detail", pk=pk)
        except DomainError as exc:
            form_error_from(form, exc)
    return render(request, TEMPLATES + "staff/review.html", {
        "initiative": initiative, "form": form,
        "promoters": initiative.promoters.select_related("resident__user"),
        "can": policies.initiative_capabilities(initiative),
    }, status=400 if form.errors else 200)


def _decision_confirmation(title: str, *, admit: bool) -> Confirmation:
    if admit:
        return Confirmation(
            _("Déclarer « {title} » recevable ?").format(title=title),
            _("La collecte des signatures s'ouvre aussitôt, pour la durée et le seuil fixés par "
              "la charte ; la décision et sa motivation sont publiées et ne pourront pas être "
              "changées. Les porteurs et ceux qui suivent l'initiative sont prévenus par "
              "message."), _("Déclarer recevable"))
    return Confirmation(
        _("Déclarer « {title} » irrecevable ?").format(title=title),
        _("L'initiative est refusée, définitivement ; la décision et sa motivation sont "
          "publiées. Les porteurs et ceux qui suivent l'initiative sont prévenus par message."),
        _("Déclarer irrecevable"))


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


def _invalidation(signature: Signature) -> tuple[str, str]:
    """The confirmation's question and what it says will happen (and who is told)."""
    initiative = signature.initiative
    return (
        _("Invalider la signature de {name} ?").format(name=signature.resident.user),
        _("Signée le {date} pour « {title} ». Elle ne sera plus comptée : l'initiative passera "
          "de {count} à {after} signatures valides, et l'invalidation ne peut pas être annulée. "
          "Le motif est inscrit au registre des signatures. Le signataire n'est pas prévenu par "
          "message ; si l'initiative repasse sous son seuil, ses porteurs le sont.").format(
            name=signature.resident.user, title=initiative.title,
            date=timezone.localtime(signature.signed_at).strftime("%d/%m/%Y"),
            count=initiative.signature_count, after=max(initiative.signature_count - 1, 0)))


def _invalidate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The invalidation ready to confirm, with the reason to give (GET, or a POST whose
    reason is missing: then the error is next to the field)."""
    signature = selectors.signature_get_for_staff(pk=pk)
    form = InvalidateForm(request.POST if request.method == "POST" else None)
    title, text = _invalidation(signature)
    response = confirm_page(
        request, title=title, text=text, submit=_("Invalider la signature"), form=form,
        back_url=reverse("petitions_web:signatures", args=[signature.initiative_id]))
    if form.is_bound:
        response.status_code = 400
    return response


@staff_required
@form_target(lambda pk: reverse("petitions_web:review_list"), confirm=_invalidate_confirm)
def invalidate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invalidate a signature: the first POST shows what that does, the confirmed one acts."""
    signature = selectors.signature_get_for_staff(pk=pk)
    form = InvalidateForm(request.POST)
    if not form.is_valid():
        return _invalidate_confirm(request, pk)
    if not is_confirmed(request):
        title, text = _invalidation(signature)
        return confirmation_page(request, Confirmation(
            title, text + "\n" + _("Motif : {reason}").format(reason=form.cleaned_data["reason"]),
            _("Invalider la signature")),
            back_url=reverse("petitions_web:signatures", args=[signature.initiative_id]))
    try:
        signature_services.signature_invalidate(signature=signature, actor=request.user,
                                                reason=form.cleaned_data["reason"])
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Signature de {name} invalidée : elle n'est plus comptée. "
                                    "Le signataire n'est pas prévenu par message.").format(
                                        name=signature.resident.user))
    return redirect("petitions_web:signatures", pk=signature.initiative_id)

"""Promoters' pages: start a draft, edit it (versions), invite co-promoters, submit, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from frontend.limits import limited
from frontend.petitions.forms import (
    InitiativeCreateForm,
    InitiativeTextForm,
    InviteForm,
    OptionalReasonForm,
)
from frontend.petitions.views.common import TEMPLATES, to_detail
from frontend.web import flash_error, form_error_from, form_failed, form_target, forms_restored
from petitions import policies, selectors
from petitions.models import CitizenInitiative, InitiativePromoter
from petitions.services import drafting
from petitions.services.drafting import INVITED


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The promoter's initiatives and the invitations awaiting an answer."""
    roles = selectors.initiative_list_for_promoter(user=request.user)
    return render(request, TEMPLATES + "dashboard.html", {
        "invitations": [p for p in roles if p.status == "invited"],
        "mine": [p for p in roles if p.status == "confirmed"],
    })


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InitiativeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = drafting.initiative_create(author=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Brouillon enregistré. Invitez maintenant vos "
                                        "co-porteurs."))
            return redirect("petitions_web:edit", pk=initiative.pk)
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "create.html", {"form": form}, status=status)


def _edit_context(request: HttpRequest, initiative: CitizenInitiative, **forms: object) -> dict:
    return {
        "initiative": initiative,
        "text_form": forms.get("text_form") or InitiativeTextForm(initial={
            "title": initiative.title, "reasons": initiative.reasons,
            "operative_text": initiative.operative_text}),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "withdraw_form": forms.get("withdraw_form") or OptionalReasonForm(),
        # Names only of those who accepted: an invitation says nothing about the address.
        "promoters": initiative.promoters.filter(status=InitiativePromoter.Status.CONFIRMED)
        .select_related("resident__user"),
        "pending_invitations": initiative.promoters.filter(
            status=InitiativePromoter.Status.INVITED).count(),
        "versions": initiative.versions.select_related("author"),
        "can": policies.initiative_capabilities(initiative),
        "charter": initiative.charter,
    }


def _promoted(request: AuthenticatedHttpRequest, pk: int) -> CitizenInitiative:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    if not policies.is_promoter(request.user, initiative):
        raise PermissionDenied
    return initiative


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The draft's workshop: texts with versions, co-promoters, submission."""
    initiative = _promoted(request, pk)
    form = InitiativeTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.initiative_text_update(initiative=initiative, author=request.user,
                                            **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Nouvelle version du texte enregistrée."))
            return redirect("petitions_web:edit", pk=pk)
    restored, _extra = forms_restored(request, invite_form=InviteForm,
                                      withdraw_form=OptionalReasonForm)
    context = _edit_context(request, initiative,
                            text_form=form if request.method == "POST" else None, **restored)
    return render(request, TEMPLATES + "edit.html", context, status=400 if form.errors else 200)


def _edit_url(pk: int) -> str:
    return reverse("petitions_web:edit", args=[pk])


@login_required
@form_target(_edit_url)
@limited("invite")
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _promoted(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            drafting.promoter_invite(initiative=initiative, invited_by=request.user,
                                     email=form.cleaned_data["email"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, INVITED)
            return redirect("petitions_web:edit", pk=pk)
    return form_failed(request, _edit_url(pk), invite_form=form)


@login_required
def respond(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The invitation: the initiative's texts, who invites, and Accepter / Décliner."""
    promoter = selectors.promoter_get_for_user(pk=pk, user=request.user)
    if request.method == "POST":
        accept = request.POST.get("accept") == "1"
        try:
            drafting.promoter_respond(promoter=promoter, user=request.user, accept=accept)
        except DomainError as exc:
            flash_error(request, exc)
            return redirect("petitions_web:respond", pk=pk)
        messages.success(request, _("Vous êtes maintenant porteur de cette initiative.")
                         if accept else _("Invitation déclinée."))
        if accept:
            return redirect("petitions_web:edit", pk=promoter.initiative_id)
        return redirect("petitions_web:dashboard")
    return render(request, TEMPLATES + "invitation.html", {
        "promoter": promoter, "initiative": promoter.initiative,
        "pending": promoter.status == "invited"})


@login_required
@form_target(_edit_url)
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _promoted(request, pk)
    try:
        drafting.initiative_submit(initiative=initiative, actor=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("petitions_web:edit", pk=pk)
    messages.success(request, _("Initiative déposée : les services de la ville vont examiner "
                                "sa recevabilité."))
    return to_detail(initiative)


@login_required
@form_target(_edit_url)
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _promoted(request, pk)
    form = OptionalReasonForm(request.POST)
    if form.is_valid():
        try:
            drafting.initiative_withdraw(initiative=initiative, actor=request.user,
                                         reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Initiative retirée."))
            return to_detail(initiative)
    return form_failed(request, _edit_url(pk), withdraw_form=form)

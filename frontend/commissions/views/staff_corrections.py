"""Clerk workspace: correct a body's details and rules, or dissolve it (with a reason, a
ticked box, and its members told)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.errors import DomainError, InvalidTransition
from civic.http import AuthenticatedHttpRequest
from commissions.models import Commission
from commissions.services import bodies
from frontend.commissions import forms
from frontend.commissions.views.staff_base import simple_form_page
from frontend.web import confirm_page, form_error_from, staff_required

EDITABLE = ("name", "theme", "facility", "neighbourhood", "description", "mandate_end",
            "quorum_percent", "max_consecutive_terms")


@staff_required
def commission_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug)
    here = reverse("commissions_web:staff_commission", args=[slug])
    return simple_form_page(
        request, form_class=forms.CommissionEditForm,
        title=_("Modifier « {name} »").format(name=commission.name),
        initial={name: getattr(commission, name) for name in EDITABLE},
        run=lambda data: bodies.commission_update(commission=commission, actor=request.user,
                                                  **data),
        success=lambda _c: here, back_url=here)


@staff_required
def commission_dissolve(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug)
    here = reverse("commissions_web:staff_commission", args=[slug])
    refusal = (None if commission.status == Commission.Status.ACTIVE
               else InvalidTransition(_("Cette instance est déjà dissoute.")))
    form = forms.DissolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            bodies.commission_dissolve(commission=commission, actor=request.user,
                                       reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Instance dissoute ; ses membres sont prévenus."))
            return redirect(here)
    response = confirm_page(
        request, title=_("Dissoudre « {name} »").format(name=commission.name),
        text=_("Le mandat de chaque membre en fonction prend fin aujourd'hui, et chacun est "
               "prévenu avec le motif. Une instance dissoute ne se rétablit pas."),
        submit=_("Dissoudre l'instance"), back_url=here, form=form, refusal=refusal)
    if request.method == "POST":
        response.status_code = 400
    return response

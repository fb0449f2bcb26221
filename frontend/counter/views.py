"""The counter (guichet): clerks find residents and verify them on the spot."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from civic import selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Resident
from civic.services.residents import resident_birthplace_set, resident_verify
from frontend.counter.forms import BirthplaceForm, ResidentSearchForm, VerifyForm
from frontend.web import flash_error, form_target, staff_required


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    search = ResidentSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    residents = selectors.resident_list_for_clerk(
        search=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(residents, 25).get_page(request.GET.get("page"))
    return render(request, "frontend/counter/index.html", {
        "search": search or ResidentSearchForm(), "page_obj": page, "verify_form": VerifyForm(),
    })


@staff_required
@form_target(lambda pk: reverse("counter:resident", args=[pk]))
def verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resident = get_object_or_404(Resident.objects.select_related("user"), pk=pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la pièce présentée."))
    else:
        try:
            resident_verify(resident=resident, method=form.cleaned_data["method"],
                            verified_by=request.user,
                            birthplace=form.cleaned_data["birthplace"] or None)
        except DomainError as exc:
            flash_error(request, exc)
            # The resident's page shows the record it clashes with, linked.
            return redirect("counter:resident", pk=resident.pk)
        else:
            messages.success(request, _("%(name)s est maintenant vérifié·e.")
                             % {"name": resident.user.get_full_name() or resident.user.email})
    return _back(request, "counter:index")


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (this site only), or to `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@staff_required
@form_target(lambda pk: reverse("counter:resident", args=[pk]))
def birthplace(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enter a resident's birthplace from their identity document (tells namesakes apart)."""
    resident = get_object_or_404(Resident, pk=pk)
    form = BirthplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le lieu de naissance."))
    else:
        try:
            resident_birthplace_set(resident=resident, birthplace=form.cleaned_data["birthplace"],
                                    clerk=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Le lieu de naissance est enregistré."))
    return redirect("counter:resident", pk=pk)

"""The counter (guichet): clerks find residents and verify them on the spot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic import roles, selectors
from civic.errors import DomainError
from civic.models import Resident
from civic.services.residents import resident_verify
from frontend.counter.forms import ResidentSearchForm, VerifyForm
from frontend.web import flash_error


def _clerks_only(request: HttpRequest) -> None:
    if not roles.is_staff_member(request.user):
        raise PermissionDenied(_("Réservé aux agents de la ville."))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _clerks_only(request)
    search = ResidentSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    residents = selectors.resident_list_for_clerk(
        search=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(residents, 25).get_page(request.GET.get("page"))
    return render(request, "frontend/counter/index.html", {
        "search": search or ResidentSearchForm(), "page_obj": page, "verify_form": VerifyForm(),
    })


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    _clerks_only(request)
    resident = get_object_or_404(Resident.objects.select_related("user"), pk=pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la pièce présentée."))
    else:
        try:
            resident_verify(resident=resident, method=form.cleaned_data["method"],
                            verified_by=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("%(name)s est maintenant vérifié·e.")
                             % {"name": resident.user.get_full_name() or resident.user.email})
    return redirect(request.POST.get("next") or "counter:index")

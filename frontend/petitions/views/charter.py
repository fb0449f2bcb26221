"""The charter page: the rules in force, their history, and a new version (administrators)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civic import roles
from civic.errors import DomainError
from civic.http import signed_in_user
from frontend.petitions.forms import CharterForm
from frontend.petitions.views.common import TEMPLATES
from frontend.web import form_error_from
from petitions import selectors
from petitions.services.charter import EDITABLE_FIELDS, charter_current, charter_publish


def charter(request: HttpRequest) -> HttpResponse:
    current = charter_current()
    is_admin = roles.has_role(request.user, roles.Role.ADMINISTRATOR)
    initial = {"name": current.name, **{f: getattr(current, f) for f in EDITABLE_FIELDS}}
    form = CharterForm(request.POST or None, initial=initial)
    if request.method == "POST" and is_admin and form.is_valid():
        try:
            charter_publish(actor=signed_in_user(request), **form.cleaned_data)  # an admin
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Nouvelle version de la charte publiée. Les "
                                        "initiatives en cours gardent la leur."))
            return redirect("petitions_web:charter")
    return render(request, TEMPLATES + "charter.html", {
        "current": current, "threshold": current.signature_threshold(),
        "versions": selectors.charter_list(), "form": form if is_admin else None,
    }, status=400 if form.errors and is_admin else 200)

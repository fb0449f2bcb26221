"""Personal data pages of the account (RGPD): download a copy, erase the account.

Thin: civic.services.personal_data makes the link, checks it once and erases; these views
show the result. A used or expired link answers 410 with a page that says what to do.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from civic.api.personal_data import export_filename
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest, attachment_response
from civic.services import personal_data
from frontend.limits import limited
from frontend.web import form_error_from

TEMPLATES = "frontend/accounts/"


class EraseForm(forms.Form):
    password = forms.CharField(label=_("Mot de passe"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))
    confirm = forms.BooleanField(
        label=_("Je comprends que l'effacement est définitif."),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")})


@login_required
@require_http_methods(["GET", "POST"])
def data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What we hold, and a button that prepares a single-use download link."""
    context: dict[str, object] = {"link_minutes":
                                  personal_data.retention("DATA_EXPORT_LINK_SECONDS") // 60}
    if request.method == "POST":
        try:
            export, token = personal_data.data_export_request(user=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return render(request, TEMPLATES + "data.html", context, status=400)
        context.update(download_url=reverse("frontend:data_download", args=[token]),
                       expires_at=export.expires_at)
    return render(request, TEMPLATES + "data.html", context)


@login_required
def data_download(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    try:
        content = personal_data.data_export_claim(user=request.user, token=token)
    except personal_data.ExportLinkGone as exc:
        return render(request, TEMPLATES + "data_link_gone.html",
                      {"message": exc.message}, status=410)
    return attachment_response(json.dumps(content, ensure_ascii=False, indent=2),
                               filename=export_filename(request.user.pk), private=True,
                               content_type="application/json; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
@limited("erase")
def data_erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data.account_erase(user=request.user,
                                        password=form.cleaned_data["password"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            logout(request)
            messages.success(request, _("Votre compte a été effacé. Vos votes et signatures "
                                        "restent comptés, sans votre nom."))
            return redirect("frontend:home")
    status = 400 if form.errors else 200
    return render(request, TEMPLATES + "data_erase.html", {"form": form}, status=status)

"""The staff's second factor: the code asked after the password, and the enrolment at the
first staff login (authenticator app + ten recovery codes). Rules: civic/second_factor.py."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.second_factor import (
    has_device,
    needs_second_factor,
    second_factor_enrol,
    session_verified,
    verify_code,
)
from frontend.limits import limited
from frontend.web import form_error_from

TEMPLATES = "frontend/accounts/"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres de votre application, ou un code de secours"),
        max_length=20, widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
@limited("second_factor")
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not needs_second_factor(user) or session_verified(user):
        return redirect(_next(request))
    if not has_device(user):
        return redirect("frontend:second_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("Ce code ne correspond pas. Saisissez le code affiché "
                                 "maintenant par votre application, ou un code de secours."))
    return render(request, TEMPLATES + "second_factor.html",
                  {"form": form, "next": _next(request)}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@limited("second_factor")
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not needs_second_factor(user):
        return redirect("frontend:account")
    if has_device(user):
        return redirect("frontend:second_factor")
    device = (TOTPDevice.objects.filter(user=user, confirmed=False).first()
              or TOTPDevice.objects.create(user=user, name=str(_("Application")),
                                           confirmed=False))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            request.session.cycle_key()
            otp_login(request, device)
            return render(request, TEMPLATES + "second_factor_codes.html",
                          {"codes": codes, "next": _next(request)})
    return render(request, TEMPLATES + "second_factor_enrol.html", {
        "form": form, "next": _next(request), "config_url": device.config_url,
        "qr": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
    }, status=400 if form.errors else 200)

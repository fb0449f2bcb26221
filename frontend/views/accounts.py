"""Sign-up, log-in/out, passwords and the account page. Thin: forms check shape, the
account services (civic.services.accounts) apply the rules and write the audit log."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from civic import roles
from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.services.accounts import account_activate, account_profile_update, account_signup
from civic.services.email_change import email_change_confirm, email_change_request
from frontend.forms.accounts import (
    EmailChangeForm,
    LoginForm,
    PasswordChangeFormAudited,
    PasswordResetRequestForm,
    ProfileForm,
    SetPasswordFormAudited,
    SignupForm,
)
from frontend.limits import limited
from frontend.verification import franceconnect as franceconnect_web
from frontend.web import form_error_from

TEMPLATES = "frontend/accounts/"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Show the site in the person's chosen language from now on, on this device too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = TEMPLATES + "login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        return remember_language(response, form.get_user().preferred_language)

    def get_default_redirect_url(self) -> str:
        # Staff (and whoever runs a body) come to work: with no page asked for, their staff
        # home, after their second factor; residents their account.
        if roles.is_back_office(self.request.user):
            return str(reverse_lazy("frontend:staff_home"))
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    """POST logs out; GET (a bookmarked link, no JavaScript needed) asks to confirm."""

    http_method_names = ["get", "post", "options"]
    template_name = TEMPLATES + "logout_confirm.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("frontend:home")
        return render(request, self.template_name)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Logged in through FranceConnect: log out there too (its end-session endpoint).
        id_token = request.session.get(franceconnect_web.ID_TOKEN_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if id_token:
            return franceconnect_web.logout_redirect(request, id_token) or response
        return response


@require_http_methods(["GET", "POST"])
@limited("signup")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_signup(
                email=data["email"], password=data["password1"], first_name=data["first_name"],
                last_name=data["last_name"], neighbourhood=data["neighbourhood"],
                date_of_birth=data["date_of_birth"], postal_address=data["postal_address"],
                preferred_language=data["preferred_language"],
            )
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            # The same page whether or not the address already had an account.
            request.session["signup_email"] = data["email"]
            return redirect("frontend:signup_done")
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATES + "signup.html", {"form": form}, status=status)


def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get("signup_email", "")
    return render(request, TEMPLATES + "signup_done.html", {"email": email})


def signup_activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Activate the account from the e-mailed link and log its owner in."""
    if request.method != "POST":
        # Mail scanners follow links: activating takes a button press, not a mere visit.
        return render(request, TEMPLATES + "signup_activate.html")
    try:
        user = account_activate(uidb64=uidb64, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, TEMPLATES + "signup_activate.html", {"invalid": True}, status=400)
    login(request, user, backend=BACKEND)
    messages.success(request, _("Votre compte est activé. Bienvenue sur Décidons !"))
    request.session.pop("signup_email", None)
    return remember_language(redirect("frontend:account"), user.preferred_language)


@method_decorator(limited("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = TEMPLATES + "password_reset_form.html"
    form_class = PasswordResetRequestForm
    email_template_name = TEMPLATES + "password_reset_email.txt"
    subject_template_name = TEMPLATES + "password_reset_subject.txt"
    success_url = reverse_lazy("frontend:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = TEMPLATES + "password_reset_confirm.html"
    form_class = SetPasswordFormAudited
    success_url = reverse_lazy("frontend:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = TEMPLATES + "password_change.html"
    form_class = PasswordChangeFormAudited
    success_url = reverse_lazy("frontend:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return super().form_valid(form)


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    resident = getattr(request.user, "resident", None)
    return render(request, TEMPLATES + "account.html", {
        "resident": resident,
        "min_age": decidons_setting("MIN_AGE"),
    })


@login_required
@require_http_methods(["GET", "POST"])
@limited("password_reset")
def account_email(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new address and the current password: the link that confirms it goes to the new
    address."""
    form = EmailChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            email_change_request(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _(
                "Un lien de confirmation vient d'être envoyé à votre nouvelle adresse : "
                "suivez-le dans les deux jours. D'ici là, votre adresse reste la même."))
            return redirect("frontend:account")
    return render(request, TEMPLATES + "account_email.html", {"form": form},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def account_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: a button sets the new address (mail scanners follow links)."""
    if request.method != "POST":
        return render(request, TEMPLATES + "account_email_confirm.html")
    try:
        email_change_confirm(token=token)
    except DomainError as exc:
        return render(request, TEMPLATES + "account_email_confirm.html",
                      {"refusal": exc}, status=exc.status_code)
    messages.success(request, _("Votre nouvelle adresse e-mail est enregistrée."))
    if request.user.is_authenticated:
        return redirect("frontend:account")
    return redirect("frontend:login")


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    resident = getattr(user, "resident", None)
    initial = {"first_name": user.first_name, "last_name": user.last_name,
               "postal_address": resident.postal_address if resident else "",
               "preferred_language": user.preferred_language}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_verified = resident is not None and resident.is_verified
        try:
            account_profile_update(user=user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Vos informations ont été enregistrées."))
            if was_verified and resident is not None and not resident.is_verified:
                messages.warning(request, _(
                    "Votre nouvelle adresse doit être vérifiée à son tour : en attendant, vous "
                    "ne pouvez ni voter ni signer. Passez au guichet de la mairie ou d'une "
                    "maison de quartier, ou envoyez un justificatif de domicile."))
            return remember_language(redirect("frontend:account"), user.preferred_language)
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATES + "account_edit.html",
                  {"form": form, "resident": resident}, status=status)


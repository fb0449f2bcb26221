"""Account forms: they check the input's shape; the account services apply the rules."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from civic.identity import validate_birth_date
from civic.models import Neighbourhood, User
from civic.services.accounts import account_password_set

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message for every failure, so it never tells whether an address has an account.
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect."),
        "inactive": _("Adresse e-mail ou mot de passe incorrect."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Adresse e-mail")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )
        self.fields["password"].label = _("Mot de passe")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


def _password_field(label: "StrOrPromise", help_text: "StrOrPromise" = "") -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nous y enverrons le lien qui active votre compte."),
    )
    password1 = _password_field(
        _("Mot de passe"), _("Au moins 8 caractères, pas seulement des chiffres, pas trop courant.")
    )
    password2 = _password_field(_("Mot de passe (encore une fois)"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nom"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    neighbourhood = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Neighbourhood.objects.all(), required=False,
        empty_label=_("Je ne sais pas"),
        help_text=_("Si vous ne savez pas, un agent le complétera lors de la vérification."),
    )
    date_of_birth = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"},
                               format="%Y-%m-%d"),
        help_text=_("Certaines consultations ont un âge minimum."),
        validators=[validate_birth_date],
    )
    postal_address = forms.CharField(
        label=_("Adresse postale"), max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    preferred_language = forms.ChoiceField(label=_("Langue"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("preferred_language", translation.get_language() or "fr")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            probe = User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""),
                         last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(str(first), probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    postal_address = forms.CharField(label=_("Adresse postale"), max_length=300, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    preferred_language = forms.ChoiceField(
        label=_("Langue"), choices=settings.LANGUAGES,
        help_text=_("Langue du site et des e-mails que vous recevez."),
    )


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("Nouvelle adresse e-mail"), max_length=254)
    password = forms.CharField(label=_("Mot de passe actuel"), strip=False,
                               widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}))


class AuditedSetPasswordMixin:
    """Store the new password through the account service, so the change is audited."""

    user: User
    cleaned_data: dict[str, str]

    def save(self, commit: bool = True) -> User:
        return account_password_set(user=self.user, password=self.cleaned_data["new_password1"])


class PasswordChangeFormAudited(AuditedSetPasswordMixin, PasswordChangeForm):
    pass


class SetPasswordFormAudited(AuditedSetPasswordMixin, SetPasswordForm):
    pass


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email: str) -> QuerySet[User]:
        """Active accounts with this address, including those a clerk opened without a
        password, so a resident registered at a counter can later choose one."""
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        # Written in the recipient's language, whatever the page was shown in.
        user = context["user"]
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context,
                              from_email, to_email, html_email_template_name)

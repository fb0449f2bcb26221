"""Account operations a person does for themselves: sign up, activate, profile, language.

Sign-up never tells whether an address already has an account: both outcomes end on the
same "check your e-mail" page, and only the mailbox's owner learns what happened. A new
account stays inactive until its owner follows the activation link, so signing up with
someone else's address and then trying to log in reveals nothing either.
"""

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError
from civic.links import page_url
from civic.models import Neighbourhood, Resident, User
from civic.models.user import VerificationStatus
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue, transactional_email_enqueue
from civic.services.residents import resident_identity_refresh, resident_register
from civic.text import clean_text

logger = logging.getLogger(__name__)

# One activation e-mail per account per window, so re-submitting the sign-up form with
# someone's address cannot flood their mailbox.
ACTIVATION_MAIL_INTERVAL_SECONDS = 600


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """One-time activation links: a token stops working once the account is active."""

    key_salt = "civic.services.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token = ActivationTokenGenerator()


class InvalidActivationLink(DomainError):
    code = "invalid_activation_link"
    default_message = _(
        "Ce lien d'activation n'est plus valable. Il a peut-être déjà servi : essayez de "
        "vous connecter, ou inscrivez-vous à nouveau pour recevoir un nouveau lien."
    )


def _language(value: str) -> str:
    codes = {code for code, _label in settings.LANGUAGES}
    if value not in codes:
        raise DomainError(_("Langue inconnue."), code="invalid_language",
                          field="preferred_language")
    return value


def _clean_profile(*, first_name: str, last_name: str, postal_address: str) -> dict[str, Any]:
    return {
        "first_name": clean_text(first_name, field="first_name", max_length=150,
                                 multiline=False),
        "last_name": clean_text(last_name, field="last_name", max_length=150, multiline=False),
        "postal_address": clean_text(postal_address, field="postal_address", max_length=300),
    }


def activation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token.make_token(user)
    return page_url("frontend:signup_activate", uidb64=uid, token=token)


def _first_mail_in_window(user: User) -> bool:
    try:
        return cache.add(f"account-activation-mail:{user.pk}", 1,
                         ACTIVATION_MAIL_INTERVAL_SECONDS)
    except Exception:  # noqa: BLE001 — cache (Redis) down: better a duplicate than no link
        logger.warning("activation mail rate limit unavailable", exc_info=True)
        return True


def _send_activation_mail(user: User) -> None:
    """Queue the activation link in the outbox, in the sign-up's transaction: the worker
    sends it once the account is committed, and retries while the mail server is down."""
    if not _first_mail_in_window(user):
        return
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "link": f"{settings.SITE_URL}{activation_path(user)}",
                   "town": decidons_setting("TOWN_NAME")}
        subject = str(_("Activez votre compte Décidons"))
        body = render_to_string("civic/emails/account_activation.txt", context)
    transactional_email_enqueue(
        recipient=user, kind="account_activation", subject=subject, body=body,
        dedupe_key=f"account.activation:{user.pk}:{timezone.now().isoformat()}")


def _warn_existing_account(user: User) -> None:
    """Tell an account's owner that someone tried to sign up with their address."""
    if not user.is_active:
        if user.last_login is None:  # never activated: the owner probably lost the link
            _send_activation_mail(user)
        return
    notification_enqueue(
        recipients=[user],
        kind="account_signup_attempt",
        subject=_("Tentative d'inscription avec votre adresse"),
        body=_(
            "Quelqu'un vient d'essayer de créer un compte Décidons avec votre adresse "
            "e-mail, qui a déjà un compte. Si c'était vous, connectez-vous, ou choisissez un "
            "nouveau mot de passe avec « Mot de passe oublié ». Sinon, vous pouvez ignorer "
            "ce message : votre compte n'a pas changé."
        ),
        # At most one warning a day, however often the form is submitted.
        dedupe_key=f"account.signup_attempt:{user.pk}:{timezone.localdate().isoformat()}",
        url=page_url("frontend:login"),
    )


@transaction.atomic
def account_signup(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    neighbourhood: Neighbourhood | None,
    date_of_birth: date,
    postal_address: str,
    preferred_language: str,
) -> Resident | None:
    """Open an inactive resident account and mail its activation link.

    Returns None, after warning the address's owner, when the address is already taken.
    """
    fields = _clean_profile(first_name=first_name, last_name=last_name,
                            postal_address=postal_address)
    language = _language(preferred_language)
    normalized = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=normalized).first()
    if existing is None:
        try:
            resident = resident_register(
                email=normalized, password=password, neighbourhood=neighbourhood,
                date_of_birth=date_of_birth, preferred_language=language, **fields,
            )
        except Conflict:  # created by a concurrent request since the look-up
            existing = User.objects.get(email__iexact=normalized)
        else:
            User.objects.filter(pk=resident.user.pk).update(is_active=False)
            resident.user.is_active = False
            audit_record(verb="account.signed_up", actor=resident.user, target=resident.user)
            _send_activation_mail(resident.user)
            return resident
    # Hash anyway, so both outcomes take about as long.
    make_password(password)
    _warn_existing_account(existing)
    return None


def _user_from_uid(uidb64: str) -> User | None:
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


@transaction.atomic
def account_activate(*, uidb64: str, token: str) -> User:
    """Activate a new account from its e-mailed link (valid once, for a few days)."""
    user = _user_from_uid(uidb64)
    if user is None or user.is_active or not activation_token.check_token(user, token):
        raise InvalidActivationLink()
    # Compare-and-set: a link clicked twice at once activates (and audits) once.
    won = User.objects.filter(pk=user.pk, is_active=False, last_login__isnull=True).update(
        is_active=True
    )
    if not won:
        raise InvalidActivationLink()
    user.is_active = True
    audit_record(verb="account.activated", actor=user, target=user)
    return user


@transaction.atomic
def account_profile_update(
    *, user: User, first_name: str, last_name: str, postal_address: str, preferred_language: str
) -> User:
    """Change one's own name, postal address and language."""
    fields = _clean_profile(first_name=first_name, last_name=last_name,
                            postal_address=postal_address)
    language = _language(preferred_language)
    resident = getattr(user, "resident", None)
    changed = [name for name in ("first_name", "last_name") if getattr(user, name) != fields[name]]
    if user.preferred_language != language:
        changed.append("preferred_language")
    user.first_name, user.last_name = fields["first_name"], fields["last_name"]
    user.preferred_language = language
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    withdrawn = False
    if resident is not None and resident.postal_address != fields["postal_address"]:
        changed.append("postal_address")
        resident.postal_address = fields["postal_address"]
        update = ["postal_address"]
        if resident.verification_status == VerificationStatus.VERIFIED:
            # The town vouched for the old address: a clerk checks the new one (counter,
            # proof of address) before the account votes or signs again.
            resident.verification_status = VerificationStatus.REVOKED
            update += ["verification_status"]
            withdrawn = True
        resident.save(update_fields=update)
    if resident is not None and {"first_name", "last_name"} & set(changed):
        resident_identity_refresh(resident=resident)
    if changed:
        # Field names only: the log is not a second copy of personal data.
        audit_record(verb="account.profile_updated", actor=user, target=user,
                     data={"fields": changed, "verification_withdrawn": withdrawn})
    return user


@transaction.atomic
def account_language_set(*, user: User, language: str) -> User:
    """Remember the language someone chose, for pages and for the e-mails they receive."""
    language = _language(language)
    if User.objects.filter(pk=user.pk).exclude(preferred_language=language).update(
        preferred_language=language
    ):
        audit_record(verb="account.language_set", actor=user, target=user,
                     data={"language": language})
    user.preferred_language = language
    return user


@transaction.atomic
def account_password_set(*, user: User, password: str) -> User:
    """Store a new password (changed while logged in, or set from a reset link)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(verb="account.password_set", actor=user, target=user)
    return user

"""Changing one's e-mail address: a signed, expiring link sent to the new address confirms it.

The link carries the account, the new address and the address it replaces: once the address
has changed, the link no longer matches and cannot be used again. The old address is told.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import transactional_email_enqueue
from civic.site import absolute_url

SALT = "decidons.account.email_change"
LINK_MAX_AGE = 2 * 24 * 3600  # two days


def _refused_address() -> Conflict:
    # Says nothing of another account beyond this.
    return Conflict(_("Cette adresse ne peut pas être utilisée."), code="email_unavailable",
                    field="new_email")


def email_change_path(token: str) -> str:
    return reverse("frontend:account_email_confirm", args=[token])


@transaction.atomic
def email_change_request(*, user: User, new_email: str, password: str) -> None:
    """Check the password and the new address, then send the confirmation link to it."""
    if not user.check_password(password):
        raise DomainError(_("Mot de passe incorrect."), code="wrong_password", field="password")
    new_email = new_email.strip().lower()
    try:
        validate_email(new_email)
    except ValidationError:
        raise DomainError(_("Saisissez une adresse e-mail valide."), code="invalid_email",
                          field="new_email") from None
    if new_email == user.email.lower():
        raise DomainError(_("C'est déjà votre adresse."), code="same_email", field="new_email")
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise _refused_address()
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"user": user.pk, "new": new_email, "old": user.email})
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = gettext_now("Confirmez votre nouvelle adresse e-mail")
        body = gettext_now(
            "Bonjour,\n\nPour que Décidons utilise désormais cette adresse, suivez ce lien "
            "dans les deux jours :\n\n{link}\n\nSi vous n'avez rien demandé, ignorez ce "
            "message : rien ne changera.").format(link=absolute_url(email_change_path(token)))
    transactional_email_enqueue(
        recipient=user, kind="account_email_change", subject=subject, body=body,
        address=new_email,
        dedupe_key=f"account.email_change:{user.pk}:{timezone.now().isoformat()}")
    audit_record(verb="account.email_change_requested", actor=user, target=user)


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Set the new address from a valid link (two days, once); tell the old address."""
    invalid = DomainError(_("Ce lien n'est plus valable : demandez un nouveau changement "
                            "d'adresse depuis votre compte."), code="link_invalid")
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=LINK_MAX_AGE)
        user = User.objects.select_for_update().get(pk=payload["user"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        raise invalid from None
    old, new = payload.get("old"), payload.get("new")
    if not isinstance(new, str) or user.email != old:
        raise invalid
    if User.objects.filter(email__iexact=new).exclude(pk=user.pk).exists():
        raise _refused_address()
    user.email = new
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        raise _refused_address() from None
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = gettext_now("Votre adresse e-mail Décidons a changé")
        body = gettext_now(
            "Bonjour,\n\nL'adresse e-mail de votre compte Décidons vient d'être remplacée par "
            "une autre. Si ce n'est pas vous, contactez la mairie au plus vite.")
    transactional_email_enqueue(
        recipient=user, kind="account_email_changed", subject=subject, body=body, address=old,
        dedupe_key=f"account.email_changed:{user.pk}:{timezone.now().isoformat()}")
    audit_record(verb="account.email_changed", actor=user, target=user)
    return user

"""The town's staff and their roles, run by the administrators from the site: invite a
person with a role, grant and revoke roles, each audited."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.conf import decidons_setting
from civic.errors import Conflict, DomainError, NotPermitted
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import transactional_email_enqueue
from civic.text import clean_text

# The roles an administrator hands out (a resident is one by registering, not by a grant).
GRANTABLE = (roles.Role.CLERK, roles.Role.MODERATOR, roles.Role.COUNCILLOR,
             roles.Role.ADMINISTRATOR)


def _ensure_administrator(actor: User) -> None:
    if not roles.has_role(actor, roles.Role.ADMINISTRATOR):
        raise NotPermitted(_("Réservé aux administrateurs."))


def _role(value: str) -> roles.Role:
    if value not in {role.value for role in GRANTABLE}:
        raise DomainError(_("Rôle inconnu."), code="invalid_role", field="role")
    return roles.Role(value)


@transaction.atomic
def staff_invite(*, email: str, first_name: str, last_name: str, role: str,
                 actor: User) -> User:
    """Create a staff account with its role and e-mail the person a link to choose her
    password (the outbox sends it after commit). An address already known gets the role."""
    _ensure_administrator(actor)
    granted = _role(role)
    address = User.objects.normalize_email(clean_text(email, field="email", max_length=254,
                                                      multiline=False)).lower()
    if "@" not in address:
        raise DomainError(_("Adresse e-mail invalide."), code="invalid_email", field="email")
    existing = User.objects.filter(email__iexact=address).first()
    if existing is not None:
        staff_role_grant(user=existing, role=granted, actor=actor)
        return existing
    first = clean_text(first_name, field="first_name", max_length=150, multiline=False)
    last = clean_text(last_name, field="last_name", max_length=150, multiline=False)
    if not first or not last:
        raise DomainError(_("Indiquez le prénom et le nom."), code="empty",
                          field="first_name" if not first else "last_name")
    user = User.objects.create_user(address, first_name=first, last_name=last)
    roles.grant_role(user, granted)
    audit_record(verb="staff.invited", actor=actor, target=user, data={"role": granted.value})
    _send_invitation(user, granted)
    return user


def _send_invitation(user: User, role: roles.Role) -> None:
    link = page_url("frontend:password_reset_confirm",
                    uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
                    token=default_token_generator.make_token(user))
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = gettext_now("Votre compte d'agent sur Décidons")
        body = gettext_now(
            "Bonjour {name},\n\nLa ville de {town} vous a ouvert un compte sur Décidons, avec "
            "le rôle « {role} ». Choisissez votre mot de passe en suivant ce lien :\n\n{link}\n"
        ).format(name=user.get_full_name(), town=decidons_setting("TOWN_NAME"),
                 role=roles.ROLE_LABELS[role], link=f"{settings.SITE_URL}{link}")
    transactional_email_enqueue(
        recipient=user, kind="staff_invitation", subject=subject, body=body,
        dedupe_key=f"staff.invitation:{user.pk}:{timezone.now().isoformat()}")


@transaction.atomic
def staff_role_grant(*, user: User, role: str, actor: User) -> User:
    _ensure_administrator(actor)
    granted = _role(role)
    if user.groups.filter(name=granted.value).exists():
        raise Conflict(_("Cette personne a déjà ce rôle."), code="already_granted", field="role")
    roles.grant_role(user, granted)
    audit_record(verb="staff.role_granted", actor=actor, target=user,
                 data={"role": granted.value})
    return user


@transaction.atomic
def staff_role_revoke(*, user: User, role: str, actor: User) -> User:
    _ensure_administrator(actor)
    revoked = _role(role)
    if user.pk == actor.pk and revoked == roles.Role.ADMINISTRATOR:
        raise DomainError(_("Vous ne pouvez pas retirer votre propre rôle d'administrateur."),
                          code="own_administrator", field="role")
    if not user.groups.filter(name=revoked.value).exists():
        raise Conflict(_("Cette personne n'a pas ce rôle."), code="not_granted", field="role")
    roles.revoke_role(user, revoked)
    audit_record(verb="staff.role_revoked", actor=actor, target=user,
                 data={"role": revoked.value})
    return user

"""Resident accounts: registration and verification (at a counter, from a roll, by document)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.errors import Conflict, InvalidTransition, NotPermitted
from civic.models import Neighbourhood, Resident, User
from civic.models.user import VerificationMethod, VerificationStatus
from civic.services.audit import audit_record


@transaction.atomic
def resident_register(
    *,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    neighbourhood: Neighbourhood | None,
    date_of_birth: date | None,
    postal_address: str = "",
    preferred_language: str = "fr",
    registered_by: User | None = None,
) -> Resident:
    """Create an account and its (unverified) resident profile."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, first_name=first_name, last_name=last_name,
                preferred_language=preferred_language,
            )
    except IntegrityError:
        raise Conflict(_("Un compte existe déjà avec cette adresse."), code="email_taken",
                       field="email") from None
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    resident = Resident.objects.create(
        user=user, neighbourhood=neighbourhood, date_of_birth=date_of_birth,
        postal_address=postal_address,
    )
    roles.grant_role(user, roles.Role.RESIDENT)
    audit_record(verb="resident.registered", actor=registered_by or user, target=resident,
                 data={"assisted": registered_by is not None})
    return resident


@transaction.atomic
def resident_verify(*, resident: Resident, method: str, verified_by: User) -> Resident:
    """Mark a resident as verified (clerks), recording how and by whom."""
    if not roles.is_staff_member(verified_by):
        raise NotPermitted(_("Seuls les agents peuvent vérifier un habitant."))
    if method not in VerificationMethod.values:
        raise InvalidTransition(_("Méthode de vérification inconnue."), code="invalid_method")
    now = timezone.now()
    updated = Resident.objects.filter(pk=resident.pk).exclude(
        verification_status=VerificationStatus.VERIFIED
    ).update(verification_status=VerificationStatus.VERIFIED, verification_method=method,
             verified_by=verified_by, verified_at=now)
    if not updated:
        raise InvalidTransition(_("Cet habitant est déjà vérifié."), code="already_verified")
    resident.refresh_from_db()
    audit_record(verb="resident.verified", actor=verified_by, target=resident,
                 data={"method": method})
    return resident


@transaction.atomic
def resident_verification_revoke(*, resident: Resident, revoked_by: User, reason: str) -> Resident:
    """Withdraw a verification found to be wrong (clerks)."""
    if not roles.is_staff_member(revoked_by):
        raise NotPermitted(_("Seuls les agents peuvent retirer une vérification."))
    updated = Resident.objects.filter(
        pk=resident.pk, verification_status=VerificationStatus.VERIFIED
    ).update(verification_status=VerificationStatus.REVOKED)
    if not updated:
        raise InvalidTransition(_("Cet habitant n'est pas vérifié."), code="not_verified")
    resident.refresh_from_db()
    audit_record(verb="resident.verification_revoked", actor=revoked_by, target=resident,
                 data={"reason": reason})
    return resident

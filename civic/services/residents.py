"""Resident accounts: registration and verification (at a counter, from a roll, by document,
or by the platform from FranceConnect or a letter code matched to the electoral roll).

One person, one verified resident. Each resident carries an identity key (civic.identity):
normalised names, birth date and, once a clerk enters it from the identity document, the
birthplace. A partial unique constraint allows one verified resident per key; since a key
without a birthplace must not let a second account through when the other one has it,
verification also refuses a verified namesake whenever either birthplace is unknown. Only two
known, different birthplaces tell true namesakes apart.

The key of a verified resident stands for the identity a clerk checked: a later change of
the account's display name (a usage name) leaves it as it was, so renaming an account never
frees its identity for a second one.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import identity, roles, selectors
from civic.backfill import identity_backfill
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import Neighbourhood, Resident, User
from civic.models.user import (
    CLERK_VERIFICATION_METHODS,
    VerificationMethod,
    VerificationStatus,
)
from civic.services.audit import audit_record
from civic.text import clean_text


class IdentityDuplicate(Conflict):
    """Verifying would give one person a second verified account."""

    code = "identity_duplicate"


class NamesakeFound(Conflict):
    """A clerk is registering someone whose names and birth date are already known."""

    code = "namesake_found"

    def __init__(self, *, namesakes: list[Resident]) -> None:
        first = namesakes[0]
        super().__init__(
            _("{name} ({neighbourhood}, {status}) a déjà les mêmes nom, prénom et date de "
              "naissance. Vérifiez qu'il ne s'agit pas de la même personne avant de "
              "l'inscrire.").format(**_described(first)),
            **_existing(first), namesakes_count=len(namesakes))
        self.namesakes = namesakes


class SameClerk(NotPermitted):
    """Four eyes: the clerk who registered an account does not verify it."""

    code = "same_clerk"
    default_message = _("Vous avez inscrit cette personne : un autre agent doit vérifier son "
                        "identité.")


def resident_url(resident: Resident) -> str:
    return page_url("counter:resident", pk=resident.pk)


def _described(resident: Resident) -> dict[str, str]:
    return {
        "name": resident.user.get_full_name() or resident.user.email,
        "neighbourhood": resident.neighbourhood.name if resident.neighbourhood else "—",
        "status": resident.get_verification_status_display(),
    }


def _existing(resident: Resident) -> dict[str, Any]:
    """The scalar details the API returns about the resident a refusal names."""
    return {"existing_id": resident.pk, "existing_name": _described(resident)["name"],
            "existing_neighbourhood": resident.neighbourhood.code if resident.neighbourhood
            else "", "existing_status": resident.verification_status,
            "existing_url": resident_url(resident)}


def _duplicate_of(existing: Resident) -> IdentityDuplicate:
    return IdentityDuplicate(
        _("Cette personne est déjà vérifiée : {name} ({neighbourhood}, fiche n° {number}). "
          "Une personne n'a qu'un compte vérifié. Si c'est bien elle, fusionnez les deux "
          "fiches ; si ce sont deux personnes, saisissez leurs deux lieux de naissance "
          "d'après les pièces d'identité.").format(number=existing.pk,
                                                  **_described(existing)),
        **_existing(existing))


def ensure_plausible_birth_date(value: date | None) -> None:
    """Refuse a birth date in the future or before civic.limits.MIN_BIRTH_YEAR."""
    problem = identity.birth_date_problem(value) if value is not None else None
    if problem:
        raise DomainError(problem, code="implausible_birth_date", field="date_of_birth")


def _clean_birthplace(value: str) -> str:
    return clean_text(value, field="birthplace", max_length=150, multiline=False)


def _key_from_names(resident: Resident, birthplace: str) -> str | None:
    return identity.identity_key(
        first_name=resident.user.first_name, last_name=resident.user.last_name,
        date_of_birth=resident.date_of_birth, birthplace=birthplace)


def _lock_identity(key: str) -> None:
    """Serialise the checks of one names-and-birth-date prefix until commit.

    The unique constraint settles two verifications of the very same key; this lock also
    settles a key with a birthplace racing one without (PostgreSQL; SQLite runs one writer
    at a time anyway).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                           [key.rsplit(identity.SEPARATOR, 1)[0]])


def _ensure_unique_identity(*, resident: Resident, key: str) -> None:
    """Refuse when another verified resident may be the same person (see module doc)."""
    prefix = key[: key.rindex(identity.SEPARATOR) + 1]
    others = Resident.objects.filter(verification_status=VerificationStatus.VERIFIED,
                                     identity_key__startswith=prefix).exclude(pk=resident.pk)
    if identity.birthplace_of(key):
        others = others.filter(Q(identity_key=key) | Q(identity_key=prefix))
    existing = others.select_related("user", "neighbourhood").order_by("pk").first()
    if existing is not None:
        raise _duplicate_of(existing)


def _first_namesake(resident: Resident) -> Resident | None:
    """The resident with the same names and birth date to flag an account against, if any."""
    return selectors.resident_list_namesakes(
        first_name=resident.user.first_name, last_name=resident.user.last_name,
        date_of_birth=resident.date_of_birth, exclude=resident).first()


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
    birthplace: str = "",
    registered_by: User | None = None,
) -> Resident:
    """Create an account and its (unverified) resident profile.

    An account with the names and birth date of an existing resident is registered all the
    same and flagged for the clerks as a possible duplicate: a person signing up is never
    told that someone else has those names (the counter warns the clerk beforehand).
    """
    ensure_plausible_birth_date(date_of_birth)
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
    resident = Resident(
        user=user, neighbourhood=neighbourhood, date_of_birth=date_of_birth,
        postal_address=postal_address, birthplace=_clean_birthplace(birthplace),
        registered_by=registered_by,
    )
    resident.identity_key = _key_from_names(resident, resident.birthplace)
    resident.possible_duplicate_of = _first_namesake(resident)
    resident.save(force_insert=True)
    roles.grant_role(user, roles.Role.RESIDENT)
    data: dict[str, object] = {"assisted": registered_by is not None}
    if resident.possible_duplicate_of_id:
        data["possible_duplicate_of"] = resident.possible_duplicate_of_id
    audit_record(verb="resident.registered", actor=registered_by or user, target=resident,
                 data=data)
    return resident


@transaction.atomic
def resident_identity_refresh(*, resident: Resident) -> Resident:
    """After a change of names: recompute an unverified resident's key and duplicate flag.

    A verified resident's key keeps the identity the clerk checked (see module doc).
    """
    if not resident.is_verified and resident.merged_into_id is None:
        resident.identity_key = _key_from_names(resident, resident.birthplace)
        resident.possible_duplicate_of = _first_namesake(resident)
        resident.save(update_fields=["identity_key", "possible_duplicate_of"])
    return resident


def _ensure_verifiable(resident: Resident, verified_by: User) -> None:
    if resident.is_verified:
        raise InvalidTransition(_("Cet habitant est déjà vérifié."), code="already_verified")
    if resident.merged_into_id is not None:
        raise InvalidTransition(_("Cette fiche a été fusionnée avec une autre : vérifiez "
                                  "plutôt celle-ci."), code="merged")
    if resident.registered_by_id is not None and resident.registered_by_id == verified_by.pk:
        raise SameClerk()


@transaction.atomic
def resident_verify(*, resident: Resident, method: str, verified_by: User,
                    birthplace: str | None = None) -> Resident:
    """Mark a resident as verified (clerks), recording how and by whom.

    Four eyes: the clerk who registered the account cannot verify it. A second verified
    account for the same person is refused (`identity_duplicate`). `birthplace`, read on
    the identity document, is stored with the verification when given.
    """
    if not roles.is_staff_member(verified_by):
        raise NotPermitted(_("Seuls les agents peuvent vérifier un habitant."))
    if method not in CLERK_VERIFICATION_METHODS:
        raise InvalidTransition(_("Méthode de vérification inconnue."), code="invalid_method")
    resident = Resident.objects.select_related("user").get(pk=resident.pk)
    _ensure_verifiable(resident, verified_by)
    place = resident.birthplace if birthplace is None else _clean_birthplace(birthplace)
    resident = _mark_verified(resident=resident, method=method, verified_by=verified_by,
                              place=place, updates={})
    data: dict[str, object] = {"method": method}
    if birthplace is not None:
        data["fields"] = ["birthplace"]
    audit_record(verb="resident.verified", actor=verified_by, target=resident, data=data)
    return resident


@transaction.atomic
def resident_verify_residence(*, resident: Resident, method: str, birthplace: str,
                              neighbourhood: Neighbourhood, postal_address: str,
                              evidence: dict[str, object]) -> Resident:
    """Verify a resident from evidence the platform checked itself, without a clerk.

    `method` is FranceConnect (an identity FranceConnect vouched for, matched to one entry
    of the electoral roll) or a letter (a code posted to the roll's address, typed back).
    The resident then lives in town, in the roll's neighbourhood, at the roll's address;
    the roll's birthplace completes the identity key. The one-person-one-account rules are
    the clerks' ones (`identity_duplicate`); `evidence` (ids of the roll entry, the link or
    the letter) goes to the audit entry.
    """
    if method not in (VerificationMethod.FRANCECONNECT, VerificationMethod.LETTER):
        raise InvalidTransition(_("Méthode de vérification inconnue."), code="invalid_method")
    resident = Resident.objects.select_related("user").get(pk=resident.pk)
    if resident.is_verified:
        raise InvalidTransition(_("Cet habitant est déjà vérifié."), code="already_verified")
    if resident.merged_into_id is not None:
        raise InvalidTransition(_("Cette fiche a été fusionnée avec une autre."), code="merged")
    resident = _mark_verified(
        resident=resident, method=method, verified_by=None,
        place=_clean_birthplace(birthplace),
        updates={"neighbourhood": neighbourhood, "lives_in_town": True,
                 "postal_address": postal_address})
    audit_record(verb="resident.verified", actor=resident.user, target=resident,
                 data={"method": method, **evidence})
    return resident


def _mark_verified(*, resident: Resident, method: str, verified_by: User | None, place: str,
                   updates: dict[str, object]) -> Resident:
    """The verification itself, whoever checked: one verified account per identity key."""
    key = _key_from_names(resident, place)
    if key is None:
        raise DomainError(_("Indiquez le nom et la date de naissance de la personne avant de "
                            "la vérifier."), code="identity_incomplete")
    _lock_identity(key)
    _ensure_unique_identity(resident=resident, key=key)
    try:
        with transaction.atomic():
            updated = Resident.objects.filter(pk=resident.pk).exclude(
                verification_status=VerificationStatus.VERIFIED
            ).update(verification_status=VerificationStatus.VERIFIED, verification_method=method,
                     verified_by=verified_by, verified_at=timezone.now(), birthplace=place,
                     identity_key=key, possible_duplicate_of=None, **updates)
    except IntegrityError:
        # Lost a race against the verification of another account with this very key.
        existing = Resident.objects.select_related("user", "neighbourhood").filter(
            verification_status=VerificationStatus.VERIFIED, identity_key=key).first()
        if existing is None:
            raise
        raise _duplicate_of(existing) from None
    if not updated:
        raise InvalidTransition(_("Cet habitant est déjà vérifié."), code="already_verified")
    resident.refresh_from_db()
    return resident


@transaction.atomic
def resident_birthplace_set(*, resident: Resident, birthplace: str, clerk: User) -> Resident:
    """Enter a resident's birthplace from their identity document (clerks; audited).

    This is what lets two true namesakes both be verified.
    """
    if not roles.is_staff_member(clerk):
        raise NotPermitted(_("Seuls les agents peuvent compléter l'identité d'un habitant."))
    resident = Resident.objects.select_related("user").get(pk=resident.pk)
    place = _clean_birthplace(birthplace)
    if resident.is_verified and resident.identity_key:
        # The checked identity stays; only its birthplace changes.
        prefix = resident.identity_key[: resident.identity_key.rindex(identity.SEPARATOR) + 1]
        key: str | None = prefix + identity.normalise(place)
    else:
        key = _key_from_names(resident, place)
    if resident.is_verified and key is not None:
        _lock_identity(key)
        _ensure_unique_identity(resident=resident, key=key)
    Resident.objects.filter(pk=resident.pk).update(birthplace=place, identity_key=key)
    resident.refresh_from_db()
    audit_record(verb="resident.identity_completed", actor=clerk, target=resident,
                 data={"fields": ["birthplace"]})
    return resident


@transaction.atomic
def resident_identity_backfill() -> dict[str, int]:
    """Give their identity key to residents written without one (bulk imports, demo data),
    flagging those who share names and birth date with another resident (civic.backfill)."""
    counts = identity_backfill(Resident)
    if any(counts.values()):
        audit_record(verb="resident.identity_backfilled", actor=None, target=None, data=counts)
    return counts


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

"""Signing in with FranceConnect, linking it to an account, and verifying through the roll.

One person, one account, whichever way they come in (docs/identity.md):
- a FranceConnect identity already linked logs in to its account;
- otherwise the pivot identity is reconciled with the verified accounts the way the clerks'
  rules compare identities: names and birth date, then birthplace (the roll's, when the
  identity matches one entry). An account with the very same full identity key is the
  same person: FranceConnect is linked to it. Any other verified namesake whose birthplace
  is unknown, on either side, cannot be told apart: nothing is created and the person is
  asked to log in to that account and link FranceConnect from it, or to see a clerk;
- an address already used by an account is never linked by e-mail alone (that would let
  whoever controls an e-mail account take over another's): the person logs in first;
- otherwise a new account is opened with the pivot identity (birth name, first given name).
Then an unverified resident matched to exactly one unclaimed roll entry is verified there.
Staff accounts never sign in with FranceConnect: their login has safeguards of its own.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import identity, roles
from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import Resident, User
from civic.models.user import VerificationMethod
from civic.services.assisted import placeholder_email
from civic.services.audit import audit_record
from civic.services.residents import resident_identity_refresh, resident_register
from civic.text import clean_text
from verification import selectors
from verification.franceconnect import PivotIdentity
from verification.models import FranceConnectLink, RollEntry
from verification.roll_format import prefix_of
from verification.services.residence import verify_from_roll_entry
from verification.services.roll import RollAlreadyClaimed


class Verification:
    """What became of the resident's verification after signing in (shown on the page)."""

    VERIFIED = "verified"
    ALREADY = "already"
    NOT_ON_ROLL = "not_on_roll"
    AMBIGUOUS = "ambiguous"
    CLAIMED = "claimed"
    DUPLICATE = "duplicate"
    NO_PROFILE = "no_profile"


@dataclass(frozen=True)
class SignIn:
    user: User
    created: bool
    linked: bool
    verification: str


def _ensure_not_staff(user: User) -> None:
    if user.is_staff or user.is_superuser or roles.roles_of(user) - {roles.Role.RESIDENT}:
        raise NotPermitted(_("Les comptes des agents et des élus ne se connectent pas avec "
                             "FranceConnect : utilisez votre adresse e-mail et votre mot de "
                             "passe."), code="franceconnect_staff")


def _snapshot(person: PivotIdentity) -> dict[str, object]:
    return {"family_name": person.family_name[:150], "given_names": person.given_names[:200],
            "preferred_name": person.preferred_name[:150], "birthdate": person.birthdate,
            "gender": person.gender[:16], "birthplace_code": person.birthplace_code[:5],
            "birthcountry_code": person.birthcountry_code[:5]}


def _link(*, user: User, person: PivotIdentity, automatic: bool) -> FranceConnectLink:
    link = FranceConnectLink.objects.create(user=user, sub=person.sub,
                                            last_login_at=timezone.now(), **_snapshot(person))
    audit_record(verb="franceconnect.linked", actor=user, target=user,
                 data={"automatic": automatic})
    return link


def _prefixes(person: PivotIdentity) -> set[str]:
    """Names-and-birth-date prefixes the person may be known under (birth or usage name)."""
    found = {prefix_of(family=person.family_name, given_names=person.given_names,
                       born=person.birthdate)}
    if person.preferred_name:
        found.add(prefix_of(family=person.preferred_name, given_names=person.given_names,
                            born=person.birthdate))
    return found - {""}


def _ensure_same_person(resident: Resident, person: PivotIdentity) -> None:
    """A verified account links only to the identity its key was checked for."""
    key = resident.identity_key or ""
    if not any(key.startswith(prefix) for prefix in _prefixes(person)):
        raise Conflict(_("L'identité transmise par FranceConnect ne correspond pas à celle de "
                         "ce compte vérifié (nom, prénom, date de naissance). Si votre état "
                         "civil a changé, présentez-vous au guichet."),
                       code="franceconnect_identity_mismatch")


def _adopt_identity(resident: Resident, person: PivotIdentity) -> None:
    """An unverified account takes the names FranceConnect vouches for (they were typed)."""
    user = resident.user
    user.first_name = clean_text(person.first_given_name, field="first_name", max_length=150,
                                 multiline=False)
    user.last_name = clean_text(person.family_name, field="last_name", max_length=150,
                                multiline=False)
    user.save(update_fields=["first_name", "last_name"])
    Resident.objects.filter(pk=resident.pk).update(date_of_birth=person.birthdate)
    resident.refresh_from_db()
    resident_identity_refresh(resident=resident)


def _link_to_current(user: User, person: PivotIdentity) -> FranceConnectLink:
    _ensure_not_staff(user)
    if FranceConnectLink.objects.filter(user=user).exists():
        raise Conflict(_("Ce compte est déjà lié à une autre identité FranceConnect."),
                       code="franceconnect_already_linked")
    resident = getattr(user, "resident", None)
    if resident is not None and resident.is_verified:
        _ensure_same_person(resident, person)
    elif resident is not None:
        _adopt_identity(resident, person)
    return _link(user=user, person=person, automatic=False)


def _reconcile(person: PivotIdentity, entry: RollEntry | None) -> User | None:
    """The verified account that is this person (see module doc), or None if there is none."""
    place = identity.normalise(entry.birthplace) if entry else ""
    for prefix in _prefixes(person):
        for other in selectors.verified_namesakes(prefix=prefix):
            known = identity.birthplace_of(other.identity_key or "")
            if known and place and known != place:
                continue  # two known, different birthplaces: two people
            if (known and place and not hasattr(other.user, "franceconnect_link")
                    and other.user.is_active):
                _ensure_not_staff(other.user)
                _link(user=other.user, person=person, automatic=True)
                return other.user
            raise Conflict(_("Un compte vérifié existe déjà à votre nom. Connectez-vous à ce "
                             "compte avec votre adresse e-mail et votre mot de passe, puis "
                             "choisissez « Lier FranceConnect » dans « Mon compte » ; sans "
                             "adresse e-mail, présentez-vous au guichet."),
                           code="franceconnect_account_exists")
    return None


def _open_account(person: PivotIdentity, entry: RollEntry | None) -> User:
    if person.email and User.objects.filter(email__iexact=person.email).exists():
        raise Conflict(_("Un compte Décidons utilise déjà l'adresse {email}. Connectez-vous "
                         "avec cette adresse et votre mot de passe, puis choisissez « Lier "
                         "FranceConnect » dans « Mon compte ».").format(email=person.email),
                       code="franceconnect_email_taken")
    resident = resident_register(
        email=person.email or placeholder_email(), password=None,
        first_name=person.first_given_name, last_name=person.family_name, neighbourhood=None,
        date_of_birth=person.birthdate, birthplace=entry.birthplace if entry else "")
    _link(user=resident.user, person=person, automatic=False)
    return resident.user


def _verify(user: User, person: PivotIdentity, link: FranceConnectLink | None) -> str:
    resident = Resident.objects.filter(user=user).select_related("user").first()
    if resident is None:
        return Verification.NO_PROFILE
    if resident.is_verified:
        return Verification.ALREADY
    entries = selectors.roll_entries_for_identity(person=person)
    if not entries:
        return Verification.NOT_ON_ROLL
    if len(entries) > 1:
        return Verification.AMBIGUOUS
    try:
        verify_from_roll_entry(resident=resident, entry=entries[0],
                               method=VerificationMethod.FRANCECONNECT,
                               evidence={"franceconnect_link": link.pk if link else None})
    except RollAlreadyClaimed:
        return Verification.CLAIMED
    except DomainError:
        return Verification.DUPLICATE
    return Verification.VERIFIED


@transaction.atomic
def franceconnect_sign_in(*, person: PivotIdentity, link_to: User | None = None) -> SignIn:
    """Log in (or open an account) with a FranceConnect identity, or link it to `link_to`,
    the account the person was logged in to when they asked for the link."""
    link = FranceConnectLink.objects.select_related("user").filter(sub=person.sub).first()
    created = linked = False
    if link_to is not None:
        if link is not None and link.user_id != link_to.pk:
            raise Conflict(_("Cette identité FranceConnect est déjà liée à un autre compte "
                             "Décidons."), code="franceconnect_linked_elsewhere")
        if link is None:
            link, linked = _link_to_current(link_to, person), True
        user = link_to
    elif link is not None:
        user = link.user
        if not user.is_active:
            raise Conflict(_("Le compte lié à cette identité FranceConnect est fermé."),
                           code="franceconnect_account_closed")
        _ensure_not_staff(user)
    else:
        entries = selectors.roll_entries_for_identity(person=person)
        entry = entries[0] if len(entries) == 1 else None
        reconciled = _reconcile(person, entry)
        if reconciled is not None:
            user, linked = reconciled, True
        else:
            user, created = _open_account(person, entry), True
        link = FranceConnectLink.objects.get(sub=person.sub)
    FranceConnectLink.objects.filter(pk=link.pk).update(last_login_at=timezone.now(),
                                                        **_snapshot(person))
    return SignIn(user=user, created=created, linked=linked,
                  verification=_verify(user, person, link))

"""Reads of self-service verification: finding a person on the roll, the clerks' queues."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from civic import identity
from civic.models import Resident
from civic.models.user import VerificationStatus
from verification.franceconnect import PivotIdentity
from verification.models import AddressProof, Letter, LetterBatch, RollEntry, RollImport
from verification.roll_format import prefix_of

# FranceConnect's `gender` → the roll's `sexe`.
_SEX = {"female": "F", "male": "M"}
FRANCE = "99100"


def roll_import_latest() -> RollImport | None:
    return RollImport.objects.select_related("imported_by").first()


def roll_entry_count() -> int:
    return RollEntry.objects.count()


def roll_entries_for_resident(*, resident: Resident) -> QuerySet[RollEntry]:
    """Entries with the account's names and birth date (under the birth or the usage name)."""
    user = resident.user
    prefix = identity.namesake_prefix(first_name=user.first_name, last_name=user.last_name,
                                      date_of_birth=resident.date_of_birth)
    if prefix is None:
        return RollEntry.objects.none()
    return (RollEntry.objects.filter(Q(birth_prefix=prefix) | Q(usage_prefix=prefix))
            .select_related("neighbourhood", "claim").order_by("pk"))


def roll_entries_for_identity(*, person: PivotIdentity) -> list[RollEntry]:
    """Entries that may be the person FranceConnect vouched for.

    Names and birth date must match (the birth name, as FranceConnect gives it); the place
    of birth (INSEE code of the commune, or of the country for those born abroad) and the
    sex, where both sides know them, must too.
    """
    prefix = prefix_of(family=person.family_name, given_names=person.given_names,
                       born=person.birthdate)
    if not prefix:
        return []
    place = person.birthplace_code or (
        person.birthcountry_code if person.birthcountry_code not in ("", FRANCE) else "")
    sex = _SEX.get(person.gender, "")
    found = []
    for entry in (RollEntry.objects.filter(birth_prefix=prefix)
                  .select_related("neighbourhood", "claim").order_by("pk")):
        if place and entry.birthplace_code and entry.birthplace_code != place:
            continue
        if sex and entry.sex and entry.sex != sex:
            continue
        found.append(entry)
    return found


def verified_namesakes(*, prefix: str) -> QuerySet[Resident]:
    """Verified residents whose identity key starts with `prefix` (names and birth date)."""
    return (Resident.objects.filter(verification_status=VerificationStatus.VERIFIED,
                                    identity_key__startswith=prefix)
            .select_related("user").order_by("pk"))


def letter_open_for(*, resident: Resident) -> Letter | None:
    return Letter.objects.filter(resident=resident, status__in=[
        Letter.Status.REQUESTED, Letter.Status.PRINTED]).select_related("entry").first()


def letter_list_to_print() -> QuerySet[Letter]:
    return (Letter.objects.filter(status=Letter.Status.REQUESTED)
            .select_related("resident__user").order_by("requested_at", "pk"))


def letter_batch_list() -> QuerySet[LetterBatch]:
    return (LetterBatch.objects.select_related("printed_by")
            .annotate(waiting=Count("letters", filter=Q(
                letters__status=Letter.Status.PRINTED,
                letters__expires_at__gt=timezone.now()))))


def address_proof_pending_for(*, resident: Resident) -> AddressProof | None:
    return AddressProof.objects.filter(resident=resident,
                                       status=AddressProof.Status.PENDING).first()


def address_proof_list_pending() -> QuerySet[AddressProof]:
    """The clerks' queue: oldest first."""
    return (AddressProof.objects.filter(status=AddressProof.Status.PENDING)
            .select_related("resident__user", "neighbourhood").order_by("submitted_at", "pk"))


def address_proof_latest_for(*, resident: Resident) -> AddressProof | None:
    return (AddressProof.objects.filter(resident=resident)
            .order_by("-submitted_at", "-pk").first())

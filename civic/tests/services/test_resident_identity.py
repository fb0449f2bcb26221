"""Identity keys, namesakes and the verification rules built on them."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from civic import identity
from civic.models import AuditEntry, Resident
from civic.models.user import VerificationStatus
from civic.services.accounts import account_profile_update
from civic.services.audit import audit_record
from civic.services.personal_data import account_erase
from civic.services.residents import (
    IdentityDuplicate,
    SameClerk,
    resident_birthplace_set,
    resident_identity_backfill,
    resident_register,
    resident_verify,
)
from civic.tests.factories import ResidentFactory, staff_user

pytestmark = pytest.mark.django_db

BORN = date(1985, 6, 15)


def _key(first: str, last: str, birthplace: str = "") -> str | None:
    return identity.identity_key(first_name=first, last_name=last, date_of_birth=BORN,
                                 birthplace=birthplace)


def test_accents_case_hyphens_apostrophes_and_spaces_do_not_change_the_key():
    # given the same person typed in different ways
    # when their keys are computed
    # then they are the same
    assert _key("Élodie ", "MARTIN-Durand") == _key("elodie", "martin  durand")
    assert _key("Anne-Sophie", "D'Artagnan") == _key("anne sophie", "d’artagnan")
    assert _key("Noël", "Lœuillet") == _key("NOEL", "Loeuillet")
    assert _key("Élodie", "Martin", "Alès") == _key("elodie", "martin", "ALES")


def test_given_and_family_names_are_not_interchangeable_and_no_birth_date_gives_no_key():
    # given names swapped between the fields, or no birth date
    # then the keys differ, and nothing is compared without a birth date
    assert _key("Martin", "Paul") != _key("Paul", "Martin")
    assert identity.identity_key(first_name="Paul", last_name="Martin",
                                 date_of_birth=None) is None


def _person(neighbourhood, *, first="Élodie", last="Martin-Durand", **extra):
    return ResidentFactory(neighbourhood=neighbourhood, user__first_name=first,
                           user__last_name=last, date_of_birth=BORN, **extra)


def test_registering_a_namesake_flags_it_and_verifying_the_other_person_clears_the_flag(
        neighbourhood, clerk):
    # given a verified resident born in Alès
    existing = _person(neighbourhood, birthplace="Alès")
    # when a namesake signs up, then a clerk verifies them as born in Nîmes
    namesake = resident_register(email="autre@exemple.fr", password=None, first_name="ELODIE",
                                 last_name="martin durand", neighbourhood=neighbourhood,
                                 date_of_birth=BORN)
    flagged = namesake.possible_duplicate_of
    verified = resident_verify(resident=namesake, method="document", verified_by=clerk,
                               birthplace="Nîmes")
    # then the account was flagged, and two known, different birthplaces tell them apart
    assert flagged == existing
    assert verified.is_verified and verified.possible_duplicate_of is None
    assert verified.birthplace == "Nîmes"
    assert AuditEntry.objects.get(verb="resident.verified").data == {
        "method": "document", "fields": ["birthplace"]}


@pytest.mark.parametrize(("existing_place", "new_place"), [
    pytest.param("", "", id="both unknown"),
    pytest.param("", "Nîmes", id="existing unknown"),
    pytest.param("Alès", "", id="new unknown"),
    pytest.param("Alès", "ALES", id="same birthplace"),
])
def test_verifying_a_namesake_is_refused_unless_both_birthplaces_are_known_and_differ(
        neighbourhood, clerk, existing_place, new_place):
    # given a verified resident
    existing = _person(neighbourhood, birthplace=existing_place)
    namesake = _person(neighbourhood, first="ELODIE", unverified=True)
    # when a clerk verifies the namesake
    with pytest.raises(IdentityDuplicate) as refused:
        resident_verify(resident=namesake, method="document", verified_by=clerk,
                        birthplace=new_place)
    # then it is refused, naming the verified resident
    assert "Élodie Martin-Durand" in str(refused.value.message)
    assert refused.value.extra["existing_id"] == existing.pk
    namesake.refresh_from_db()
    assert not namesake.is_verified


def test_entering_both_birthplaces_lets_two_true_namesakes_be_verified(neighbourhood, clerk):
    # given a verified resident without a birthplace and an unverified namesake
    existing = _person(neighbourhood)
    namesake = _person(neighbourhood, first="Elodie", unverified=True)
    # when the clerk enters the verified resident's birthplace, then verifies the other
    resident_birthplace_set(resident=existing, birthplace="Alès", clerk=clerk)
    verified = resident_verify(resident=namesake, method="document", verified_by=clerk,
                               birthplace="Nîmes")
    # then both are verified, each with their own key
    existing.refresh_from_db()
    assert verified.is_verified
    assert existing.identity_key != verified.identity_key
    assert AuditEntry.objects.get(verb="resident.identity_completed").data == {
        "fields": ["birthplace"]}


def test_a_birthplace_cannot_be_changed_into_a_clash_with_another_verified_resident(
        neighbourhood, clerk):
    # given two verified namesakes born in Alès and in Nîmes
    _person(neighbourhood, birthplace="Alès")
    other = _person(neighbourhood, first="Elodie", birthplace="Nîmes")
    # when a clerk changes the second one's birthplace to Alès, or empties it
    for place in ("Alès", ""):
        with pytest.raises(IdentityDuplicate):
            resident_birthplace_set(resident=other, birthplace=place, clerk=clerk)
    # then it stays as it was
    other.refresh_from_db()
    assert other.birthplace == "Nîmes"


def test_the_database_refuses_a_second_verified_resident_with_one_key(neighbourhood):
    # given a verified resident and an unverified one with the same key
    existing = _person(neighbourhood)
    namesake = _person(neighbourhood, first="ELODIE", unverified=True)
    assert namesake.identity_key == existing.identity_key
    # when something writes the second one verified past the service
    # then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=namesake.pk).update(
            verification_status=VerificationStatus.VERIFIED, verification_method="counter",
            verified_at=existing.verified_at)


def test_the_clerk_who_registered_an_account_cannot_verify_it(neighbourhood, clerk):
    # given an account a clerk registered
    resident = resident_register(email="x@exemple.fr", password=None, first_name="Paul",
                                 last_name="Fantôme", neighbourhood=neighbourhood,
                                 date_of_birth=BORN, registered_by=clerk)
    # when the same clerk verifies it
    with pytest.raises(SameClerk):
        resident_verify(resident=resident, method="counter", verified_by=clerk)
    # then it stays unverified; another clerk may verify it
    assert not Resident.objects.get(pk=resident.pk).is_verified
    assert resident_verify(resident=resident, method="counter",
                           verified_by=staff_user("clerk")).is_verified


def test_renaming_an_unverified_account_refreshes_its_key_and_flag(neighbourhood):
    # given a verified resident and an unrelated unverified account
    existing = _person(neighbourhood)
    account = resident_register(email="y@exemple.fr", password=None, first_name="Zoé",
                                last_name="Autre", neighbourhood=neighbourhood,
                                date_of_birth=BORN)
    assert account.possible_duplicate_of is None
    # when its owner renames it to the verified resident's names
    account_profile_update(user=account.user, first_name="Élodie", last_name="Martin Durand",
                           postal_address="", preferred_language="fr")
    # then it is flagged as a possible duplicate, with the matching key
    account.refresh_from_db()
    assert account.possible_duplicate_of == existing
    assert account.identity_key == existing.identity_key


def test_renaming_a_verified_account_keeps_the_identity_that_was_checked(neighbourhood, clerk):
    # given a verified resident who takes a usage name
    existing = _person(neighbourhood)
    key = existing.identity_key
    account_profile_update(user=existing.user, first_name="Élodie", last_name="Roux",
                           postal_address=existing.postal_address, preferred_language="fr")
    # when a second account with her birth names is verified
    second = _person(neighbourhood, unverified=True, user__email="bis@exemple.fr")
    # then the renaming did not free her identity
    existing.refresh_from_db()
    assert existing.identity_key == key
    with pytest.raises(IdentityDuplicate):
        resident_verify(resident=second, method="document", verified_by=clerk)


def test_erasing_an_account_removes_its_key_and_birthplace(neighbourhood):
    # given a verified resident with a birthplace
    resident = _person(neighbourhood, birthplace="Alès")
    # when their account is erased
    account_erase(user=resident.user, password="motdepasse-solide-42")
    # then the names-and-birth-date key goes with the birth date
    resident.refresh_from_db()
    assert (resident.identity_key, resident.birthplace, resident.date_of_birth) == (None, "",
                                                                                   None)


def test_the_backfill_keys_old_rows_and_flags_a_second_verified_account(neighbourhood):
    # given rows written before identity keys: two verified accounts of one person, a namesake
    first = _person(neighbourhood, identity_key=None)
    second = _person(neighbourhood, first="ELODIE", identity_key=None)
    waiting = _person(neighbourhood, last="Martin Durand", unverified=True, identity_key=None)
    # when the keys are filled in
    counts = resident_identity_backfill()
    # then the earliest verified account holds the identity; the others point at it
    for row in (first, second, waiting):
        row.refresh_from_db()
    assert first.identity_key == _key("Élodie", "Martin-Durand")
    assert (second.identity_key, second.possible_duplicate_of) == (None, first)
    assert (waiting.identity_key, waiting.possible_duplicate_of) == (first.identity_key, first)
    assert counts == {"keys": 2, "flagged": 2}
    assert resident_identity_backfill() == {"keys": 0, "flagged": 0}


def test_the_migration_reads_who_registered_each_counter_account_from_the_audit_log(
        neighbourhood, clerk):
    # given an account registered at the counter before `registered_by` existed
    resident = _person(neighbourhood, unverified=True, identity_key=None)
    audit_record(verb="resident.registered", actor=clerk, target=resident,
                 data={"assisted": True})
    online = _person(neighbourhood, first="Zoé", unverified=True, identity_key=None)
    audit_record(verb="resident.registered", actor=online.user, target=online,
                 data={"assisted": False})
    # when the migration's data step runs
    migration = importlib.import_module("civic.migrations.0007_resident_identity")
    migration.fill_identity(apps, None)
    # then the clerk is recorded as having registered it, and the key is filled
    resident.refresh_from_db()
    online.refresh_from_db()
    assert resident.registered_by == clerk
    assert online.registered_by is None
    assert resident.identity_key == _key("Élodie", "Martin-Durand")

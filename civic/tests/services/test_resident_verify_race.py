"""Two clerks verifying two accounts of one person at the same moment (PostgreSQL, threads)."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from civic.models import Resident
from civic.models.user import VerificationStatus
from civic.tests.factories import ResidentFactory, staff_user
from tests.reliability.support import post_as, race

pytestmark = [pytest.mark.django_db(transaction=True)]

BORN = date(1985, 6, 15)


def _accounts(neighbourhood, count):
    return [ResidentFactory(neighbourhood=neighbourhood, unverified=True,
                            user__first_name="Élodie" if n % 2 else "ELODIE",
                            user__last_name="Martin-Durand", date_of_birth=BORN)
            for n in range(count)]


def test_simultaneous_verifications_of_one_persons_accounts_verify_exactly_one(
        postgres_only, neighbourhood):
    # given six accounts of one person and six clerks
    accounts = _accounts(neighbourhood, 6)
    clerks = [staff_user("clerk") for _ in accounts]
    # when each clerk verifies one account at the same moment
    outcomes = race(lambda pair: post_as(pair[0], f"/api/v1/residents/{pair[1].pk}/verify/",
                                         {"method": "document"}),
                    list(zip(clerks, accounts, strict=True)))
    # then one verification succeeds, the others are refused as duplicates
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sorted(status for status, _body in outcomes) == [200] + [409] * 5
    assert {body["code"] for status, body in outcomes if status == 409} == {
        "identity_duplicate"}
    assert Resident.objects.filter(verification_status=VerificationStatus.VERIFIED).count() == 1


def test_a_verification_with_a_birthplace_racing_one_without_verifies_exactly_one(
        postgres_only, neighbourhood):
    # given two accounts of one person, one verified with a birthplace, one without
    first, second = _accounts(neighbourhood, 2)
    calls = [(staff_user("clerk"), first, {"method": "document", "birthplace": "Alès"}),
             (staff_user("clerk"), second, {"method": "document"})]
    # when both verifications arrive at once (their keys differ: the constraint alone
    # would let both through)
    outcomes = race(lambda c: post_as(c[0], f"/api/v1/residents/{c[1].pk}/verify/", c[2]),
                    calls)
    # then exactly one is verified
    assert sorted(status for status, _body in outcomes) == [200, 409]
    assert Resident.objects.filter(verification_status=VerificationStatus.VERIFIED).count() == 1


def test_the_database_alone_keeps_one_verified_row_per_key_under_concurrent_writes(
        postgres_only, neighbourhood):
    # given four accounts of one person, all with the same identity key
    accounts = _accounts(neighbourhood, 4)
    assert len({a.identity_key for a in accounts}) == 1

    def verify_directly(account):
        # Past every service check: only the partial unique constraint stands in the way.
        with transaction.atomic():
            return Resident.objects.filter(pk=account.pk).update(
                verification_status=VerificationStatus.VERIFIED, verification_method="counter",
                verified_at=timezone.now())

    # when the four writes race
    outcomes = race(verify_directly, accounts)
    # then one row was written verified, the other writes failed on the constraint
    assert sorted(type(o).__name__ for o in outcomes) == ["IntegrityError"] * 3 + ["int"]
    assert Resident.objects.filter(verification_status=VerificationStatus.VERIFIED).count() == 1

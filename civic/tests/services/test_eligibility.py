from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from civic.eligibility import (
    EligibilityPolicy,
    ResidenceScope,
    eligibility_check,
    eligibility_ensure,
)
from civic.errors import NotEligible
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_eligibility_refuses_unverified_resident_with_clear_reason(unverified_resident):
    # given a policy that requires verification
    policy = EligibilityPolicy(min_age=16)
    # when an unverified resident asks to take part
    with pytest.raises(NotEligible) as refused:
        eligibility_ensure(user=unverified_resident.user, policy=policy)
    # then the refusal says why and how to fix it
    assert refused.value.code == "not_verified"


def test_eligibility_accepts_verified_adult_resident(resident):
    # given / when
    result = eligibility_check(user=resident.user, policy=EligibilityPolicy(min_age=16))
    # then
    assert result.eligible
    assert eligibility_ensure(user=resident.user, policy=EligibilityPolicy()) == resident


def test_eligibility_refuses_resident_under_minimum_age_on_the_given_day():
    # given a resident who turns 16 on 2026-06-15
    young = ResidentFactory(date_of_birth=date(2010, 6, 15))
    policy = EligibilityPolicy(min_age=16)
    # when checked the day before and on the birthday
    before = eligibility_check(user=young.user, policy=policy, on=date(2026, 6, 14))
    on_birthday = eligibility_check(user=young.user, policy=policy, on=date(2026, 6, 15))
    # then
    assert [r.code for r in before.refusals] == ["too_young"]
    assert "16 ans" in before.refusals[0].message
    assert on_birthday.eligible


def test_eligibility_lists_every_unmet_condition():
    # given an unverified minor living outside the town
    person = ResidentFactory(unverified=True, minor=True, outsider=True)
    # when
    result = eligibility_check(user=person.user, policy=EligibilityPolicy(min_age=16))
    # then
    assert [r.code for r in result.refusals] == ["not_verified", "too_young", "not_resident"]


def test_eligibility_restricted_to_a_neighbourhood_refuses_residents_of_another(resident):
    # given a policy for another neighbourhood
    elsewhere = NeighbourhoodFactory(code="tamaris", name="Tamaris")
    policy = EligibilityPolicy(residence=ResidenceScope.NEIGHBOURHOOD,
                               neighbourhood_id=elsewhere.pk)
    # when / then
    result = eligibility_check(user=resident.user, policy=policy)
    assert [r.code for r in result.refusals] == ["wrong_neighbourhood"]
    home = EligibilityPolicy(residence=ResidenceScope.NEIGHBOURHOOD,
                             neighbourhood_id=resident.neighbourhood_id)
    assert eligibility_check(user=resident.user, policy=home).eligible


def test_eligibility_refuses_anonymous_and_accounts_without_resident_profile():
    # given / when / then
    assert eligibility_check(user=AnonymousUser(), policy=EligibilityPolicy()).refusals[0].code == (
        "not_authenticated")
    staff = UserFactory()
    assert eligibility_check(user=staff, policy=EligibilityPolicy()).refusals[0].code == (
        "no_resident_profile")


def test_eligibility_without_birth_date_asks_for_it_when_an_age_is_required():
    # given
    person = ResidentFactory(date_of_birth=None)
    # when
    result = eligibility_check(user=person.user, policy=EligibilityPolicy(min_age=18))
    # then
    assert result.refusals[0].code == "age_unknown"

"""Who may answer a consultation: set per consultation, refused with what to do."""

import pytest

from civic.errors import NotEligible
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from commissions.models import Response
from commissions.services.consultations import (
    consultation_create,
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.tests.factories import CommissionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def _facility():
    # Imported here so the refusals above can be shown failing before the registry existed.
    from commissions.services import facility_users

    return facility_users


def _open(consultation, clerk):
    question = question_add(consultation=consultation, kind="rating", label="Accueil",
                            actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    return {question.pk: 4}


def _refusal(consultation, user, answers):
    with pytest.raises(NotEligible) as error:
        consultation_respond(consultation=consultation, user=user, answers=answers)
    return error.value


def test_a_self_registered_account_is_refused_a_facility_consultation_by_default(clerk):
    # given a facility consultation made with the defaults, and a self-registered account
    # (unverified, no date of birth, no neighbourhood)
    consultation = ConsultationFactory()
    answers = _open(consultation, clerk)
    newcomer = ResidentFactory(unverified=True, neighbourhood=None, date_of_birth=None)
    # when the account answers
    refusal = _refusal(consultation, newcomer.user, answers)
    # then it is refused and told how to get verified, and nothing is stored
    assert refusal.code == "not_verified"
    assert not Response.objects.exists()


def test_a_verified_resident_not_registered_with_the_facility_is_refused(clerk):
    # given a consultation of the health centre's users and a verified resident unknown to it
    consultation = ConsultationFactory()
    answers = _open(consultation, clerk)
    stranger = ResidentFactory()
    # when the resident answers
    refusal = _refusal(consultation, stranger.user, answers)
    # then the refusal names the facility and says how to register
    assert refusal.code == "not_facility_user"
    assert "Centre municipal de santé" in str(refusal.message)
    assert not Response.objects.exists()


def test_a_pending_or_ended_registration_does_not_open_a_facility_consultation(clerk):
    # given a resident who asked to be registered, and one whose registration ended
    consultation = ConsultationFactory()
    answers = _open(consultation, clerk)
    asking, former = ResidentFactory(), ResidentFactory()
    _facility().facility_registration_request(commission=consultation.commission,
                                              user=asking.user)
    registration = _facility().facility_registration_confirm(
        commission=consultation.commission, user=former.user, actor=clerk)
    _facility().facility_registration_end(registration=registration, actor=clerk)
    # when both answer
    refusals = [_refusal(consultation, person.user, answers) for person in (asking, former)]
    # then both are refused as not (or no longer) registered
    assert [r.code for r in refusals] == ["not_facility_user", "not_facility_user"]


def test_a_registered_verified_user_of_the_facility_answers(clerk):
    # given a verified resident whose request the clerk confirmed
    consultation = ConsultationFactory()
    answers = _open(consultation, clerk)
    user = ResidentFactory().user
    _facility().facility_registration_request(commission=consultation.commission, user=user)
    _facility().facility_registration_confirm(commission=consultation.commission, user=user,
                                              actor=clerk)
    # when they answer
    consultation_respond(consultation=consultation, user=user, answers=answers)
    # then the answer is stored
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_an_unverified_registered_user_answers_when_the_clerk_lifted_the_verification(clerk):
    # given a consultation open to unverified accounts, and an unverified registered user
    consultation = consultation_create(
        commission=CommissionFactory(kind="facility_committee", facility="Maison des Femmes"),
        title="Ateliers", audience="facility_users", actor=clerk, require_verified=False,
        closes_on=ConsultationFactory.build().closes_on)
    answers = _open(consultation, clerk)
    user = ResidentFactory(unverified=True).user
    _facility().facility_registration_confirm(commission=consultation.commission, user=user,
                                              actor=clerk)
    # when they answer
    consultation_respond(consultation=consultation, user=user, answers=answers)
    # then it is accepted
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_an_under_age_resident_is_refused_when_the_consultation_sets_a_minimum_age(clerk):
    # given a town consultation for people aged 18 or more, a 14-year-old and an adult
    consultation = ConsultationFactory(audience="town", min_age=18)
    answers = _open(consultation, clerk)
    teenager, unknown_age = ResidentFactory(minor=True), ResidentFactory(date_of_birth=None)
    # when they answer
    refusals = [_refusal(consultation, person.user, answers)
                for person in (teenager, unknown_age)]
    # then they are told the minimum age (or to give their date of birth)
    assert [r.code for r in refusals] == ["too_young", "age_unknown"]
    assert "18 ans" in str(refusals[0].message)
    consultation_respond(consultation=consultation, user=ResidentFactory().user,
                         answers=answers)
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_a_resident_of_another_neighbourhood_is_refused_a_neighbourhood_consultation(clerk):
    # given a consultation of the Cévennes neighbourhood
    cevennes = NeighbourhoodFactory(code="cevennes", name="Les Cévennes")
    consultation = ConsultationFactory(
        audience="neighbourhood", neighbourhood=cevennes,
        commission=CommissionFactory(kind="neighbourhood_council", neighbourhood=cevennes))
    answers = _open(consultation, clerk)
    # when a resident of elsewhere and one without a neighbourhood answer
    refusals = [_refusal(consultation, ResidentFactory(**kwargs).user, answers)
                for kwargs in ({}, {"neighbourhood": None})]
    # then both are told the consultation is for that neighbourhood
    assert [r.code for r in refusals] == ["wrong_neighbourhood", "wrong_neighbourhood"]
    consultation_respond(consultation=consultation,
                         user=ResidentFactory(neighbourhood=cevennes).user, answers=answers)


def test_a_facility_audience_needs_a_facility_committee(clerk):
    # given an extra-municipal commission (no facility)
    commission = CommissionFactory()
    # when a clerk prepares a consultation of "the facility's users" there
    from civic.errors import DomainError

    with pytest.raises(DomainError) as error:
        consultation_create(commission=commission, title="Horaires", audience="facility_users",
                            actor=clerk, closes_on=ConsultationFactory.build().closes_on)
    # then it is refused on the audience field
    assert (error.value.code, error.value.field) == ("audience_needs_facility", "audience")

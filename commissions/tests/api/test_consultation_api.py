"""Consultations through the API: who may answer, refusals, the clock, the facility register."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from civic.tests.factories import ResidentFactory
from commissions.services.consultations import consultation_open, question_add
from commissions.tests.factories import CommissionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def committee():
    return CommissionFactory(kind="facility_committee", facility="Centre municipal de santé",
                             slug="centre-de-sante")


def _open(consultation, clerk):
    question = question_add(consultation=consultation, kind="rating", label="Accueil",
                            actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    return {"answers": {str(question.pk): 4}}


def test_a_clerk_sets_who_may_answer_when_creating_a_consultation(api, clerk, committee):
    # given a clerk's API session
    api.force_authenticate(clerk)
    body = {"commission": committee.slug, "title": "Horaires du soir",
            "audience": "facility_users", "require_verified": False, "min_age": 16,
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat()}
    # when they create it, then try an absurd age
    created = api.post("/api/v1/consultations/create/", body, format="json")
    absurd = api.post("/api/v1/consultations/create/", {**body, "min_age": 300},
                      format="json")
    # then the conditions are stored and published; the absurd age is refused on its field
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["audience"], data["require_verified"], data["min_age"]) == (
        "facility_users", False, 16)
    assert absurd.status_code == 400 and "min_age" in absurd.json()["fields"]


def test_a_facility_audience_is_refused_outside_a_facility_committee(api, clerk):
    # given an extra-municipal commission
    api.force_authenticate(clerk)
    # when a clerk consults "the facility's users" there
    response = api.post("/api/v1/consultations/create/", {
        "commission": CommissionFactory().slug, "title": "Horaires",
        "audience": "facility_users",
        "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat()}, format="json")
    # then the audience field says why
    assert (response.status_code, response.json()["code"]) == (400, "audience_needs_facility")
    assert "audience" in response.json()["fields"]


def test_the_detail_tells_the_caller_why_they_may_not_answer_then_that_they_did(
        api, clerk, committee):
    # given a facility consultation and a verified resident not registered with it
    consultation = ConsultationFactory(commission=committee)
    body = _open(consultation, clerk)
    user = ResidentFactory().user
    api.force_authenticate(user)
    url = f"/api/v1/consultations/{consultation.pk}/"
    # when they read it, answer (refused), get registered, answer and read it again
    before = api.get(url).json()
    refused = api.post(f"{url}respond/", body, format="json")
    api.force_authenticate(clerk)
    api.post(f"/api/v1/commissions/{committee.slug}/facility-users/confirm/", {"user": user.pk},
             format="json")
    api.force_authenticate(user)
    accepted = api.post(f"{url}respond/", body, format="json")
    after = api.get(url).json()
    # then the refusal came first with what to do, and afterwards the answer is acknowledged
    assert before["accepting_answers"] is True and before["answered"] is False
    assert [r["code"] for r in before["refusals"]] == ["not_facility_user"]
    assert (refused.status_code, refused.json()["code"]) == (403, "not_facility_user")
    assert accepted.status_code == 201
    assert (after["answered"], after["refusals"], after["responses_count"]) == (True, [], 1)


def test_an_unverified_account_is_refused_through_the_api(api, clerk):
    # given a town consultation and a self-registered account
    consultation = ConsultationFactory(audience="town")
    body = _open(consultation, clerk)
    api.force_authenticate(ResidentFactory(unverified=True).user)
    # when it answers
    response = api.post(f"/api/v1/consultations/{consultation.pk}/respond/", body,
                        format="json")
    # then it is refused with the way to get verified
    assert (response.status_code, response.json()["code"]) == (403, "not_verified")


def test_answering_after_the_closing_time_is_refused_though_the_status_is_open(api, clerk):
    # given a town consultation whose last day is over, the beat job not yet run
    consultation = ConsultationFactory(audience="town")
    body = _open(consultation, clerk)
    user = ResidentFactory().user
    after_close = timezone.make_aware(
        datetime.combine(consultation.closes_on + timedelta(days=1), time(0, 1)))
    with time_machine.travel(after_close):
        # when a resident reads it and answers
        api.force_authenticate(user)
        detail = api.get(f"/api/v1/consultations/{consultation.pk}/").json()
        response = api.post(f"/api/v1/consultations/{consultation.pk}/respond/", body,
                            format="json")
    # then it is shown as no longer taking answers, and the answer is refused
    assert (detail["status"], detail["accepting_answers"]) == ("open", False)
    assert (response.status_code, response.json()["code"]) == (409, "consultation_closed")


def test_the_facility_register_through_the_api(api, clerk, committee):
    # given a resident who asks to be registered
    user = ResidentFactory().user
    api.force_authenticate(user)
    asked = api.post(f"/api/v1/commissions/{committee.slug}/facility-users/request/")
    # when a clerk lists the pending requests and confirms it, then the person ends it
    api.force_authenticate(clerk)
    pending = api.get(f"/api/v1/commissions/{committee.slug}/facility-users/?status=pending")
    confirmed = api.post(f"/api/v1/commissions/{committee.slug}/facility-users/confirm/",
                         {"user": user.pk}, format="json")
    api.force_authenticate(user)
    ended = api.post(f"/api/v1/facility-registrations/{asked.json()['id']}/end/")
    # then each step answered as expected
    assert (asked.status_code, asked.json()["status"]) == (201, "pending")
    assert [r["user"]["id"] for r in pending.json()["results"]] == [user.pk]
    assert (confirmed.status_code, confirmed.json()["status"]) == (201, "confirmed")
    assert (ended.status_code, ended.json()["status"]) == (200, "ended")

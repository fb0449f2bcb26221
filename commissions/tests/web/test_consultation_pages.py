"""Consultation pages: who may answer, no form for those who would be refused, the clock."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.tests.factories import ResidentFactory
from commissions.models import Response
from commissions.services.consultations import consultation_open, question_add
from commissions.tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_survey(clerk):
    consultation = ConsultationFactory(audience="town", min_age=18)
    question = question_add(consultation=consultation, kind="rating", label="Accueil",
                            actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    return consultation, question


def _url(consultation) -> str:
    return f"/commissions/consultations/{consultation.pk}/"


def test_the_page_says_who_may_answer(client, town_survey):
    # given a town consultation for verified residents aged 18 or more
    consultation, _question = town_survey
    # when a visitor opens it
    page = client.get(_url(consultation)).content.decode()
    # then the conditions are spelled out
    assert "Qui peut répondre" in page
    assert "habitants de la commune" in page and "compte vérifié" in page and "18 ans" in page


def test_an_unverified_account_sees_why_and_no_form(client, town_survey):
    # given an unverified account
    consultation, question = town_survey
    client.force_login(ResidentFactory(unverified=True).user)
    # when they open the consultation, and post anyway
    page = client.get(_url(consultation)).content.decode()
    posted = client.post(_url(consultation), {f"q{question.pk}": "4"})
    # then the page explains how to get verified and offers no form; the post is refused
    assert "justificatif de domicile" in page
    assert f'name="q{question.pk}"' not in page
    assert posted.status_code == 403 and not Response.objects.exists()


def test_a_facility_consultation_tells_a_non_user_how_to_register(client, clerk):
    # given a consultation of the health centre's users and a resident unknown to it
    consultation = ConsultationFactory()
    question_add(consultation=consultation, kind="text", label="Idées", actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    client.force_login(ResidentFactory().user)
    # when they open it
    page = client.get(_url(consultation)).content.decode()
    # then they are sent to the committee's page to ask for their registration
    assert "usagers inscrits" in page
    assert f"/commissions/{consultation.commission.slug}/" in page
    assert "<textarea" not in page


def test_an_eligible_resident_gets_the_form_then_a_confirmation_from_the_page(client,
                                                                            town_survey):
    # given an eligible resident
    consultation, question = town_survey
    client.force_login(ResidentFactory().user)
    # when they answer
    assert f'name="q{question.pk}"' in client.get(_url(consultation)).content.decode()
    page = client.post(_url(consultation), {f"q{question.pk}": "4"}, follow=True)
    # then the page itself confirms it (no message stored anywhere) and offers no form again
    text = page.content.decode()
    assert "Vous avez répondu à cette consultation" in text
    assert f'name="q{question.pk}"' not in text


def test_after_the_closing_time_the_page_offers_no_form_even_if_still_open(client,
                                                                         town_survey):
    # given an open consultation whose last day is over (the beat job has not run yet)
    consultation, question = town_survey
    after_close = timezone.make_aware(
        datetime.combine(consultation.closes_on + timedelta(days=1), time(0, 0, 5)))
    resident = ResidentFactory()
    with time_machine.travel(after_close):
        # when a resident opens the page and posts
        client.force_login(resident.user)
        page = client.get(_url(consultation)).content.decode()
        posted = client.post(_url(consultation), {f"q{question.pk}": "4"})
    # then the page says it is closed and the answer is refused
    assert "La consultation est close" in page
    assert f'name="q{question.pk}"' not in page
    assert posted.status_code == 409 and not Response.objects.exists()
    consultation.refresh_from_db()
    assert consultation.status == "open"

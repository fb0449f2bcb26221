"""Consultation pages: who may answer, no form for those who would be refused, the clock."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.tests.factories import ResidentFactory
from commissions.models import Response
from commissions.services.consultations import (
    consultation_close,
    consultation_open,
    consultation_respond,
    question_add,
)
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


def test_a_resident_asks_to_be_registered_and_a_clerk_confirms_on_the_workspace(client, clerk):
    # given a facility committee and a resident on its public page
    from commissions.models import FacilityRegistration
    from commissions.tests.factories import CommissionFactory

    committee = CommissionFactory(kind="facility_committee", facility="Maison des Femmes")
    user = ResidentFactory().user
    client.force_login(user)
    page = client.get(f"/commissions/{committee.slug}/").content.decode()
    # when they ask, and the clerk confirms from the committee's workspace page
    asked = client.post(f"/commissions/{committee.slug}/usagers/", follow=True)
    registration = FacilityRegistration.objects.get(commission=committee, user=user)
    client.force_login(clerk)
    workspace = client.get(f"/commissions/espace-agent/instances/{committee.slug}/")
    confirmed = client.post(f"/commissions/espace-agent/instances/{committee.slug}/"
                            "?do=facility_confirm", {"registration": registration.pk})
    # then the request was offered, shown pending to the clerk, and is now confirmed
    assert "demander mon inscription" in page
    assert "attend la confirmation" in asked.content.decode()
    assert user.email in workspace.content.decode()
    assert confirmed.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_clerk_registers_a_person_found_by_search_at_the_desk(client, clerk):
    # given a facility committee and a resident who came to the desk
    from commissions.models import FacilityRegistration
    from commissions.tests.factories import CommissionFactory

    committee = CommissionFactory(kind="facility_committee", facility="Centre de santé")
    user = ResidentFactory().user
    client.force_login(clerk)
    # when the clerk registers them, chosen in the picker
    response = client.post(f"/commissions/espace-agent/instances/{committee.slug}/"
                           "?do=facility_user", {"facility_user-person": user.pk})
    # then they are a confirmed user of the facility
    assert response.status_code == 302
    assert FacilityRegistration.objects.get(commission=committee, user=user).status == (
        "confirmed")


def test_the_clerks_form_sets_who_may_answer(client, clerk):
    # given a facility committee
    from commissions.models import Consultation
    from commissions.tests.factories import CommissionFactory

    committee = CommissionFactory(kind="facility_committee", facility="Maison des Ados")
    client.force_login(clerk)
    url = f"/commissions/espace-agent/instances/{committee.slug}/consultation/"
    # when the clerk prepares a consultation for users aged 11 or more, verification lifted
    form = client.get(url).content.decode()
    response = client.post(url, {"title": "Horaires d'été", "audience": "facility_users",
                                 "min_age": "11", "anonymous": "on",
                                 "closes_on": ConsultationFactory.build().closes_on.isoformat()})
    # then the form offered both fields and the consultation carries them
    assert 'name="require_verified"' in form and 'name="min_age"' in form
    assert response.status_code == 302
    consultation = Consultation.objects.get(title="Horaires d'été")
    assert (consultation.require_verified, consultation.min_age) == (False, 11)


def test_the_results_page_charts_each_choice_with_its_count_and_share(client, clerk):
    # given a closed town consultation where two residents chose "Matin" and one "Soir"
    consultation = ConsultationFactory(audience="town")
    question = question_add(consultation=consultation, kind="single", label="Horaires préférés",
                            choices=["Matin", "Soir"], actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    morning, evening = question.choices.all()
    for choice in (morning, morning, evening):
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers={question.pk: choice.pk})
    consultation_close(consultation=consultation, actor=clerk)
    # when a visitor opens the results
    page = client.get(f"{_url(consultation)}resultats/").content.decode()
    # then each choice shows its count and share, the most chosen with the full-width bar
    assert '<span class="chart__label">Matin</span>' in page
    assert '<rect class="bar" width="100" height="10"/>' in page
    assert '<rect class="bar" width="50" height="10"/>' in page
    assert "2 (66,7 %)" in page
    assert "1 (33,3 %)" in page

from datetime import timedelta

import pytest
from django.utils import timezone

from civic.errors import Conflict, DomainError, InvalidTransition, NotEligible
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from commissions.models import Participation, Response
from commissions.selectors import consultation_results, consultation_results_csv
from commissions.services.consultations import (
    consultation_close_due,
    consultation_create,
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.tests.factories import CommissionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(clerk):
    consultation = ConsultationFactory()
    hours = question_add(consultation=consultation, kind="single", label="Horaires préférés",
                         choices=["Matin", "Soir"], actor=clerk)
    services = question_add(consultation=consultation, kind="multiple", label="Services utiles",
                            choices=["Pédiatrie", "Dentiste", "Kiné"], actor=clerk)
    rating = question_add(consultation=consultation, kind="rating", label="Accueil",
                          rating_max=5, actor=clerk)
    remark = question_add(consultation=consultation, kind="text", label="Remarques",
                          required=False, actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    return consultation, hours, services, rating, remark


def _answers(hours, services, rating, remark, pick=0, note=4, text=""):
    return {hours.pk: hours.choices.all()[pick].pk,
            services.pk: [c.pk for c in services.choices.all()[:2]],
            rating.pk: note, remark.pk: text}


def test_consultation_respond_anonymously_keeps_answers_apart_from_the_person(survey, resident):
    # given an anonymous consultation
    consultation, *questions = survey
    # when a resident answers
    response = consultation_respond(consultation=consultation, user=resident.user,
                                    answers=_answers(*questions, text="Plus de créneaux"))
    # then the answers carry no person, but the participation is recorded
    assert response.respondent is None
    assert Participation.objects.filter(consultation=consultation, user=resident.user).exists()
    consultation.refresh_from_db()
    assert consultation.responses_count == 1


def test_consultation_respond_twice_is_refused_even_when_anonymous(survey, resident):
    # given a resident who answered
    consultation, *questions = survey
    consultation_respond(consultation=consultation, user=resident.user,
                         answers=_answers(*questions))
    # when they answer again
    with pytest.raises(Conflict) as error:
        consultation_respond(consultation=consultation, user=resident.user,
                             answers=_answers(*questions))
    # then it is refused and one response stays
    assert error.value.code == "already_answered"
    assert Response.objects.count() == 1


def test_consultation_respond_refuses_a_missing_required_answer_on_its_field(survey, resident):
    # given a questionnaire with a required rating
    consultation, hours, services, rating, remark = survey
    answers = _answers(hours, services, rating, remark)
    del answers[rating.pk]
    # when the rating is left out
    with pytest.raises(DomainError) as error:
        consultation_respond(consultation=consultation, user=resident.user, answers=answers)
    # then the error names the question's field and nothing is stored
    assert error.value.field == f"q{rating.pk}"
    assert not Participation.objects.exists()


def test_consultation_respond_refuses_two_choices_on_a_single_choice_question(survey, resident):
    # given a single-choice question
    consultation, hours, services, rating, remark = survey
    answers = _answers(hours, services, rating, remark)
    answers[hours.pk] = [c.pk for c in hours.choices.all()]
    # when both choices are sent
    with pytest.raises(DomainError) as error:
        consultation_respond(consultation=consultation, user=resident.user, answers=answers)
    # then it is refused
    assert error.value.code == "single_choice"


def test_consultation_results_count_choices_ratings_and_texts(survey):
    # given three answers
    consultation, *questions = survey
    for pick, note in [(0, 5), (0, 3), (1, 4)]:
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers=_answers(*questions, pick=pick, note=note, text="Bien"))
    # when results are computed
    hours, services, rating, remark = consultation_results(consultation=consultation)
    # then counts, percentages, mean and texts are exact
    assert hours.counts == [("Matin", 2, 66.7), ("Soir", 1, 33.3)]
    assert services.counts[0][1] == 3 and services.counts[2][1] == 0
    assert rating.mean == 4.0
    assert remark.texts == ["Bien", "Bien", "Bien"]
    csv_text = consultation_results_csv(consultation=consultation)
    assert "Horaires préférés,single,Matin,2,66.7" in csv_text


def test_neighbourhood_consultation_is_for_that_neighbourhoods_residents(clerk):
    # given a consultation of the Cévennes neighbourhood
    cevennes = NeighbourhoodFactory(code="cevennes", name="Les Cévennes")
    consultation = consultation_create(
        commission=CommissionFactory(kind="neighbourhood_council", neighbourhood=cevennes),
        title="Aménagement du square", audience="neighbourhood", actor=clerk,
        closes_on=timezone.localdate() + timedelta(days=10))
    question_add(consultation=consultation, kind="text", label="Vos idées", actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    # when a resident of another neighbourhood answers
    with pytest.raises(NotEligible) as error:
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers={})
    # then they are told why
    assert error.value.code == "wrong_neighbourhood"


def test_consultation_close_due_closes_past_consultations_and_runs_twice(survey, resident):
    # given an open consultation whose closing date has passed
    consultation, *questions = survey
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    # when the beat job runs twice
    first, second = consultation_close_due(), consultation_close_due()
    # then it closed it once, and answering is refused
    assert (first, second) == (1, 0)
    with pytest.raises(InvalidTransition):
        consultation_respond(consultation=consultation, user=resident.user,
                             answers=_answers(*questions))

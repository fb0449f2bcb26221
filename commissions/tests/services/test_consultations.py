from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.errors import Conflict, DomainError, InvalidTransition, NotEligible
from civic.models import AuditEntry
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from commissions.models import Response
from commissions.models.consultation import respondent_tag
from commissions.selectors import consultation_results, consultation_results_csv
from commissions.services.consultations import (
    consultation_close,
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
    consultation = ConsultationFactory(audience="town")
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


def _answers(hours, services, rating, remark, *, pick=0, note=4, text=""):
    return {hours.pk: hours.choices.all()[pick].pk,
            services.pk: [c.pk for c in services.choices.all()[:2]],
            rating.pk: note, remark.pk: text}


def test_consultation_respond_anonymously_keeps_answers_apart_from_the_person(survey, resident):
    # given an anonymous consultation
    consultation, *questions = survey
    # when a resident answers
    response = consultation_respond(consultation=consultation, user=resident.user,
                                    answers=_answers(*questions, text="Plus de créneaux"))
    # then the answers carry no person and no date, only the person's keyed tag, and nothing
    # else records that they answered
    assert (response.respondent, response.submitted_on) == (None, None)
    assert response.tag == respondent_tag(consultation_id=consultation.pk,
                                          user_id=resident.user.pk)
    assert not AuditEntry.objects.filter(verb="commission.consultation_answered").exists()
    assert Response.objects.filter(consultation=consultation).count() == 1


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
    assert not Response.objects.exists()


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
    assert "Horaires préférés;single;Matin;2;66,7" in csv_text


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


def test_consultation_respond_after_the_closing_time_is_refused_while_status_is_still_open(
        survey, resident):
    # given an open consultation whose last day ends at midnight, the beat job not yet run
    consultation, *questions = survey
    last_day_end = timezone.make_aware(datetime.combine(consultation.closes_on, time(23, 59)))
    # when the resident answers a minute before midnight, and another one a minute after
    with time_machine.travel(last_day_end):
        consultation_respond(consultation=consultation, user=resident.user,
                             answers=_answers(*questions))
    with time_machine.travel(last_day_end + timedelta(minutes=2)), pytest.raises(
            InvalidTransition) as error:
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers=_answers(*questions))
    # then the first counts and the second is refused by the clock, status unchanged
    assert error.value.code == "consultation_closed"
    assert Response.objects.filter(consultation=consultation).count() == 1
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_a_named_consultation_keeps_the_respondent_the_day_and_the_audit(clerk, resident):
    # given a named (not anonymous) town consultation
    consultation = ConsultationFactory(audience="town", anonymous=False)
    question = question_add(consultation=consultation, kind="text", label="Idées", actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    # when a resident answers and the clerk closes it
    response = consultation_respond(consultation=consultation, user=resident.user,
                                    answers={question.pk: "Des bancs"})
    consultation_close(consultation=consultation, actor=clerk)
    # then the answer names them, keeps its day and id, and the act is in the audit log
    kept = Response.objects.get(consultation=consultation)
    assert (kept.pk, kept.respondent, kept.submitted_on) == (
        response.pk, resident.user, timezone.localdate())
    assert AuditEntry.objects.filter(verb="commission.consultation_answered",
                                     actor=resident.user).exists()


def test_consultation_respond_is_refused_when_the_tags_key_changed_since_the_opening(
        survey, resident, settings):
    # given an open consultation, then a new secrecy key configured
    consultation, *questions = survey
    settings.SECRECY_KEY = "another-secrecy-key-0123456789abcdef-xyz"
    # when a resident answers
    with pytest.raises(InvalidTransition) as error:
        consultation_respond(consultation=consultation, user=resident.user,
                             answers=_answers(*questions))
    # then answers are suspended rather than taken under tags that could repeat a person
    assert error.value.code == "secrecy_key_changed"
    assert not Response.objects.exists()

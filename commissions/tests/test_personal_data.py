"""A person's commissions data: consultations found by tag, never the anonymous answers."""

import json
from datetime import date

import pytest

from civic.errors import Conflict
from civic.services.merge import resident_merge
from civic.tests.factories import ResidentFactory
from commissions import personal_data
from commissions.models import FacilityRegistration, Response
from commissions.selectors import consultation_answered_by
from commissions.services.consultations import (
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.services.facility_users import facility_registration_confirm
from commissions.tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def _answered(consultation, clerk, user, text):
    question = question_add(consultation=consultation, kind="text", label="Idées", actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    consultation_respond(consultation=consultation, user=user, answers={question.pk: text})


def test_the_export_lists_the_consultations_answered_but_not_the_anonymous_answers(clerk):
    # given a resident who answered an anonymous and a named consultation, registered with
    # the facility, and a neighbour who answered the anonymous one too
    user, neighbour = ResidentFactory().user, ResidentFactory().user
    anonymous = ConsultationFactory(audience="town")
    named = ConsultationFactory(audience="town", anonymous=False)
    _answered(anonymous, clerk, user, "Réponse secrète")
    consultation_respond(consultation=anonymous, user=neighbour,
                         answers={anonymous.questions.get().pk: "Autre avis"})
    _answered(named, clerk, user, "Réponse signée")
    facility_registration_confirm(commission=anonymous.commission, user=user, actor=clerk)
    # when their data is exported
    data = personal_data.export(user)
    text = json.dumps(data, ensure_ascii=False)
    # then both consultations are listed, the named answer is there, the anonymous one is not
    assert data["consultations_answered"] == sorted([anonymous.pk, named.pk])
    assert "Réponse signée" in text and "Réponse secrète" not in text
    assert [r["status"] for r in data["facility_registrations"]] == ["confirmed"]
    assert personal_data.export(neighbour)["consultations_answered"] == [anonymous.pk]


def test_erasure_ends_registrations_and_unnames_named_answers(clerk):
    # given a resident registered with a facility who gave a named answer
    user = ResidentFactory().user
    named = ConsultationFactory(audience="town", anonymous=False)
    _answered(named, clerk, user, "Réponse signée")
    facility_registration_confirm(commission=named.commission, user=user, actor=clerk)
    # when their personal data is erased
    counts = personal_data.erase(user)
    # then the registration ended and the answer stays, without name or day
    assert counts["facility_registrations_ended"] == 1 and counts["answers_anonymised"] == 1
    assert FacilityRegistration.objects.get().status == "ended"
    response = Response.objects.get()
    assert (response.respondent, response.submitted_on) == (None, None)


def test_after_a_merge_the_person_cannot_answer_again_and_the_answer_row_is_untouched(
        clerk, neighbourhood):
    # given one person's two accounts (the second verified before identity keys existed); the
    # duplicate answered an anonymous consultation and is registered with the facility
    born = date(1985, 6, 15)
    kept = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Élodie",
                           user__last_name="Martin-Durand", date_of_birth=born)
    duplicate = ResidentFactory(neighbourhood=neighbourhood, user__first_name="ELODIE",
                                user__last_name="martin durand", date_of_birth=born,
                                identity_key=None, user__email="elodie.bis@exemple.fr")
    consultation = ConsultationFactory(audience="town")
    _answered(consultation, clerk, duplicate.user, "Réponse du doublon")
    facility_registration_confirm(commission=consultation.commission, user=duplicate.user,
                                  actor=clerk)
    before = Response.objects.values_list("pk", "tag").get()
    # when a clerk merges the duplicate into the kept account
    resident_merge(survivor=kept, duplicate=duplicate, clerk=clerk, reason="Doublon")
    # then the kept account is told it already answered, the answer row was not rewritten,
    # and the registration moved
    with pytest.raises(Conflict) as error:
        consultation_respond(consultation=consultation, user=kept.user,
                             answers={consultation.questions.get().pk: "Encore"})
    assert error.value.code == "already_answered"
    assert consultation_answered_by(user=kept.user, consultation=consultation)
    assert Response.objects.values_list("pk", "tag").get() == before
    assert personal_data.export(kept.user)["consultations_answered"] == [consultation.pk]
    assert FacilityRegistration.objects.get().user == kept.user

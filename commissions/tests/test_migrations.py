"""Existing answers move to tags without losing "who already answered", and lose their order."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from civic.secrecy import key_fingerprint
from commissions.models.consultation import respondent_tag

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("commissions", "0003_opinion_answer_source")]
AFTER = [("commissions", "0006_drop_participation")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Leave the test database at the latest migration, whatever is added after 0006: the
    tests that follow run on the current schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_data(apps):
    User = apps.get_model("civic", "User")
    council = apps.get_model("civic", "MunicipalCouncil").objects.create(
        name="Conseil municipal", mandate_start=date(2026, 3, 22), mandate_end=date(2032, 3, 31))
    chair = User.objects.create(email="elue@example.org")
    commission = apps.get_model("commissions", "Commission").objects.create(
        kind="facility_committee", name="Comité", slug="comite", facility="Centre",
        council=council, chair=chair, mandate_start=date(2026, 4, 1),
        mandate_end=date(2032, 3, 31))
    Consultation = apps.get_model("commissions", "Consultation")
    people = [User.objects.create(email=f"p{i}@example.org")
              for i in range(5)]
    made = {}
    for anonymous in (True, False):
        consultation = Consultation.objects.create(
            commission=commission, title="Horaires", audience="facility_users",
            anonymous=anonymous, closes_on=date(2026, 12, 1), status="open",
            responses_count=len(people))
        question = apps.get_model("commissions", "Question").objects.create(
            consultation=consultation, position=1, kind="multiple", label="Créneaux")
        choices = [apps.get_model("commissions", "Choice").objects.create(
            question=question, position=i, label=label) for i, label in enumerate("ABC")]
        for i, person in enumerate(people):
            apps.get_model("commissions", "Participation").objects.create(
                consultation=consultation, user=person)
            response = apps.get_model("commissions", "Response").objects.create(
                consultation=consultation, submitted_on=date(2026, 11, 20),
                respondent=None if anonymous else person)
            answer = apps.get_model("commissions", "Answer").objects.create(
                response=response, question=question, text=f"réponse {i}")
            answer.choices.set(choices[: 1 + i % 3])
        made[anonymous] = (consultation.pk, {r.pk for r in consultation.responses.all()})
    return made, [person.pk for person in people]


def test_existing_answers_get_their_people_tags_and_anonymous_ones_new_ids(postgres_only):
    # given answers stored the old way, with participation rows
    made, people = _old_data(_migrate(BEFORE))
    # when the migrations run
    apps = _migrate(AFTER)
    # then each consultation holds exactly its participants' tags, ticks survived, anonymous
    # answers have new ids, no date, and named ones kept theirs
    Response = apps.get_model("commissions", "Response")
    Answer = apps.get_model("commissions", "Answer")
    for anonymous, (pk, old_ids) in made.items():
        rows = Response.objects.filter(consultation_id=pk)
        assert set(rows.values_list("tag", flat=True)) == {
            respondent_tag(consultation_id=pk, user_id=person) for person in people}
        ids = set(rows.values_list("pk", flat=True))
        assert (ids.isdisjoint(old_ids), ids == old_ids) == (anonymous, not anonymous)
        if anonymous:
            assert set(rows.values_list("submitted_on", flat=True)) == {None}
        assert sorted(Answer.objects.filter(response__consultation_id=pk).values_list(
            "text", flat=True)) == [f"réponse {i}" for i in range(5)]
        assert apps.get_model("commissions", "AnswerChoice").objects.filter(
            answer__response__consultation_id=pk).count() == 1 + 2 + 3 + 1 + 2
    # and the open consultations record the key their tags were made with
    assert set(apps.get_model("commissions", "Consultation").objects.values_list(
        "key_fingerprint", flat=True)) == {key_fingerprint()}

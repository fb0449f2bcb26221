"""Anonymous answers cannot be joined to their author: not by a column, an order or a
transaction (PostgreSQL: the tests read `xmin`, the id of the transaction that wrote a row)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from civic.errors import Conflict
from civic.models import User
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from commissions.models import Answer, Consultation, Response
from commissions.services.consultations import (
    consultation_close,
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.tests.factories import ConsultationFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

TIME_TYPES = {"date", "timestamp with time zone", "timestamp without time zone",
              "time with time zone", "time without time zone", "interval"}


@pytest.fixture
def survey(postgres_only):
    """An open anonymous town consultation with a choice, a rating and a free text."""
    MunicipalCouncilFactory()
    clerk = staff_user("clerk")
    consultation = ConsultationFactory(audience="town")
    hours = question_add(consultation=consultation, kind="multiple", label="Horaires",
                         choices=["Matin", "Midi", "Soir"], actor=clerk)
    rating = question_add(consultation=consultation, kind="rating", label="Accueil", actor=clerk)
    remark = question_add(consultation=consultation, kind="text", label="Remarques",
                          required=False, actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    return consultation, clerk, (hours, rating, remark)


def _answers(questions, text="Rien à signaler"):
    hours, rating, remark = questions
    return {hours.pk: [c.pk for c in hours.choices.all()[:2]], rating.pk: 3, remark.pk: text}


def _answer_tables() -> set[str]:
    return {Response._meta.db_table, Answer._meta.db_table,
            Answer._meta.get_field("choices").remote_field.through._meta.db_table}


def _current_xid() -> int:
    # In autocommit, each call is a transaction of its own: a fence in the xid sequence.
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current() % 4294967296")
        return cursor.fetchone()[0]


def _rows_written_between(first: int, last: int) -> dict[str, list[dict]]:
    """Every row of every table whose `xmin` lies strictly between two fences."""
    written = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f'SELECT * FROM "{table}" WHERE xmin::text::bigint > %s '  # noqa: S608
                "AND xmin::text::bigint < %s", [first, last])
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            if rows:
                written[table] = rows
    return written


def _columns(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_name = %s", [table])
        return dict(cursor.fetchall())


def _user_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {column for column, target in relations.items()
            if target[1] == User._meta.db_table}


def _assert_only_anonymous_answer_rows(written: dict[str, list[dict]]) -> None:
    # nothing but the answer tables was written: no participation, audit entry, counter,
    # notification or anything else naming (or merely written beside) the person
    assert set(written) <= _answer_tables(), sorted(set(written) - _answer_tables())
    assert written, "the answer itself was not found"
    for table, rows in written.items():
        columns = _columns(table)
        with connection.cursor() as cursor:
            primary_key = connection.introspection.get_primary_key_column(cursor, table)
        # random keys: no serial number orders the rows as they came
        assert primary_key is not None and columns[primary_key] == "uuid", (table, primary_key)
        for row in rows:
            named = {c: row[c] for c in _user_columns(table) if row[c] is not None}
            timed = {c: row[c] for c, kind in columns.items()
                     if kind in TIME_TYPES and row[c] is not None}
            assert not named and not timed, (table, named, timed)


def test_answering_writes_no_row_that_names_or_dates_the_answerer(survey):
    # given an eligible resident and the open consultation
    consultation, _clerk, questions = survey
    user = ResidentFactory().user
    # when they answer, between two transaction fences
    before = _current_xid()
    consultation_respond(consultation=consultation, user=user, answers=_answers(questions))
    after = _current_xid()
    # then the answer's transaction wrote only answer rows, with no user, time or serial id
    _assert_only_anonymous_answer_rows(_rows_written_between(before, after))


def test_answering_through_the_web_page_and_the_api_writes_nothing_else(survey, client):
    # given two residents, one on the web page, one on the API
    consultation, _clerk, questions = survey
    web_user, api_user = ResidentFactory().user, ResidentFactory().user
    client.force_login(web_user)
    api = APIClient()
    api.force_authenticate(api_user)
    hours, rating, remark = questions
    form = {f"q{hours.pk}": [str(c.pk) for c in hours.choices.all()[:1]],
            f"q{rating.pk}": "4", f"q{remark.pk}": "Merci"}
    # when each request runs between two fences
    before = _current_xid()
    page = client.post(f"/commissions/consultations/{consultation.pk}/", form)
    middle = _current_xid()
    answered = api.post(f"/api/v1/consultations/{consultation.pk}/respond/",
                        {"answers": {str(k): v for k, v in _answers(questions).items()}},
                        format="json")
    after = _current_xid()
    # then both were recorded, and no transaction of either request wrote anything else
    assert (page.status_code, answered.status_code) == (302, 201)
    _assert_only_anonymous_answer_rows(_rows_written_between(before, middle))
    _assert_only_anonymous_answer_rows(_rows_written_between(middle, after))


def test_a_second_answer_with_the_same_tag_is_refused_by_the_database(survey):
    # given a resident who answered
    consultation, _clerk, questions = survey
    user = ResidentFactory().user
    consultation_respond(consultation=consultation, user=user, answers=_answers(questions))
    tag = Response.objects.get(consultation=consultation).tag
    # when a second row with the same tag is written straight to the database
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=consultation, tag=tag)
    # then the database refuses it; the service says so in words
    with pytest.raises(Conflict) as error:
        consultation_respond(consultation=consultation, user=user, answers=_answers(questions))
    assert error.value.code == "already_answered"
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_two_simultaneous_answers_of_one_person_keep_one(survey):
    # given one resident sending the form twice at the same moment (two threads)
    consultation, _clerk, questions = survey
    user = ResidentFactory().user
    barrier = threading.Barrier(2)
    outcomes = []

    def answer():
        barrier.wait()
        try:
            consultation_respond(consultation=Consultation.objects.get(pk=consultation.pk),
                                 user=user, answers=_answers(questions))
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    # when both run
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one answer is kept and the other is told it was already given
    assert sorted(outcomes) == ["already_answered", "ok"]
    assert Response.objects.filter(consultation=consultation).count() == 1


def _physical_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT text FROM "{Answer._meta.db_table}" '  # noqa: S608
                       "WHERE text LIKE 'réponse %' ORDER BY ctid")
        return [row[0] for row in cursor.fetchall()]


def _response_rows(consultation) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id::text, xmin::text::bigint FROM "{Response._meta.db_table}" '  # noqa: S608
                       "WHERE consultation_id = %s ORDER BY ctid", [consultation.pk])
        return cursor.fetchall()


def test_closing_rewrites_the_answers_in_a_random_order_in_one_transaction(survey):
    # given twelve answers, stored in the order they came
    consultation, clerk, questions = survey
    texts = [f"réponse {i:02d}" for i in range(12)]
    for text in texts:
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers=_answers(questions, text=text))
    assert _physical_texts() == texts
    ids_before = {row[0] for row in _response_rows(consultation)}
    # when the consultation closes
    consultation_close(consultation=consultation, actor=clerk)
    # then every answer is still there, under new ids, written by one transaction, and their
    # physical order no longer follows the order of submission
    rows = _response_rows(consultation)
    assert len(rows) == 12 and not ids_before & {row[0] for row in rows}
    assert len({row[1] for row in rows}) == 1
    assert sorted(_physical_texts()) == texts and _physical_texts() != texts
    assert Answer.objects.filter(response__consultation=consultation, question=questions[0],
                                 choices__isnull=False).distinct().count() == 12

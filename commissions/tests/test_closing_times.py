"""Calls for members close at the end of their closing day, and public seats at a meeting's
start, by the clock: a call a clerk has not closed yet takes no late application, and the
pages stop offering the form."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from civic.errors import InvalidTransition
from commissions.models import Application, MeetingRegistration
from commissions.services.calls import application_submit
from commissions.services.meetings import meeting_register
from commissions.tests.factories import MeetingFactory, MemberCallFactory

pytestmark = pytest.mark.django_db

MOTIVATION = "Je souhaite m'investir pour mon quartier et la vie de la commune."
CLOSES_ON = date(2031, 3, 14)
LAST_SECOND = datetime(2031, 3, 14, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Alès
NEXT_MORNING = datetime(2031, 3, 15, 7, 0, tzinfo=UTC)
STARTS_AT = datetime(2031, 3, 14, 17, 30, tzinfo=UTC)  # 18:30 in Alès


@pytest.fixture
def call(residents_college):
    """A call still "open" in the database, taking applications until 14 March 2031."""
    return MemberCallFactory(seat_group=residents_college, closes_on=CLOSES_ON)


def test_an_application_on_the_closing_day_is_taken_until_midnight(call, resident):
    # given / when
    with time_machine.travel(LAST_SECOND, tick=False):
        application = application_submit(call=call, applicant=resident.user,
                                          motivation=MOTIVATION)
    # then
    assert Application.objects.get().pk == application.pk


def test_an_application_the_day_after_the_closing_day_is_refused(call, resident):
    # given / when
    with time_machine.travel(NEXT_MORNING, tick=False):
        with pytest.raises(InvalidTransition) as refused:
            application_submit(call=call, applicant=resident.user, motivation=MOTIVATION)
    # then
    assert refused.value.code == "call_closed"
    assert "14 mars 2031" in str(refused.value.message)
    assert not Application.objects.exists()


def test_apply_api_answers_409_call_closed_after_the_closing_day(call, resident):
    # given
    client = APIClient()
    client.force_authenticate(resident.user)
    # when
    with time_machine.travel(NEXT_MORNING, tick=False):
        response = client.post(f"/api/v1/calls/{call.pk}/apply/",
                               {"motivation": MOTIVATION}, format="json")
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "call_closed"
    assert "14 mars 2031" in response.json()["message"]


def test_the_call_page_stops_offering_the_form_after_the_closing_day(client, call, resident):
    # given
    url = reverse("commissions_web:call", args=[call.pk])
    with time_machine.travel(LAST_SECOND, tick=False):
        client.force_login(resident.user)
        before = client.get(url).content.decode()
    with time_machine.travel(NEXT_MORNING, tick=False):
        client.force_login(resident.user)
        # when
        after = client.get(url).content.decode()
        posted = client.post(url, {"motivation": MOTIVATION})
    # then
    assert 'name="motivation"' in before
    assert 'name="motivation"' not in after
    assert "14 mars 2031" in after
    assert posted.status_code == 400
    assert not Application.objects.exists()


def test_a_public_seat_is_refused_once_the_meeting_started_and_the_page_stops_offering_it(
        client, commission, resident):
    # given a public meeting still "planned" in the database
    meeting = MeetingFactory(commission=commission, starts_at=STARTS_AT)
    register_url = reverse("commissions_web:meeting_register", args=[meeting.pk])
    page_url = reverse("commissions_web:meeting", args=[meeting.pk])
    with time_machine.travel(STARTS_AT - timedelta(seconds=1), tick=False):
        client.force_login(resident.user)
        before = client.get(page_url).content.decode()
    # when
    with time_machine.travel(STARTS_AT + timedelta(minutes=10), tick=False):
        client.force_login(resident.user)
        after = client.get(page_url).content.decode()
        with pytest.raises(InvalidTransition) as refused:
            meeting_register(meeting=meeting, user=resident.user)
    # then
    assert register_url in before
    assert register_url not in after
    assert refused.value.code == "registration_closed"
    assert "18:30" in str(refused.value.message)
    assert not MeetingRegistration.objects.exists()

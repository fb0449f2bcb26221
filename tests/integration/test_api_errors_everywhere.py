"""Errors an API client can always parse: unknown routes and methods answer JSON in every
mode, and a filter value the API does not understand is refused, naming the parameter."""

import pytest
from rest_framework.test import APIClient

from budgets.tests.factories import BudgetFactory
from commissions.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("debug", [False, True], ids=["production", "embedded"])
def test_an_unknown_api_route_answers_404_in_json_in_every_mode(api, settings, debug):
    # given the embedded mode runs with DEBUG on
    settings.DEBUG = debug
    # when
    unknown = api.get("/api/v1/nothing-here/")
    not_an_id = api.get("/api/v1/initiatives/abc/")
    unversioned = api.get("/api/v2/budgets/")
    # then
    for response in (unknown, not_an_id, unversioned):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "embedded"])
def test_a_method_an_api_route_does_not_allow_answers_405_in_json(api, settings, debug,
                                                                  resident):
    # given a signed-in client (an anonymous one is asked to log in first)
    settings.DEBUG = debug
    api.force_authenticate(resident.user)
    # when
    response = api.delete("/api/v1/budgets/")
    # then
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_the_api_documentation_pages_stay_html(client, settings):
    # given
    settings.DEBUG = True
    # when
    docs = client.get("/api/docs/")
    # then
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")


def test_a_boolean_filter_refuses_a_value_other_than_true_or_false(api):
    # given one upcoming meeting and one held
    upcoming = MeetingFactory()
    MeetingFactory(held=True)
    # when
    perhaps = api.get("/api/v1/meetings/", {"upcoming": "perhaps"})
    yes = api.get("/api/v1/meetings/", {"upcoming": "true"})
    # then the unknown value is a 400 naming the parameter, in French
    assert perhaps.status_code == 400
    assert perhaps.json()["code"] == "invalid"
    assert perhaps.json()["fields"] == {
        "upcoming": ["Valeur invalide : « true » ou « false » attendu."]}
    assert [m["id"] for m in yes.json()["results"]] == [upcoming.pk]


def test_invalid_choice_and_number_filters_are_400_naming_the_parameter(api):
    # given
    BudgetFactory()
    # when
    status = api.get("/api/v1/budgets/", {"status": "someday"})
    year = api.get("/api/v1/budgets/", {"year": "last"})
    overdue = api.get("/api/v1/opinions/", {"overdue": "maybe"})
    # then
    assert (status.status_code, year.status_code, overdue.status_code) == (400, 400, 400)
    assert list(status.json()["fields"]) == ["status"]
    assert list(year.json()["fields"]) == ["year"]
    assert list(overdue.json()["fields"]) == ["overdue"]


def test_a_boolean_parameter_a_view_reads_itself_is_as_strict(api, resident):
    # given
    api.force_authenticate(resident.user)
    # when
    perhaps = api.get("/api/v1/notifications/", {"unread": "perhaps"})
    yes = api.get("/api/v1/notifications/", {"unread": "true"})
    # then
    assert perhaps.status_code == 400 and list(perhaps.json()["fields"]) == ["unread"]
    assert yes.status_code == 200

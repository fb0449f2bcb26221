"""REST-style routes (`POST /budgets/`) next to the older ones, which keep working and say
they are deprecated, in the schema and in every answer."""

import pytest
from rest_framework.test import APIClient

from budgets.models import ParticipatoryBudget

pytestmark = pytest.mark.django_db

BUDGET = {"year": 2026, "title": "BP 2026", "envelope_cents": 15_000_000,
          "ballot_kind": "knapsack", "rule": "mes-completed"}


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_clerk_creates_a_budget_with_post_on_the_collection(clerk, neighbourhood):
    # when
    created = _client(clerk).post("/api/v1/budgets/", {**BUDGET,
                                                       "neighbourhood": neighbourhood.code})
    listed = _client().get("/api/v1/budgets/")
    # then
    assert created.status_code == 201, created.json()
    assert "Deprecation" not in created
    assert [b["id"] for b in listed.json()["results"]] == [created.json()["id"]]


def test_the_collection_keeps_each_methods_permissions(resident):
    # when
    listed = _client().get("/api/v1/meetings/")
    anonymous = _client().post("/api/v1/budgets/", BUDGET)
    as_resident = _client(resident.user).post("/api/v1/budgets/", BUDGET)
    # then
    assert listed.status_code == 200
    assert (anonymous.status_code, as_resident.status_code) == (401, 403)
    assert not ParticipatoryBudget.objects.exists()


def test_the_older_route_still_works_and_points_to_its_successor(clerk, neighbourhood):
    # when
    created = _client(clerk).post("/api/v1/budgets/create/", {
        **BUDGET, "neighbourhood": neighbourhood.code})
    # then
    assert created.status_code == 201
    assert created["Deprecation"] == "true"
    assert created["Link"] == '</api/v1/budgets/>; rel="successor-version"'


def test_the_schema_marks_the_older_routes_deprecated_with_their_successor():
    # when
    schema = APIClient().get("/api/schema/?format=json").json()
    # then
    deprecated = {(method.upper(), path) for path, item in schema["paths"].items()
                  for method, operation in item.items() if operation.get("deprecated")}
    assert deprecated == {
        ("POST", "/api/v1/budgets/create/"), ("POST", "/api/v1/budget-debates/create/"),
        ("POST", "/api/v1/budgets/{id}/proposals/submit/"),
        ("POST", "/api/v1/commissions/create/"), ("POST", "/api/v1/meetings/create/"),
        ("POST", "/api/v1/consultations/create/")}
    old = schema["paths"]["/api/v1/budgets/create/"]["post"]
    assert "use `POST /api/v1/budgets/`" in old["description"]
    new = schema["paths"]["/api/v1/budgets/"]["post"]
    assert (new["operationId"], old["operationId"]) == ("budget_create",
                                                        "budget_create_deprecated")
    assert not [path for path, item in schema["paths"].items()
                if path.endswith("/create/") and not item["post"].get("deprecated")]

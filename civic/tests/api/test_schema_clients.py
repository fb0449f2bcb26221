"""The OpenAPI schema as an API client meets it: checked by a validator nobody on the team
wrote, and turned into a Python client by a generator."""

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


def test_the_schema_is_valid_openapi_3(schema):
    # when / then: raises on the first error, with its path in the schema
    validate(schema)


def test_every_operation_has_a_module_tag_a_description_and_a_readable_id(schema):
    # given
    tags = {tag["name"] for tag in schema["tags"]}
    operations = [(method.upper(), path, operation)
                  for path, item in schema["paths"].items() for method, operation in item.items()]
    # then
    assert {"accounts", "budgets", "initiatives", "commissions", "council", "counter"} <= tags
    assert [(m, p) for m, p, op in operations if len(op["tags"]) != 1
            or op["tags"][0] not in tags] == []
    assert [(m, p) for m, p, op in operations if not op.get("description")] == []
    assert [op["operationId"] for m, p, op in operations
            if op["operationId"].startswith("v1_") or op["operationId"].endswith("_create_create")
            ] == []
    ids = [op["operationId"] for m, p, op in operations]
    assert len(ids) == len(set(ids))


def test_the_token_endpoint_documents_its_username_field_as_the_e_mail(schema):
    # when
    description = " ".join(schema["paths"]["/api/v1/auth/token/"]["post"]["description"].split())
    # then
    assert "`username` is the account's e-mail" in description
    assert "e-mail and password" not in description

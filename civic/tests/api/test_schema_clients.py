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

"""The OpenAPI schema as an API client meets it: checked by a validator nobody on the team
wrote, and turned into a Python client by a generator."""

import pytest
from openapi_schema_validator import OAS30Validator
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


def _inline(node, components):
    """`node` with every `$ref` replaced by the component it names."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(components[node["$ref"].rsplit("/", 1)[1]], components)
        return {key: _inline(value, components) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, components) for value in node]
    return node


def test_every_body_and_parameter_has_an_example_valid_against_its_schema(schema):
    # given every JSON request body, JSON 2xx answer and parameter of every operation
    components = schema["components"]["schemas"]
    documented = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            request = operation.get("requestBody", {}).get("content", {})
            if "application/json" in request:
                documented.append((f"{where} request", request["application/json"]))
            for code, response in operation["responses"].items():
                media = response.get("content", {}).get("application/json")
                if code.startswith("2") and media is not None:
                    documented.append((f"{where} {code}", media))
            documented += [(f"{where} ?{p['name']}", p) for p in operation.get("parameters", [])]
    # then each has an example, and the example is valid
    assert len(documented) > 300
    assert [where for where, media in documented if "example" not in media] == []
    invalid = {where: error.message for where, media in documented
               for error in OAS30Validator(_inline(media["schema"], components))
               .iter_errors(media["example"])}
    assert invalid == {}


def test_the_main_operations_have_hand_written_examples(schema):
    # when
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    # then
    example = token["requestBody"]["content"]["application/json"]["example"]
    assert example == {"username": "camille.martin@exemple.fr",
                       "password": "motdepasse-solide-42"}

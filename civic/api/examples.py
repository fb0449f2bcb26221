"""An example for every operation of the schema (a drf-spectacular postprocessing hook).

Request and response bodies get the hand-written example of `EXAMPLES` when there is one,
otherwise one built from their schema: every required and optional field with a plausible
value of its type, format and bounds (an enum's first value, a date in the platform's
lifetime, a slug for a code...). Operations without a body show an example of each query
and path parameter. civic/tests/api/test_schema_clients.py checks that every example is
valid against its schema.
"""

from typing import Any

MAX_DEPTH = 6
HEX64 = "9f2c" * 16

# Hand-written examples, by operation id: `request` and/or `response` (the 2xx body).
EXAMPLES: dict[str, dict[str, Any]] = {
    "token_obtain": {
        "request": {"username": "camille.martin@exemple.fr", "password": "motdepasse-solide-42"},
        "response": {"token": "3f9a0c5e7b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d0e2f",
                     "expiry": "2026-04-13T18:30:00+02:00"},
    },
    "ballot_cast": {
        "request": {"choices": [{"proposal": 12, "points": 1}, {"proposal": 15, "points": 1}]},
    },
    "signature_add": {"request": {"show_name": True}},
    "budget_create": {"request": {
        "year": 2026, "neighbourhood": "centre-ville", "title": "Budget participatif 2026",
        "envelope_cents": 15_000_000, "ballot_kind": "knapsack", "rule": "mes-completed"}},
    "meeting_create": {"request": {
        "commission": "conseil-de-quartier-centre-ville", "title": "Réunion plénière",
        "starts_at": "2026-03-12T18:30:00+01:00", "place": "Hôtel de ville, salle Jean Moulin",
        "visibility": "public", "public_capacity": 30}},
    "webhook_create": {"request": {
        "url": "https://data.ales.fr/decidons/webhook",
        "events": ["budget.results_published", "meeting.changed"]}},
    "council_session_create": {"request": {"starts_at": "2026-03-26T18:00:00+01:00",
                                           "place": "Hôtel de ville, salle du conseil"}},
    "audit_verify": {"request": {"heads": [{"entry_count": 1200, "head_hash": HEX64}]}},
}


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _string(schema: dict, name: str) -> str:
    formats = {"date": "2026-03-14", "date-time": "2026-03-14T18:30:00+01:00",
               "email": "camille.martin@exemple.fr", "uuid": "5b0e8a44-2c1f-4c1e-9d0e-2f6c1a7b3e90",
               "uri": "https://decidons.ales.fr/", "time": "18:30:00", "decimal": "12.50"}
    pattern = schema.get("pattern", "")
    if pattern == "^[0-9a-fA-F]{64}$":
        return HEX64
    if pattern.startswith("^-?\\d"):
        return "12.50"
    if schema.get("format") in formats:
        return formats[schema["format"]]
    lowered = name.lower()
    if "email" in lowered:
        value = formats["email"]
    elif "url" in lowered:
        value = "https://decidons.ales.fr/"
    elif lowered == "commission":
        value = "conseil-de-quartier-centre-ville"
    elif pattern == "^[-a-zA-Z0-9_]+$" or lowered in {"neighbourhood", "code", "slug"}:
        value = "centre-ville"
    elif "password" in lowered:
        value = "motdepasse-solide-42"
    elif "title" in lowered or lowered == "name":
        value = "Jardin partagé rue d'Avéjan"
    else:
        value = "Texte libre."
    value = value[: schema.get("maxLength", len(value))]
    return value.ljust(schema.get("minLength", 0), "x")


def _number(schema: dict, name: str) -> int | float:
    lowered = name.lower()
    value: int | float = 2026 if lowered == "year" else (
        1_500_000 if lowered.endswith("_cents") else 1)
    if "minimum" in schema:
        value = max(value, schema["minimum"] + (1 if schema.get("exclusiveMinimum") else 0))
    if "maximum" in schema:
        value = min(value, schema["maximum"] - (1 if schema.get("exclusiveMaximum") else 0))
    return value if schema.get("type") == "integer" else float(value)


def example_of(schema: dict, components: dict, *, name: str = "", depth: int = 0,
               direction: str = "response") -> Any:
    """A value valid against `schema` (OpenAPI 3.0), following `$ref`s in `components`."""
    schema = _resolve(schema, components)
    for key in ("example", "default"):
        if schema.get(key) is not None:
            return schema[key]
    if schema.get("enum"):
        return next(value for value in schema["enum"] if value is not None)
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            return example_of(schema[key][0], components, name=name, depth=depth,
                              direction=direction)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object":
        if depth >= MAX_DEPTH:
            return {}
        skip = "writeOnly" if direction == "response" else "readOnly"
        return {key: example_of(sub, components, name=key, depth=depth + 1, direction=direction)
                for key, sub in schema.get("properties", {}).items()
                if not _resolve(sub, components).get(skip)}
    if kind == "array":
        if depth >= MAX_DEPTH:
            return []
        item = example_of(schema.get("items", {}), components, name=name, depth=depth + 1,
                          direction=direction)
        return [item] * max(schema.get("minItems", 1), 1)
    if kind == "string":
        return _string(schema, name)
    if kind in {"integer", "number"}:
        return _number(schema, name)
    if kind == "boolean":
        return True
    return None


def _add_body_examples(operation: dict, components: dict) -> None:
    written = EXAMPLES.get(operation["operationId"], {})
    request = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if request is not None and "example" not in request and "examples" not in request:
        request["example"] = written.get("request") or example_of(
            request["schema"], components, direction="request")
    for code, response in operation.get("responses", {}).items():
        media = response.get("content", {}).get("application/json")
        if not code.startswith("2") or media is None or "examples" in media:
            continue
        media.setdefault("example", written.get("response") or example_of(
            media["schema"], components))


def postprocess_examples(result: dict, generator: Any, request: Any, public: bool) -> dict:
    components = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for operation in item.values():
            _add_body_examples(operation, components)
            for parameter in operation.get("parameters", []):
                if "example" not in parameter and "examples" not in parameter:
                    parameter["example"] = example_of(parameter.get("schema", {}), components,
                                                      name=parameter["name"])
    return result

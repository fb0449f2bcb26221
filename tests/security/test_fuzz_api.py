"""Schemathesis over the whole OpenAPI schema, in-process, as a resident and as a clerk.

Schemathesis' pytest plugin does not run under our pytest, so one ordinary test drives it:
for every operation, hypothesis draws a bounded number of positive and negative cases, each
is sent through Django's WSGI application with a token, and schemathesis' own checks judge
the response (no server error, status code, content type and body documented in the schema).
"""

import json
import os
import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

from civic.services.tokens import token_issue
from petitions.models import CitizenInitiative
from tests.security.matrix import Row, kwargs_of
from tests.security.world import build_world

# Cases per operation, generation mode and persona (FUZZ_EXAMPLES to explore further).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CHECK_NAMES = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
               "response_schema_conformance")
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])


class _Undo(Exception):
    pass


def _checks() -> list:
    return CHECKS.get_by_names(CHECK_NAMES)


def _real_path_parameters(operation, world) -> dict | None:
    """The permission matrix's existing object for this operation, so cases also reach past
    the 404 of a random id into the operation's own validation and rules."""
    if "{" not in operation.path:
        return None
    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", operation.path))
    except Resolver404:
        return None
    row = Row(operation.method.upper(), f"{match.namespace}:{match.url_name}", (), "")
    kwargs = kwargs_of(row)(world)
    # drf-spectacular names a `pk` path parameter `id`
    real = {("id" if key == "pk" else key): value for key, value in kwargs.items()}
    names = set(re.findall(r"\{([^}]+)\}", operation.path))
    return real if real and set(real) == names else None


def _fuzz(operation, mode, token, checks, figures, failures,
          path_parameters=None) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @hypothesis.given(case=strategy)
    @SETTINGS
    def run(case) -> None:
        cache.clear()  # throttles count per case, not across the whole run
        try:
            with transaction.atomic():  # nothing a case writes leaks into the next
                try:
                    case.call_and_validate(headers={"Authorization": f"Token {token}"},
                                           checks=checks)
                except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (collected, reported together)
                    failures.append(f"{operation.label} [{mode.value}]: {exc}"[:2000])
                figures["cases"] += 1
                raise _Undo
        except _Undo:
            pass

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        # An operation with no input at all has no invalid variant to send.
        figures["no_negative"] += 1


def _count_signatures_as_signing_does(world) -> None:
    """The factories add signatures without the counter that signing keeps; set it, so that
    invalidating a signature meets the state the application would really be in."""
    for initiative in CitizenInitiative.objects.all():
        valid = initiative.signatures.filter(status="valid").count()
        CitizenInitiative.objects.filter(pk=initiative.pk).update(
            signature_count=max(valid, initiative.signature_count))


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests go straight to the WSGI handler, whose end-of-request hook would close the
    test's database connection (and its transaction); Django's own test client unhooks it
    the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_every_api_operation_survives_generated_input_without_server_error_or_schema_violation():
    # given
    world = build_world()
    _count_signatures_as_signing_does(world)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    tokens = {persona: token_issue(user=user)[1] for persona in ("same", "clerk")
              if (user := world.users[persona]) is not None}
    figures = {"cases": 0, "operations": 0, "with_real_objects": 0, "no_negative": 0}
    failures: list[str] = []
    checks = _checks()
    # when
    for result in schema.get_all_operations():
        operation = result.ok()
        figures["operations"] += 1
        real = _real_path_parameters(operation, world)
        figures["with_real_objects"] += bool(real)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for token in tokens.values():
                _fuzz(operation, mode, token, checks, figures, failures)
                if real:
                    _fuzz(operation, mode, token, checks, figures, failures, real)
    # then
    print(f"\nfuzz: {figures}, {len(failures)} failures")
    assert not failures, "\n\n".join(failures)


def _as(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _owned_by_a(world, a: Client) -> dict:
    """Resident A's private things, made through the API as A would make them."""
    draft = a.post(reverse("api:initiative-list"), {
        "title": "Un marché le dimanche", "reasons": "Pour animer le centre.",
        "operative_text": "Le conseil crée un marché."}, content_type="application/json")
    export = a.post(reverse("api:data-export"))
    ballot = a.post(reverse("api:budget-ballot-cast", args=[world.voting.pk]), {
        "choices": [{"proposal": world.voting_proposals[0].pk, "points": 1}]},
        content_type="application/json")
    assert (draft.status_code, export.status_code, ballot.status_code) == (201, 201, 200)
    return {"draft": draft.json()["id"], "export_url": export.json()["download_url"]}


# Every way resident B could reach resident A's private objects (B is a verified resident of
# another neighbourhood; A owns the draft, the export link, the ballot, the notification and
# the application).
INTRUSIONS = [
    ("GET", "api:initiative-detail", "draft", None),
    ("GET", "api:initiative-versions", "draft", None),
    ("POST", "api:initiative-text", "draft", {"title": "Détourné", "reasons": "B.",
                                               "operative_text": "B."}),
    ("POST", "api:initiative-submit", "draft", None),
    ("POST", "api:initiative-withdraw", "draft", None),
    ("POST", "api:notification-read", "notification", None),
    ("POST", "api:commissions-application-withdraw", "application", None),
    ("GET", "export", "export_url", None),
]


@pytest.mark.django_db
def test_a_resident_cannot_read_or_change_another_residents_private_objects_through_the_api():
    # given
    world = build_world()
    a, b = _as(world.users["same"]), _as(world.users["other"])
    owned = {**_owned_by_a(world, a), "notification": world.notification.pk,
             "application": world.application.pk}
    before = a.get(reverse("api:initiative-detail", args=[owned["draft"]])).json()
    # when
    answers = {}
    for method, name, key, body in INTRUSIONS:
        url = owned[key] if name == "export" else reverse(name, args=[owned[key]])
        response = b.generic(method, url, json.dumps(body or {}),
                             content_type="application/json")
        answers[(method, name)] = response.status_code
    # then: refused or not even confirmed to exist, and nothing of A's changed or leaked
    assert {k: v for k, v in answers.items() if v not in (403, 404, 410)} == {}
    assert a.get(reverse("api:initiative-detail", args=[owned["draft"]])).json() == before
    world.notification.refresh_from_db()
    world.application.refresh_from_db()
    assert world.notification.read_at is None
    assert world.application.status == "pending"
    assert b.get(reverse("api:budget-ballot-mine", args=[world.voting.pk])).status_code == 404
    assert world.notification.pk not in {
        n["id"] for n in b.get(reverse("api:notification-list")).json()["results"]}
    assert a.get(owned["export_url"]).status_code == 200  # B's attempt did not use up A's link

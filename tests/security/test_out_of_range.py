"""A 4xx, never a 500, for JSON the parser refuses and for out-of-range ids (issue 12).

The id cases run on the suite's database (PostgreSQL under scripts/test) and once more, in a
subprocess, on the embedded SQLite, where Python's int does not fit the driver's and used to
raise OverflowError.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

HUGE = 2**70
ROOT = Path(__file__).resolve().parents[2]
API_URLS = [f"/api/v1/initiatives/{HUGE}/", f"/api/v1/budgets/{HUGE}/",
            f"/api/v1/comments/?target=budgets.proposal:{HUGE}",
            f"/api/v1/notifications/{HUGE}/read/"]
PAGES = [f"/initiatives/{HUGE}/", f"/budgets/{HUGE}/", f"/budgets/projets/{HUGE}/"]


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("url", API_URLS + PAGES)
def test_an_id_beyond_the_database_range_answers_404_not_500(url):
    # given a logged-in resident, with production's DEBUG off
    client = _client(ResidentFactory().user)
    with override_settings(DEBUG=False):
        # when they ask for an id of 2**70 (GET, and POST where the route takes one)
        answers = [client.get(url), client.post(url, {}, content_type="application/json")]
    # then each is a client error
    for answer in answers:
        assert 400 <= answer.status_code < 500, (url, answer.status_code)
        if url.startswith("/api/"):
            assert answer["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("url", "body"), [
    ("/api/v1/comments/", {"target": f"budgets.proposal:{HUGE}", "body": "Bonjour"}),
    ("/api/v1/budgets/1/ballot/cast/", {"choices": {str(HUGE): 1}}),
    ("/api/v1/budgets/1/ballot/cast/", {"choices": [HUGE]}),
    ("/api/v1/initiatives/", {"title": "T", "reasons": "R", "operative_text": "O",
                              "neighbourhood": HUGE}),
    ("/api/v1/residents/register/", {"neighbourhood": HUGE}),
])
def test_an_out_of_range_id_in_a_body_answers_a_client_error(url, body, neighbourhood):
    from budgets.tests.factories import BudgetFactory

    BudgetFactory(neighbourhood=neighbourhood, voting=True)
    client = _client(ResidentFactory(neighbourhood=neighbourhood).user)
    with override_settings(DEBUG=False):
        answer = client.post(url, body, content_type="application/json")
    assert 400 <= answer.status_code < 500
    assert "code" in answer.json()


def test_json_nested_100000_deep_answers_400_in_json():
    # given a body the JSON parser cannot hold (RecursionError in Python's json)
    deep = "[" * 100_000 + "]" * 100_000
    client = _client(ResidentFactory().user)
    with override_settings(DEBUG=False):
        # when it is posted to the API
        answer = client.post("/api/v1/comments/", deep, content_type="application/json")
    # then it is refused as malformed, in the API's error format
    assert answer.status_code == 400
    assert answer.json()["code"] == "parse_error"


def test_json_nested_100000_deep_answers_400_under_production_settings():
    # given the production settings module (a real gunicorn worker's, in a subprocess)
    from tests.security.test_hardening import _run_with_production_settings

    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False, HTTP_X_FORWARDED_PROTO='https',"
        " SERVER_NAME='decidons.ales.fr')\n"
        "r = c.post('/api/v1/auth/token/', '[' * 100000 + ']' * 100000,"
        " content_type='application/json')\n"
        "print(r.status_code, r['Content-Type'])\n")
    result = _run_with_production_settings("-c", code)
    assert result.returncode == 0, result.stderr[-2000:]
    status, content_type = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "400" and content_type.startswith("application/json")


@pytest.mark.skipif(os.environ.get("DECIDONS_OUT_OF_RANGE_ON_SQLITE") == "1",
                    reason="this is the run on SQLite itself")
def test_the_same_ids_answer_404_on_the_embedded_sqlite(tmp_path):
    # given the embedded default database (no DATABASE_URL)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DECIDONS_OUT_OF_RANGE_ON_SQLITE"] = "1"
    # when this module's id tests run there
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db",
         str(Path(__file__)), "-k", "out_of_range_id or beyond_the_database_range"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    # then they pass on SQLite too
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout

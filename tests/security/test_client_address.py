"""The client's address behind the load balancer, and the limits keyed on it (issue 12).

These run with the values `config.settings.production` really sets (read in a subprocess)
with `DECIDONS_TRUSTED_PROXIES=1`: every request reaches Django from the load balancer
(REMOTE_ADDR 10.0.0.2), which appends the address it saw to X-Forwarded-For; whatever the
client wrote in that header comes before it.
"""

import json

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from civic.tests.factories import ResidentFactory, staff_user
from tests.security.test_hardening import PASSWORD, _run_with_production_settings

pytestmark = pytest.mark.django_db

LOGIN = reverse("frontend:login")
BALANCER = "10.0.0.2"
NAMES = ["REST_FRAMEWORK", "AXES_FAILURE_LIMIT", "AXES_LOCKOUT_PARAMETERS",
         "AXES_CLIENT_IP_CALLABLE", "DECIDONS_TRUSTED_PROXIES",
         "DECIDONS_LOGIN_FAILURES_PER_ADDRESS", "SECURE_PROXY_SSL_HEADER",
         "SECURE_SSL_REDIRECT"]


@pytest.fixture(scope="module")
def production_values():
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {NAMES!r}}}))")
    import os

    os.environ["DECIDONS_TRUSTED_PROXIES"] = "1"
    try:
        result = _run_with_production_settings("-c", code)
    finally:
        del os.environ["DECIDONS_TRUSTED_PROXIES"]
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    return {k: (tuple(v) if k == "SECURE_PROXY_SSL_HEADER" else v)
            for k, v in values.items() if v is not None}


@pytest.fixture
def behind_proxy(production_values):
    assert production_values.get("DECIDONS_TRUSTED_PROXIES") == 1
    with override_settings(**production_values), time_machine.travel(
            "2026-06-01 10:00:30+02:00", tick=False):
        yield production_values


def through_balancer(seen: str, *, written: str = "") -> Client:
    """A browser at address `seen`, whose request carries `written` in X-Forwarded-For."""
    header = f"{written}, {seen}" if written else seen
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=header,
                  HTTP_X_FORWARDED_PROTO="https")


def test_rotating_x_forwarded_for_does_not_escape_the_anonymous_throttle(behind_proxy):
    # given the anonymous rate of production (120 a minute)
    allowed = int(behind_proxy["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]["anon"].split("/")[0])
    # when one client sends 300 requests, writing a new X-Forwarded-For each time
    statuses = [through_balancer("198.51.100.7", written=f"203.0.113.{i % 250}")
                .get("/api/v1/neighbourhoods/").status_code for i in range(300)]
    # then the throttle counts them as one client's
    assert statuses.count(200) == allowed
    assert statuses[allowed:] == [429] * (300 - allowed)
    # and another client behind the same balancer is not affected
    assert through_balancer("198.51.100.8").get("/api/v1/neighbourhoods/").status_code == 200


def test_rotating_x_forwarded_for_does_not_escape_the_token_endpoints_limit(behind_proxy):
    # given the token endpoint's production rate
    allowed = int(behind_proxy["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])
    url = reverse("api:auth-token")
    # when one client asks 40 times, rotating the header
    statuses = [through_balancer("198.51.100.7", written=f"203.0.113.{i}")
                .post(url, {"username": f"x{i}@exemple.fr", "password": "devine"},
                      content_type="application/json").status_code for i in range(40)]
    # then only the allowed number reach the endpoint
    assert statuses.count(429) == 40 - allowed


def test_failures_from_one_client_do_not_lock_the_account_for_everyone_behind_the_proxy(
        behind_proxy):
    # given a moderator, and an attacker who tries five wrong passwords from one client
    moderator = staff_user("moderator", email="moderation@exemple.fr")
    moderator.set_password(PASSWORD)
    moderator.save()
    for i in range(behind_proxy["AXES_FAILURE_LIMIT"]):
        through_balancer("203.0.113.66", written=f"192.0.2.{i}").post(
            LOGIN, {"username": moderator.email, "password": "devine"})
    # when the moderator logs in from the town hall, through the same balancer
    at_work = through_balancer("198.51.100.7")
    response = at_work.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    # then she gets in, while the attacker's client stays locked whatever header it writes
    assert response.status_code == 302
    assert at_work.session["_auth_user_id"] == str(moderator.pk)
    locked = through_balancer("203.0.113.66", written="198.51.100.7").post(
        LOGIN, {"username": moderator.email, "password": PASSWORD})
    assert locked.status_code == 429


def test_password_spraying_across_many_accounts_is_limited_per_address(behind_proxy):
    # given many accounts and one client trying one wrong password on each
    limit = behind_proxy["DECIDONS_LOGIN_FAILURES_PER_ADDRESS"]
    accounts = [ResidentFactory(user__email=f"cible{i}@exemple.fr").user
                for i in range(limit + 1)]
    sprayer = through_balancer("203.0.113.66")
    statuses = [sprayer.post(LOGIN, {"username": u.email, "password": "Printemps2026!"})
                .status_code for u in accounts[:limit]]
    # when it then tries one more account, even with its right password
    last = sprayer.post(LOGIN, {"username": accounts[-1].email, "password": PASSWORD})
    # then the address is refused with the lockout page; the account's owner still gets in
    assert statuses == [200] * limit
    assert last.status_code == 429
    assert "_auth_user_id" not in sprayer.session
    owner = through_balancer("198.51.100.7")
    assert owner.post(LOGIN, {"username": accounts[-1].email, "password": PASSWORD}
                      ).status_code == 302
    # and the API token endpoint is refused to that address as well
    token = sprayer.post(reverse("api:auth-token"),
                         {"username": accounts[-1].email, "password": PASSWORD},
                         content_type="application/json")
    assert token.status_code == 429 and "token" not in token.json()

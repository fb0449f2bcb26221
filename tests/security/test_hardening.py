"""Hardening: production settings, security headers, CSRF, login lockout, throttles under
concurrency, and account pages that do not reveal which addresses have an account."""

import json
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from civic.tests.factories import ResidentFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "motdepasse-solide-42"
LOGIN = reverse("frontend:login")
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-key-for-the-deploy-check-0123456789",
    "DATABASE_URL": "postgres://decidons@db.invalid:5432/decidons",
    "REDIS_URL": "redis://cache.invalid:6379/0",
    "DJANGO_ALLOWED_HOSTS": "decidons.ales.fr",
    "EMAIL_HOST": "smtp.ales.invalid",
    "DECIDONS_SECRECY_KEY": "s" * 20 + "-production-like-secrecy-key-0123456789",
}
COOKIE_SETTINGS = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER", "DEBUG",
]


def _run_with_production_settings(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(PRODUCTION_ENV)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def _production_values() -> dict:
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {COOKIE_SETTINGS!r}}}))")
    result = _run_with_production_settings("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Production settings ----------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_with_warnings_as_failures():
    # given the production settings and the environment a deployment provides
    # when Django's deployment checklist runs
    result = _run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    # then it finds nothing, not even a warning
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    # given a deployment that forgot its secret key
    env_backup = PRODUCTION_ENV["DJANGO_SECRET_KEY"]
    PRODUCTION_ENV["DJANGO_SECRET_KEY"] = ""
    try:
        # when the settings load
        result = _run_with_production_settings("manage.py", "check")
    finally:
        PRODUCTION_ENV["DJANGO_SECRET_KEY"] = env_backup
    # then they refuse to, naming the missing variable
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_production_cookies_are_secure_and_http_only_and_hsts_is_sent(client, resident):
    # given the values the production module really sets
    values = _production_values()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    values.pop("DEBUG")
    with override_settings(**values):
        # when a resident logs in over HTTPS
        client.get(LOGIN, secure=True)
        response = client.post(LOGIN, {"username": resident.user.email, "password": PASSWORD},
                               secure=True)
    # then the browser is told to keep to HTTPS for a year, subdomains included
    assert response.status_code == 302
    hsts = response.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    # and the session and CSRF cookies never travel in clear nor reach scripts
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


@pytest.mark.django_db
def test_production_redirects_plain_http_to_https(client):
    # given the production HTTPS redirect
    values = _production_values()
    with override_settings(SECURE_SSL_REDIRECT=values["SECURE_SSL_REDIRECT"]):
        # when a page is asked for over plain HTTP
        response = client.get("/budgets/")
    # then the answer is a permanent redirect to the same page over HTTPS
    assert response.status_code == 301
    assert response.url == "https://testserver/budgets/"


# --- Content-Security-Policy ------------------------------------------------------------

MAIN_PAGES = ["/", "/budgets/", "/initiatives/", "/commissions/", "/commissions/avis/",
              "/commissions/consultations/", "/connexion/", "/inscription/",
              "/mot-de-passe/oubli/", "/initiatives/charte/", "/api/docs/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_pages_send_a_content_security_policy_without_inline_scripts(client, path):
    # given a public page
    # when it is fetched
    response = client.get(path)
    # then the policy allows scripts only from the site itself, never inline or eval
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"]
        .split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'"
    if path == "/api/docs/":
        # (Swagger UI styles its elements from JavaScript: inline styles, on this page only)
        assert policy["style-src"] == "'self' 'unsafe-inline'"
    else:
        assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # and the page itself carries no inline script the policy would block
    html = response.text
    assert "<script>" not in html and " onclick=" not in html and "javascript:" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_no_content_security_policy_violation_on_the_main_pages(page):
    # given a verified resident logged in, so the personal pages are covered too
    ResidentFactory(user__email="csp@exemple.fr")
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: violations.append(f"{page.url}: {exc}"))
    for path in MAIN_PAGES:
        # when Chromium loads each main page
        page.goto(path)
        page.wait_for_load_state("load")
    from tests.browser import login

    login(page, "csp@exemple.fr")
    for path in ("/compte/", "/compte/notifications/", "/initiatives/mes-initiatives/",
                 "/commissions/mes-sieges/"):
        page.goto(path)
        page.wait_for_load_state("load")
    # then no page triggers a single policy violation (nor a script error)
    assert violations == []


# --- CSRF on session-authenticated writes -------------------------------------------------


@pytest.mark.django_db
def test_a_logged_in_post_without_the_csrf_token_is_refused_on_the_web_and_the_api(resident):
    # given a resident logged in by session, in a client that enforces CSRF like a browser
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident.user)
    # when a forged form and a forged API call arrive without the token
    web = client.post(reverse("frontend:account_edit"), {"first_name": "Pirate"})
    api = client.post("/api/v1/notifications/read-all/", {}, content_type="application/json")
    # then both are refused and nothing changed
    assert web.status_code == 403
    assert api.status_code == 403
    assert api.json()["code"] == "permission_denied"
    resident.user.refresh_from_db()
    assert resident.user.first_name != "Pirate"


# --- Login lockout ------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_locks_after_repeated_failures_from_one_address(settings):
    # given an attacker guessing a resident's password from one address
    victim = ResidentFactory(user__email="victime@exemple.fr").user
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN, {"username": victim.email, "password": "devine"})
    # when the attacker then tries the right password from that address
    response = attacker.post(LOGIN, {"username": victim.email, "password": PASSWORD})
    # then the login stays locked
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


@pytest.mark.django_db
def test_an_attacker_elsewhere_cannot_lock_a_resident_out_of_their_own_account(settings):
    # given an attacker who exhausted the failures for a resident's account
    victim = ResidentFactory(user__email="victime@exemple.fr").user
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        attacker.post(LOGIN, {"username": victim.email, "password": "devine"})
    # when the resident logs in from home, on another address
    at_home = Client(REMOTE_ADDR="198.51.100.7")
    response = at_home.post(LOGIN, {"username": victim.email, "password": PASSWORD})
    # then she gets in
    assert response.status_code == 302
    assert at_home.session["_auth_user_id"] == str(victim.pk)
    # and the attacker's address cannot try other accounts' right password either way
    neighbour = ResidentFactory(user__email="voisin@exemple.fr").user
    assert attacker.post(LOGIN, {"username": neighbour.email, "password": PASSWORD}
                         ).status_code == 302


@pytest.mark.django_db
def test_the_api_token_endpoint_is_locked_by_the_same_failures(settings):
    # given repeated wrong passwords through the API from one address
    victim = ResidentFactory(user__email="victime@exemple.fr").user
    api = Client(REMOTE_ADDR="203.0.113.66")
    url = reverse("api:auth-token")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(url, {"username": victim.email, "password": "devine"},
                 content_type="application/json")
    # when the right password is then tried from that address
    response = api.post(url, {"username": victim.email, "password": PASSWORD},
                        content_type="application/json")
    # then no token is issued: the credentials are refused as if wrong
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.json()


# --- Throttles under concurrency ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_token_throttle_lets_exactly_the_allowed_number_through_when_requests_race(
    postgres_only, redis_url, settings
):
    # given the shared Redis cache, an auth rate of 20 a minute and 30 accounts
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache",
                                   "LOCATION": redis_url}}
    from django.core.cache import cache

    cache.clear()
    allowed = 20
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": f"{allowed}/hour"}}
    users = [ResidentFactory(user__email=f"course{i}@exemple.fr").user for i in range(30)]
    barrier = threading.Barrier(len(users))

    def ask_token(email: str) -> int:
        try:
            client = Client(REMOTE_ADDR="192.0.2.10")
            barrier.wait()
            return client.post(reverse("api:auth-token"),
                               {"username": email, "password": PASSWORD},
                               content_type="application/json").status_code
        finally:
            connection.close()

    # when 30 requests from one address hit the token endpoint at the same moment
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        statuses = list(pool.map(ask_token, [u.email for u in users]))
    cache.clear()
    # then exactly the allowed number get a token and the others are told to wait
    assert sorted(statuses).count(200) == allowed, statuses
    assert statuses.count(429) == len(users) - allowed


# --- No account enumeration ---------------------------------------------------------------


def _page_without(text: str, *secrets: str) -> str:
    """The page with the typed address and the per-request CSRF token blanked out."""
    for secret in secrets:
        text = text.replace(secret, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    # given one address with an account and one without
    known = ResidentFactory(user__email="connue@exemple.fr").user.email
    unknown = "inconnue@exemple.fr"
    url = reverse("frontend:password_reset")
    # when a reset is asked for each
    answers = [client.post(url, {"email": email}) for email in (known, unknown)]
    pages = [client.get(a.url) for a in answers]
    # then both answers are the same redirect to the same page
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].url == answers[1].url
    assert _page_without(pages[0].text) == _page_without(pages[1].text)
    # and only the owner of the known address receives a message
    assert [m.to for m in mail.outbox] == [[known]]


@pytest.mark.django_db
def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(neighbourhood):
    # given one address with an account and one without
    ResidentFactory(user__email="prise@exemple.fr")
    answers, pages = [], []
    for email in ("prise@exemple.fr", "libre@exemple.fr"):
        client = Client()
        # when someone signs up with each
        answers.append(client.post(reverse("frontend:signup"), {
            "email": email, "password1": "Cevennes-2026-soleil",
            "password2": "Cevennes-2026-soleil", "first_name": "Yasmine", "last_name": "Keller",
            "neighbourhood": str(neighbourhood.pk), "date_of_birth": "1990-03-14",
            "postal_address": "8 rue Deparcieux\n30100 Alès", "preferred_language": "fr"}))
        pages.append(client.get(answers[-1]["Location"]).text)
    # then the answer and the page shown are identical but for the address typed
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert _page_without(pages[0], "prise@exemple.fr") == _page_without(
        pages[1], "libre@exemple.fr")

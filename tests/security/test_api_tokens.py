"""API tokens: hashed, expiring, listed and revoked by their owner, dead after a password
change or reset; the token endpoint keeps its path and request shape (issue 12)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civic.tests.factories import ResidentFactory
from tests.security.test_hardening import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def _token(user) -> str:
    response = APIClient().post(TOKEN_URL, {"username": user.email, "password": PASSWORD},
                                format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/me/").status_code


def _as(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _tables_holding(text: str) -> list[str]:
    """Every table with a text column holding `text`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                if column.type_code not in (25, 1043, 1042):  # text, varchar, char (PostgreSQL)
                    continue
                cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column.name}" = %s', [text])
                if cursor.fetchone():
                    found.append(f"{table}.{column.name}")
    return found


def test_the_token_endpoint_keeps_its_path_and_request_shape_and_the_token_works(resident):
    token = _token(resident.user)
    assert _me(token) == 200


def test_a_token_is_stored_only_as_a_hash(resident, postgres_only):
    token = _token(resident.user)
    assert _tables_holding(token) == []


def test_a_token_expires(resident):
    token = _token(resident.user)
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    with time_machine.travel(timezone.now() + ttl + timedelta(minutes=1)):
        assert _me(token) == 401


def test_the_owner_lists_and_revokes_their_tokens_and_sees_no_one_elses(resident):
    phone, laptop = _token(resident.user), _token(resident.user)
    other = _token(ResidentFactory().user)
    # when the resident lists their tokens from the laptop
    listed = _as(laptop).get("/api/v1/auth/tokens/")
    # then both of theirs are there (never the secret), none of the other person's
    assert listed.status_code == 200
    rows = listed.json()["results"] if "results" in listed.json() else listed.json()
    assert len(rows) == 2
    assert all(phone not in str(row) and laptop not in str(row) for row in rows)
    assert all({"id", "created", "expiry"} <= set(row) for row in rows)
    # when they revoke the phone's
    phone_row = next(r for r in rows if phone.startswith(r["id"]))
    revoked = _as(laptop).delete(f"/api/v1/auth/tokens/{phone_row['id']}/")
    # then the phone is out, the laptop still in, and nobody else's token can be revoked
    assert revoked.status_code == 204
    assert _me(phone) == 401 and _me(laptop) == 200
    assert _as(laptop).delete(f"/api/v1/auth/tokens/{other[:15]}/").status_code == 404
    assert _me(other) == 200


def test_a_password_change_kills_the_accounts_tokens(resident):
    token = _token(resident.user)
    browser = Client()
    browser.force_login(resident.user)
    changed = browser.post(reverse("frontend:password_change"), {
        "old_password": PASSWORD, "new_password1": "Cevennes-2027-pluie",
        "new_password2": "Cevennes-2027-pluie"})
    assert changed.status_code == 302
    assert _me(token) == 401


def test_a_password_reset_kills_the_accounts_tokens(resident):
    token = _token(resident.user)
    browser = Client()
    browser.post(reverse("frontend:password_reset"), {"email": resident.user.email})
    link = re.search(r"https?://\S+/mot-de-passe/nouveau/\S+/", str(mail.outbox[-1].body)).group(0)
    form = browser.get(link, follow=True)
    browser.post(form.redirect_chain[-1][0] if form.redirect_chain else link, {
        "new_password1": "Cevennes-2027-pluie", "new_password2": "Cevennes-2027-pluie"})
    assert _me(token) == 401

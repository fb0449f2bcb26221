"""Fixtures shared by every test module."""

import pytest

from civic.tests.factories import (
    MunicipalCouncilFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    staff_user,
)

# One Chromium for the whole session, whichever folder its tests are in.
pytest_plugins = ["tests.browser", "tests.oidc.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages live in the cache: start every test with none."""
    from django.core.cache import cache

    cache.clear()
    yield


def verified_device(user):
    """The staff member's confirmed TOTP device, made on first need (test helper)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or TOTPDevice.objects.create(user=user, name="tests", confirmed=True))


def totp_code(device) -> str:
    """The code the staff member's app shows now (django-otp's own TOTP)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def _staff_log_in_with_their_second_factor(monkeypatch):
    """`client.force_login(staff)` logs staff in as after their password *and* their code:
    the session carries a confirmed device, exactly what the code page would have stored
    (civic/second_factor.py). Production code has no way around the code page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from civic.second_factor import needs_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def neighbourhood():
    return NeighbourhoodFactory(code="centre-ville", name="Centre-ville", population=6800)


@pytest.fixture
def resident(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood)


@pytest.fixture
def unverified_resident(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood, unverified=True)


@pytest.fixture
def clerk():
    return staff_user("clerk", first_name="Agnès", last_name="Agent")


@pytest.fixture
def councillor():
    return staff_user("councillor", first_name="Élise", last_name="Élue")


@pytest.fixture
def moderator():
    return staff_user("moderator", first_name="Marc", last_name="Modérateur")


@pytest.fixture
def administrator():
    return staff_user("administrator", first_name="Alain", last_name="Admin")


@pytest.fixture
def council():
    return MunicipalCouncilFactory()


# --- Real services -------------------------------------------------------------------------
# Concurrency and fault tests need PostgreSQL and Redis. The README's test command (and CI)
# provide both and set DECIDONS_REQUIRE_SERVICES=1, which turns a missing service into a
# failure instead of a skip, so nothing is hidden there.


def _missing(reason: str) -> None:
    import os

    if os.environ.get("DECIDONS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_only(django_db_blocker):
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url():
    import os

    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        _missing("needs Redis (set REDIS_URL)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        _missing(f"Redis at {url} is not answering: {exc}")
    return url

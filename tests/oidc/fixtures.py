"""A real OpenID Connect provider (tests/oidc/provider.mjs, node's oidc-provider) playing
FranceConnect, and the settings that point the site at it.

`oidc_provider` starts one for a test module's Django test client (redirect URIs on
http://testserver); `live_oidc_provider` one for the browser tests' live server. Each test
gets the provider back in "normal" mode.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "decidons-ales"
CALLBACK = "/franceconnect/retour/"
LOGGED_OUT = "/franceconnect/deconnexion/"

# FranceConnect's pivot identity of a few test people (birthplace: INSEE code).
PEOPLE: dict[str, dict[str, str]] = {
    "fatima": {"given_name": "Fatima Zohra", "family_name": "Benali", "birthdate": "1961-05-12",
               "gender": "female", "birthplace": "", "birthcountry": "99352",
               "email": "fatima.benali@exemple.fr"},
    "elodie": {"given_name": "Élodie Marie", "family_name": "Martin", "preferred_name": "Durand",
               "birthdate": "1988-02-03", "gender": "female", "birthplace": "30007",
               "birthcountry": "99100", "email": "elodie@exemple.fr"},
    "nobody": {"given_name": "Hugo", "family_name": "Absent", "birthdate": "1990-01-01",
               "gender": "male", "birthplace": "75056", "birthcountry": "99100",
               "email": "hugo@exemple.fr"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OidcProvider:
    """A running provider: its issuer, client credentials and test controls."""

    def __init__(self, *, site: str) -> None:
        self.site = site.rstrip("/")
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_secret = secrets.token_urlsafe(32)
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> "OidcProvider":
        config = {"port": self.port, "client_id": CLIENT_ID,
                  "client_secret": self.client_secret,
                  "redirect_uris": [self.site + CALLBACK],
                  "post_logout_redirect_uris": [self.site + LOGGED_OUT], "accounts": PEOPLE}
        if not (ROOT / "node_modules" / "oidc-provider").exists():
            pytest.fail("oidc-provider missing from node_modules: run `npm ci` at the root")
        self.process = subprocess.Popen(
            ["node", str(SCRIPT)], cwd=ROOT, env=os.environ | {"OIDC_TEST_CONFIG":
                                                              json.dumps(config)},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("ready "):
            self.stop()
            pytest.fail(f"the test OpenID provider did not start: {line!r}")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def settings(self) -> dict[str, Any]:
        return {"ISSUER": self.issuer, "CLIENT_ID": CLIENT_ID,
                "CLIENT_SECRET": self.client_secret,
                "SCOPES": "openid given_name family_name preferred_name birthdate gender "
                          "birthplace birthcountry email",
                "ACR_VALUES": "eidas1", "AUTHORIZATION_ENDPOINT": "", "TOKEN_ENDPOINT": "",
                "USERINFO_ENDPOINT": "", "JWKS_URI": "", "END_SESSION_ENDPOINT": "",
                "SIGNING_ALGORITHMS": ["ES256", "RS256"],
                "TOKEN_AUTH_METHOD": "client_secret_post", "TIMEOUT_SECONDS": 3,
                "LEEWAY_SECONDS": 60}

    def set_mode(self, mode: str) -> None:
        requests.post(f"{self.issuer}/__test__/mode", json={"mode": mode},
                      timeout=5).raise_for_status()

    def add_account(self, account_id: str, claims: dict[str, str]) -> None:
        requests.post(f"{self.issuer}/__test__/account", json={"id": account_id,
                                                               "claims": claims},
                      timeout=5).raise_for_status()

    def sign_in(self, authorize_url: str, account_id: str) -> str:
        """Play the person at the provider: log in as `account_id`; return the callback URL."""
        browser = requests.Session()
        response = browser.get(authorize_url, allow_redirects=False, timeout=5)
        for _ in range(10):
            location = response.headers.get("Location", "")
            if location.startswith(self.site):
                return location
            if response.status_code in (302, 303):
                response = browser.get(urljoin(response.url, location), allow_redirects=False,
                                       timeout=5)
                continue
            action = re.search(r'action="([^"]+/login)"', response.text)
            if response.status_code != 200 or action is None:
                raise AssertionError(f"unexpected provider answer {response.status_code}: "
                                     f"{response.text[:300]}")
            response = browser.post(urljoin(response.url, action.group(1)),
                                    data={"login": account_id}, allow_redirects=False,
                                    timeout=5)
        raise AssertionError("the provider never sent the browser back to the site")


def _running(site: str) -> Iterator[OidcProvider]:
    provider = OidcProvider(site=site).start()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="module")
def _module_oidc_provider() -> Iterator[OidcProvider]:
    yield from _running("http://testserver")


@pytest.fixture
def oidc_provider(_module_oidc_provider: OidcProvider, settings: Any) -> Iterator[OidcProvider]:
    """The provider, with the site configured to use it (Django test client)."""
    settings.FRANCECONNECT = _module_oidc_provider.settings()
    _module_oidc_provider.set_mode("normal")
    yield _module_oidc_provider


@pytest.fixture(scope="session")
def _session_live_oidc_provider(live_server: Any) -> Iterator[OidcProvider]:
    yield from _running(live_server.url)


@pytest.fixture
def live_oidc_provider(_session_live_oidc_provider: OidcProvider,
                       settings: Any) -> Iterator[OidcProvider]:
    """The provider for the browser tests, the live server configured to use it."""
    settings.FRANCECONNECT = _session_live_oidc_provider.settings()
    _session_live_oidc_provider.set_mode("normal")
    yield _session_live_oidc_provider


def wait_until_down(provider: OidcProvider) -> None:
    provider.stop()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            requests.get(provider.issuer, timeout=0.5)
        except requests.ConnectionError:
            return
        time.sleep(0.1)

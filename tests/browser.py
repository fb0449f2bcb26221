"""The browser every Playwright test shares: one Chromium for the whole session.

Registered once, from the root conftest, so that every test folder gets the same session
fixture: a second `sync_playwright()` while the first one runs is refused by Playwright.
"""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    # Playwright's sync API runs an event loop in this thread; Django's live_server database
    # access from the test thread is then safe to allow.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, email: str, password: str = "motdepasse-solide-42") -> None:
    """Log in through the real form; staff then type the code of their second factor (a
    device is made for them on first need, as if enrolled)."""
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if "/compte/second-facteur/" in page.url:
        from civic.models import User
        from conftest import totp_code, verified_device

        device = verified_device(User.objects.get(email__iexact=email))
        if "/activer/" in page.url:
            page.goto("/compte/second-facteur/" + page.url.partition("/activer/")[2])
        page.get_by_label("Code à 6 chiffres").fill(totp_code(device))
        page.get_by_role("button", name="Valider").click()
        page.wait_for_load_state()


def signed_in_page(browser, live_server, email: str):
    """A second person's own browser window (its own cookies), signed in as `email`."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, email)
    return page


def confirm(page) -> None:
    """Press the one button of an irreversible act's confirmation page (frontend.web)."""
    page.locator("form:has(input[name='confirmed']) button[type='submit']").click()

"""A clerk's second factor in a real browser: enrolment at the first login, log-out, log-in
again with the code. The codes are computed here with django-otp's own TOTP from the key the
enrolment page shows, as the clerk's authenticator app would."""

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from civic.tests.factories import staff_user

PASSWORD = "motdepasse-solide-42"


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    # The app's code for now (or the next 30-second step: a code already used is refused,
    # and django-otp accepts one step of clock difference).
    totp = TOTP(base64.b32decode(secret), drift=steps_ahead)
    return f"{totp.token():06d}"


def _password(page) -> None:
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill("agnes.agent@ales.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_enrols_a_second_factor_logs_out_and_logs_in_with_it(page):
    # given a clerk who never logged in
    staff_user("clerk", email="agnes.agent@ales.fr", first_name="Agnès", last_name="Agent")
    # when she logs in with her password
    _password(page)
    # then she is asked to enrol, and the counter stays closed until she does
    expect(page.get_by_role("heading", name="Activer le second facteur")).to_be_visible()
    page.goto("/guichet/")
    expect(page.get_by_role("heading", name="Activer le second facteur")).to_be_visible()
    secret = page.locator("code").first.inner_text()
    # when she types the code her app shows for the key on the page
    page.get_by_label("Code à 6 chiffres").fill(_code(secret))
    page.get_by_role("button", name="Activer").click()
    # then she gets ten recovery codes, and the counter opens
    expect(page.get_by_role("heading", name="Second facteur activé")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continuer").click()
    page.goto("/guichet/")
    expect(page.get_by_role("heading", name="Guichet : vérifier un habitant")).to_be_visible()
    # when she logs out and in again
    page.get_by_role("button", name="Se déconnecter").click()
    _password(page)
    # then the code is asked before anything else, and her app's code lets her in
    expect(page.get_by_role("heading", name="Code de connexion")).to_be_visible()
    page.goto("/guichet/")
    expect(page.get_by_role("heading", name="Code de connexion")).to_be_visible()
    page.get_by_label("Code à 6 chiffres").fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Guichet : vérifier un habitant")).to_be_visible()

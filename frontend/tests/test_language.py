import pytest
from django.urls import reverse

from civic.models import AuditEntry

pytestmark = pytest.mark.django_db

SWITCH = reverse("frontend:set_language")


def test_pages_are_in_french_by_default(client):
    # when a visitor with no preference opens the home page
    response = client.get(reverse("frontend:home"))
    # then it is in French
    assert '<html lang="fr">' in response.text
    assert "Trois façons de participer" in response.text


def test_language_switch_shows_the_site_in_english_and_returns_to_the_same_page(client):
    # when a visitor presses "EN" on the log-in page
    response = client.post(SWITCH, {"language": "en", "next": "/connexion/"})
    # then they come back to that page, now in English
    assert response.status_code == 302
    assert response.url == "/connexion/"
    page = client.get("/connexion/")
    assert '<html lang="en">' in page.text
    assert "Email address" in page.text
    assert ">Log in</button>" in page.text
    # when they press "FR"
    client.post(SWITCH, {"language": "fr", "next": "/connexion/"})
    # then the page is in French again
    assert "Se connecter" in client.get("/connexion/").text


def test_language_switch_remembers_the_choice_on_the_account(client, resident):
    # given a logged-in resident who reads French
    client.force_login(resident.user)
    # when they switch to English
    client.post(SWITCH, {"language": "en", "next": "/"})
    # then the account remembers it (for e-mails and other devices), once in the audit log
    resident.user.refresh_from_db()
    assert resident.user.preferred_language == "en"
    client.post(SWITCH, {"language": "en", "next": "/"})
    assert AuditEntry.objects.filter(verb="account.language_set").count() == 1


def test_language_switch_ignores_an_unknown_language(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when a forged form asks for a language the site does not offer
    response = client.post(SWITCH, {"language": "xx", "next": "/"})
    # then nothing changes
    assert response.status_code == 302
    resident.user.refresh_from_db()
    assert resident.user.preferred_language == "fr"


def test_language_switch_refuses_to_redirect_to_another_site(client):
    # when the next address points elsewhere
    response = client.post(SWITCH, {"language": "en", "next": "https://exemple.com/"})
    # then the visitor stays on Décidons
    assert response.url == "/"

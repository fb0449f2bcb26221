"""The web shell in a real browser: log in through the form, then switch language."""

import pytest
from playwright.sync_api import expect

from civic.models import User
from civic.tests.factories import ResidentFactory
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_logs_in_sees_their_name_and_reads_the_site_in_english_then_french(page):
    # given a verified resident
    ResidentFactory(user__email="nadia@exemple.fr", user__first_name="Nadia",
                    user__last_name="Benali")
    # when she logs in through the real form
    login(page, "nadia@exemple.fr")
    # then her account page opens with her name in the header
    header = page.get_by_role("banner")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(header.get_by_role("link", name="Nadia Benali")).to_be_visible()
    # when she presses the English button of the language switch
    header.get_by_role("button", name="English").click()
    # then the same page comes back in English, and the account remembers the choice
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Home")
    assert User.objects.get(email="nadia@exemple.fr").preferred_language == "en"
    # when she switches back to French
    header.get_by_role("button", name="Français").click()
    # then the interface is French again
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(header.get_by_role("button", name="Se déconnecter")).to_be_visible()

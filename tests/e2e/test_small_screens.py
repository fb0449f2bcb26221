"""Core acts on a small phone without JavaScript: read, vote and sign at 360 px wide.

The context has JavaScript disabled, as on an old phone or a browser in data-saving mode;
the pages must still fit the screen (no sideways scrolling) and every form must work.
"""

import pytest
from playwright.sync_api import expect

from budgets import selectors
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import User
from civic.tests.factories import ResidentFactory
from petitions.models import Signature
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.e2e.conftest import login

PHONE = {"width": 360, "height": 800}


def _fits_the_screen(page) -> None:
    # Measured by Playwright itself, which works with the page's JavaScript disabled.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 360 px screen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_reads_votes_and_signs_on_a_360_px_phone_without_javascript(
        browser, live_server, neighbourhood):
    # given a verified resident, a budget open for voting and an initiative collecting
    ResidentFactory(neighbourhood=neighbourhood, user__email="sophie@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True,
                           title="Budget participatif du Centre-ville")
    garden = ProposalFactory(budget=budget, feasible=True, title="Jardin partagé rue d'Avéjan",
                             cost_cents=2_000_000, estimated_cost_cents=2_000_000)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Des toilettes publiques au marché couvert")
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  java_script_enabled=False, viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # when she logs in and reads the home page and the budget
    login(page, "sophie@exemple.fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    for url in ("/", "/budgets/", f"/budgets/{budget.pk}/", "/initiatives/"):
        page.goto(url)
        _fits_the_screen(page)
    # and votes
    page.goto(f"/budgets/{budget.pk}/voter/")
    _fits_the_screen(page)
    page.get_by_label(garden.title).check()
    page.get_by_role("button", name="Valider mon vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre vote est enregistré")
    _fits_the_screen(page)
    # and signs the initiative
    page.goto(f"/initiatives/{initiative.pk}/")
    _fits_the_screen(page)
    page.get_by_role("button", name="Signer l'initiative").click()
    expect(page.get_by_text("Merci : votre signature est enregistrée.")).to_be_visible()
    # then both acts are recorded
    assert selectors.ballot_of(budget=budget,
                               voter=User.objects.get(email="sophie@exemple.fr")) is not None
    assert Signature.objects.filter(initiative=initiative, status="valid").count() == 1
    context.close()

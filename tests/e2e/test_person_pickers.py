"""Person pickers in Chromium: a clerk finds a resident by typing part of her name (the results
come as she types) and appoints her; an administrator, with JavaScript off, finds a resident
with the « Chercher » button and grants her a role. Only eligible people are offered."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from civic import roles
from civic.models import User
from civic.tests.factories import ResidentFactory, staff_user
from commissions.models import Membership
from commissions.tests.factories import CommissionFactory, SeatGroupFactory
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _residents() -> User:
    """Jeanne Lefebvre (verified) and her unverified namesake Jean; returns Jeanne."""
    jeanne = ResidentFactory(user__first_name="Jeanne", user__last_name="Lefebvre",
                             user__email="jeanne.lefebvre@exemple.fr").user
    ResidentFactory(user__first_name="Jean", user__last_name="Lefebvre",
                    user__email="jean.lefebvre@exemple.fr", unverified=True)
    return jeanne


def test_a_clerk_finds_a_resident_as_she_types_and_appoints_her(page):
    # given a body with residents' seats, a verified resident and her unverified namesake
    seats = SeatGroupFactory(commission=CommissionFactory(name="Mobilités douces"),
                             kind="residents")
    jeanne = _residents()
    staff_user("clerk", email="agent@exemple.fr")
    login(page, "agent@exemple.fr")
    # when the clerk opens the body's page, follows « Nommer un membre » and types « lefeb »
    page.goto(f"/commissions/espace-agent/instances/{seats.commission.slug}/")
    page.get_by_role("link", name="Nommer un membre").click()
    page.get_by_label("Personne nommée").press_sequentially("lefeb", delay=40)
    # then the verified resident is offered without pressing anything, her namesake is not,
    # and her address shows only masked
    choice = page.get_by_role("radio", name="Jeanne Lefebvre")
    expect(choice).to_be_visible()
    expect(page.get_by_text("j…e@exemple.fr")).to_be_visible()
    expect(page.get_by_role("radio", name="Jean Lefebvre")).to_have_count(0)
    expect(page.get_by_text("jeanne.lefebvre@exemple.fr")).to_have_count(0)
    # and when she picks her and appoints her
    choice.check()
    page.get_by_role("button", name="Nommer").click()
    # then the page says it is saved and Jeanne sits in the residents' seats
    expect(page.get_by_text("Membre nommé ; il en est prévenu par message.")).to_be_visible()
    assert Membership.objects.get(seat_group=seats).member == jeanne


def test_an_administrator_without_javascript_finds_a_resident_and_grants_her_a_role(
        browser, live_server):
    # given a resident with no role, and an administrator whose browser runs no JavaScript
    jeanne = _residents()
    staff_user("administrator", email="admin@exemple.fr")
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "admin@exemple.fr")
    # when she searches for « jeanne lef » on the roles page with the « Chercher » button
    page.goto(reverse("frontend:staff_team"))
    page.locator("#id_grant-user").fill("jeanne lef")
    page.get_by_role("region", name="Accorder un rôle à un compte existant").get_by_role(
        "button", name="Chercher").click()
    # then the page comes back with Jeanne offered, her search kept
    expect(page.locator("#id_grant-user")).to_have_value("jeanne lef")
    page.get_by_role("region", name="Accorder un rôle à un compte existant").get_by_role(
        "radio", name="Jeanne Lefebvre").check()
    page.locator("#id_grant-role").select_option("moderator")
    page.get_by_role("button", name="Accorder", exact=True).click()
    # and she is granted moderation
    expect(page.get_by_text("Rôle « modérateur » accordé à Jeanne Lefebvre.")).to_be_visible()
    assert roles.has_role(User.objects.get(pk=jeanne.pk), roles.Role.MODERATOR)
    context.close()


"""Accessibility sweep: the main pages, and forms showing their errors, pass axe-core.

The walks of the other browser tests are checked page by page as they go; this sweep adds
the pages and states they do not reach (forms with errors, the account's settings).
"""

import pytest
from playwright.sync_api import expect

from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.services.notifications import notification_enqueue
from civic.tests.factories import ResidentFactory, staff_user
from commissions.tests.factories import MeetingFactory
from petitions.models import InitiativePromoter
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.e2e.conftest import check_accessibility, login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_and_forms_with_errors_have_no_serious_accessibility_violation(
        page, browser, live_server, neighbourhood):
    # given a resident, a clerk, a budget open for voting and an initiative collecting
    resident = ResidentFactory(neighbourhood=neighbourhood, user__email="karim@exemple.fr")
    staff_user("clerk", email="agent@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    ProposalFactory(budget=budget, feasible=True, title="Bancs au square")
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    # when a visitor fails to log in, then the resident browses and sets reminders
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill("karim@exemple.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    check_accessibility(page)
    login(page, "karim@exemple.fr")
    for url in ("/", "/budgets/", f"/budgets/{budget.pk}/", f"/budgets/{budget.pk}/voter/",
                "/initiatives/", f"/initiatives/{initiative.pk}/", "/commissions/",
                "/compte/", "/compte/notifications/", "/compte/rappels/"):
        page.goto(url)
        check_accessibility(page)
    page.goto(f"/budgets/{budget.pk}/voter/")
    page.get_by_role("button", name="Valider mon vote").click()  # nothing ticked: refused
    check_accessibility(page)
    # and a clerk uses the counter, submitting the registration form empty
    clerk = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    login(clerk, "agent@exemple.fr")
    for url in ("/guichet/", f"/guichet/habitants/{resident.pk}/", "/guichet/bulletins/",
                f"/guichet/habitants/{resident.pk}/bulletin/{budget.pk}/"):
        clerk.goto(url)
        check_accessibility(clerk)
    clerk.goto("/guichet/habitants/nouveau/")
    clerk.get_by_role("button", name="Inscrire").click()
    expect(clerk.get_by_role("alert").first).to_be_visible()
    # then every page passed (check_accessibility fails the test at once otherwise)
    check_accessibility(clerk)
    clerk.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_pages_added_for_residents_have_no_serious_violation_logged_in_or_not(
        page, browser, live_server, neighbourhood):
    # given a knapsack vote with a running total, results with their method page, an
    # initiative to sign, an invitation, a meeting and a resident with notifications
    resident = ResidentFactory(neighbourhood=neighbourhood, user__email="karim@exemple.fr")
    knapsack = BudgetFactory(neighbourhood=neighbourhood, voting=True, knapsack=True)
    ProposalFactory(budget=knapsack, feasible=True, title="Bancs au square")
    results = BudgetFactory(neighbourhood=None, residence="town", results=True)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    draft = CitizenInitiativeFactory()
    invitation = InitiativePromoter.objects.create(initiative=draft, resident=resident,
                                                   invited_by=draft.created_by)
    meeting = MeetingFactory()
    notification_enqueue(recipients=[resident.user], kind="budget_voting_open",
                         subject="Le vote est ouvert", body="…", dedupe_key="sweep",
                         email=False)
    public = ("/", f"/budgets/{results.pk}/methode/", "/initiatives/",
              f"/commissions/reunions/{meeting.pk}/", "/inscription/")
    # when a visitor opens the public ones
    for url in public:
        page.goto(url)
        check_accessibility(page)
    # and the resident opens them and her own pages, acts ready to confirm included
    login(page, "karim@exemple.fr")
    for url in (*public, "/compte/pour-moi/", "/compte/notifications/",
                f"/budgets/{knapsack.pk}/voter/", f"/initiatives/{initiative.pk}/signer/",
                f"/initiatives/invitations/{invitation.pk}/",
                f"/commissions/reunions/{meeting.pk}/inscription/"):
        page.goto(url)
        check_accessibility(page)
    # and on a phone, where tables become labelled rows
    phone = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                viewport={"width": 360, "height": 800}).new_page()
    login(phone, "karim@exemple.fr")
    for url in ("/", f"/budgets/{knapsack.pk}/voter/", "/commissions/reunions/"):
        phone.goto(url)
        check_accessibility(phone)
    phone.context.close()

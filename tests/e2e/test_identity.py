"""One person, one account, in a real browser: the counter warns of a namesake, the account
registered anyway is listed as a possible duplicate, a second clerk merges it, and an
administrator sees who did what on the supervisors' page (every page checked by axe)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from civic.models import Resident
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, staff_user
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_namesake_registered_at_the_counter_is_merged_by_a_second_clerk_and_supervised(
        page, browser, live_server):
    # given a verified resident, two clerks and an administrator
    quarter = NeighbourhoodFactory(code="pres-saint-jean", name="Prés Saint-Jean")
    fatima = ResidentFactory(neighbourhood=quarter, user__first_name="Fatima",
                             user__last_name="Benali", date_of_birth=date(1961, 5, 12))
    staff_user("clerk", email="agent@exemple.fr", first_name="Inès", last_name="Roche")
    staff_user("clerk", email="agent2@exemple.fr", first_name="Paul", last_name="Vidal")
    staff_user("administrator", email="admin@exemple.fr", first_name="Alain", last_name="Admin")

    # when the first clerk registers someone with her names and birth date
    login(page, "agent@exemple.fr")
    page.goto("/guichet/habitants/nouveau/")
    page.get_by_label("Prénom").fill("FATIMA")
    page.get_by_label("Nom :", exact=True).fill("benali")
    page.get_by_label("Date de naissance").fill("12/05/1961")
    page.get_by_label("Quartier").select_option(label="Prés Saint-Jean")
    page.get_by_role("button", name="Inscrire").click()
    # then the form names her record, with a link, and asks to confirm
    warning = page.get_by_role("region", name="Une fiche existe déjà")
    expect(warning.get_by_role("link", name="Fatima Benali")).to_have_attribute(
        "href", f"/guichet/habitants/{fatima.pk}/")
    # when the clerk confirms anyway
    page.get_by_label("J'ai comparé avec la fiche existante").check()
    page.get_by_role("button", name="Inscrire").click()
    # then the new record says it may be a duplicate
    expect(page.get_by_role("heading", name="Doublon possible")).to_be_visible()
    duplicate = Resident.objects.exclude(pk=fatima.pk).get()

    # when the second clerk opens the list of possible duplicates and compares
    second = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    login(second, "agent2@exemple.fr")
    second.goto("/guichet/doublons/")
    second.get_by_role("link", name="Comparer et fusionner").click()
    # then the merge page shows both records; confirming with a reason merges them
    expect(second.get_by_role("heading", name="Ce que fera la fusion")).to_be_visible()
    second.get_by_label("Motif de la fusion").fill("Même carte d'identité.")
    second.get_by_role("button", name="Confirmer la fusion").click()
    expect(second.get_by_role("status")).to_contain_text("Les deux fiches sont fusionnées")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == fatima
    second.context.close()

    # when the administrator opens the supervisors' page
    admin = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    login(admin, "admin@exemple.fr")
    admin.goto("/guichet/supervision/")
    # then Inès' registration is counted and linked
    row = admin.get_by_role("row", name="Inès Roche")
    expect(row.get_by_role("cell").first).to_have_text("1")
    expect(admin.get_by_role("link", name="FATIMA benali")).to_be_visible()
    admin.context.close()

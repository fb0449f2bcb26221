"""Self-service verification in a real browser: a resident logs in with FranceConnect (a real
OpenID Connect provider on this machine), is found on the electoral roll and votes, no clerk
involved; another sends a proof of address that a clerk accepts from the queue."""

import re

import pytest
from playwright.sync_api import expect

from budgets.models import Ballot
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Neighbourhood, Resident
from civic.tests.factories import ResidentFactory, staff_user
from tests.e2e.conftest import login
from verification.tests.factories import sample_roll

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_logs_in_with_franceconnect_is_found_on_the_roll_and_votes_without_a_clerk(
        page, live_oidc_provider):
    # given the electoral roll (Fatima Benali lives in the Centre-ville) and a budget of the
    # Centre-ville open for voting
    sample_roll()
    centre = Neighbourhood.objects.get(code="centre-ville")
    budget = BudgetFactory(neighbourhood=centre, voting=True,
                           title="Budget participatif du Centre-ville")
    bench = ProposalFactory(budget=budget, feasible=True, title="Bancs place Gabriel-Péri",
                            cost_cents=500_000, estimated_cost_cents=500_000)

    # when she chooses FranceConnect on the login page and logs in at the provider
    page.goto("/connexion/")
    page.get_by_role("link", name="S'identifier avec FranceConnect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion FranceConnect (test)")
    page.get_by_label("Identifiant du compte de test").fill("fatima")
    page.get_by_role("button", name="Se connecter").click()

    # then she is back, logged in, and verified in her neighbourhood by the roll
    expect(page.get_by_role("heading", level=1)).to_have_text("Faire vérifier mon compte")
    expect(page.get_by_role("status").first).to_contain_text(
        "Vous figurez sur la liste électorale d'Alès : votre compte est vérifié")
    expect(page.locator("main")).to_contain_text("Quartier : Centre-ville")
    resident = Resident.objects.get(user__email="fatima.benali@exemple.fr")
    assert resident.is_verified and resident.verified_by is None

    # when she votes
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("link", name="Voter").click()
    page.locator(f"#project-{bench.pk}").check()
    page.get_by_role("button", name="Valider mon vote").click()
    # then her ballot counts
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre vote est enregistré")
    assert list(Ballot.objects.filter(budget=budget).exclude(content="").values_list(
        "content", flat=True)) == [f"{bench.pk}:1"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_sends_a_proof_of_address_and_a_clerk_verifies_it(page, browser, live_server,
                                                                      tmp_path):
    # given Inès, 16, not on the roll, with an unverified account, and a clerk
    ResidentFactory(unverified=True, user__email="ines@exemple.fr", user__first_name="Inès",
                    user__last_name="Haddad", neighbourhood__code="tamaris",
                    neighbourhood__name="Tamaris")
    staff_user("clerk", email="agent@exemple.fr")
    bill, card = tmp_path / "facture.pdf", tmp_path / "carte.jpg"
    bill.write_bytes(PDF)
    card.write_bytes(JPEG)

    # when she sends her proof of address and identity card from her verification page
    login(page, "ines@exemple.fr")
    page.goto("/compte/")
    page.get_by_role("link", name="Faire vérifier mon compte").click()
    page.get_by_role("link", name="Envoyer un justificatif").click()
    page.get_by_label("Justificatif de domicile de moins de trois mois").set_input_files(bill)
    page.get_by_label("Pièce d'identité").set_input_files(card)
    page.get_by_label("Votre adresse").fill("8 rue de Tamaris, 30100 Alès")
    page.get_by_label("Votre quartier").select_option(label="Tamaris")
    page.get_by_role("button", name="Envoyer mes documents").click()
    expect(page.get_by_role("status").first).to_contain_text("Vos documents sont envoyés")

    # and a clerk opens the queue, reads the document and accepts it
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    clerk = context.new_page()
    clerk.set_default_timeout(15_000)
    login(clerk, "agent@exemple.fr")
    clerk.goto("/guichet/")
    clerk.get_by_role("link", name="Justificatifs en ligne").click()
    clerk.get_by_role("link", name="Examiner — Inès Haddad").click()
    with clerk.expect_popup() as popup:
        clerk.get_by_role("link", name="Ouvrir le justificatif de domicile").click()
    assert popup.value.url.endswith("/document/adresse/")
    popup.value.close()
    clerk.get_by_label("Accepter : l'adresse est justifiée").check()
    clerk.get_by_role("button", name="Enregistrer la décision").click()
    expect(clerk.get_by_role("status").first).to_contain_text("Décision enregistrée")
    expect(clerk.locator("main")).to_contain_text("Aucun justificatif en attente")

    # then Inès is verified, and told so
    page.goto("/compte/notifications/")
    expect(page.locator("main")).to_contain_text("Votre compte est vérifié")
    page.goto("/compte/")
    expect(page.locator("main")).to_contain_text(re.compile("Vérifié le .*justificatif"))

"""The counter (guichet) in a real browser: a clerk registers a resident who has no e-mail,
another verifies them; the first types their paper ballot, a second clerk types it blind and
disagrees — neither sees the other's typing — and a third clerk's typing settles it; the
receipt is printed; then a paper signature."""

import pytest
from playwright.sync_api import expect

from budgets import selectors
from budgets.models import Ballot, PaperBallotEntry
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Resident
from civic.tests.factories import NeighbourhoodFactory, staff_user
from petitions.models import Signature
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.browser import signed_in_page
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_clerks_disagree_blind_on_a_paper_ballot_and_a_third_entry_settles_it(
        page, browser, live_server):
    # given three clerks, a budget open for voting in the Prés Saint-Jean and an initiative
    quarter = NeighbourhoodFactory(code="pres-saint-jean", name="Prés Saint-Jean")
    staff_user("clerk", email="agent@exemple.fr", first_name="Inès", last_name="Roche")
    staff_user("clerk", email="agent2@exemple.fr", first_name="Paul", last_name="Vidal")
    staff_user("clerk", email="agent3@exemple.fr", first_name="Rose", last_name="Teissier")
    budget = BudgetFactory(neighbourhood=quarter, voting=True,
                           title="Budget participatif des Prés Saint-Jean")
    for title in ("Bancs au square", "Fontaine à eau", "Piste cyclable"):
        ProposalFactory(budget=budget, feasible=True, title=title, cost_cents=1_000_000,
                        estimated_cost_cents=1_000_000)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Un médecin de garde le dimanche")

    # when the first clerk registers a resident without e-mail
    login(page, "agent@exemple.fr")
    page.goto("/guichet/")
    page.get_by_role("link", name="Inscrire un habitant").first.click()
    page.get_by_label("Prénom").fill("Fatima")
    page.get_by_label("Nom :", exact=True).fill("Benali")
    page.get_by_label("Date de naissance").fill("12/05/1961")
    page.get_by_label("Quartier").select_option(label="Prés Saint-Jean")
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fatima Benali")
    expect(page.get_by_text("Pas d'adresse e-mail")).to_be_visible()
    resident = Resident.objects.get(user__last_name="Benali")
    # then she cannot verify the person she registered: a second clerk must
    expect(page.get_by_text("Un autre agent doit vérifier son identité")).to_be_visible()
    expect(page.get_by_role("button", name="Vérifier")).to_have_count(0)
    # when the second clerk verifies her
    second = signed_in_page(browser, live_server, "agent2@exemple.fr")
    second.goto(page.url)
    second.get_by_label("Pièce présentée").select_option("counter")
    second.get_by_role("button", name="Vérifier").click()
    expect(second.get_by_role("status")).to_contain_text("est maintenant vérifié")
    # and the first clerk types her paper form: the bench and the fountain are ticked
    page.goto(f"/guichet/habitants/{resident.pk}/")
    page.get_by_role("link", name="Saisir le bulletin papier").click()
    page.get_by_label("N° du formulaire papier").fill("PSJ-017")
    page.get_by_label("Bancs au square").check()
    page.get_by_label("Fontaine à eau").check()
    page.get_by_role("button", name="Enregistrer la première saisie").click()
    expect(page.get_by_role("status")).to_contain_text("Première saisie enregistrée")
    # then nothing counts yet, and she cannot type it again
    assert not Ballot.objects.exclude(content="").exists()
    expect(page.get_by_text("Saisi par vous")).to_be_visible()

    # when the second clerk types the same form, wrongly (cycle path instead of fountain)
    second.goto("/guichet/bulletins/")
    second.get_by_role("link", name="Seconde saisie — Fatima Benali").click()
    for title in ("Bancs au square", "Fontaine à eau", "Piste cyclable"):
        expect(second.get_by_label(title)).not_to_be_checked()
    second.get_by_label("Bancs au square").check()
    second.get_by_label("Piste cyclable").check()
    second.get_by_role("button", name="Enregistrer ma saisie").click()
    # then it is refused without a word of what the first clerk typed, and nothing counts
    told = second.get_by_role("status")
    expect(told).to_contain_text("ne concorde pas")
    expect(told).to_contain_text("troisième agent")
    expect(second.locator("main")).not_to_contain_text("Fontaine à eau")
    expect(second.locator("main")).not_to_contain_text("Bancs au square")
    assert not Ballot.objects.exclude(content="").exists()
    assert PaperBallotEntry.objects.get().status == "disputed"
    # and the first clerk, back on the list, learns nothing of the second typing either
    page.goto("/guichet/bulletins/")
    expect(page.get_by_text("Saisies discordantes : à départager")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Piste cyclable")
    expect(page.get_by_role("link", name="Saisir pour départager — Fatima Benali")).to_have_count(0)

    # when a third clerk types the form and reads it as the first clerk did
    third = signed_in_page(browser, live_server, "agent3@exemple.fr")
    third.goto("/guichet/bulletins/")
    third.get_by_role("link", name="Saisir pour départager — Fatima Benali").click()
    for title in ("Bancs au square", "Fontaine à eau", "Piste cyclable"):
        expect(third.get_by_label(title)).not_to_be_checked()
    third.get_by_label("Bancs au square").check()
    third.get_by_label("Fontaine à eau").check()
    third.get_by_role("button", name="Enregistrer ma saisie").click()
    # then the ballot counts, and the printable receipt names the clerks and the receipt code,
    # never the choices
    expect(third.get_by_role("heading", level=1)).to_have_text(
        "Reçu de vote — budget participatif")
    counted = list(Ballot.objects.exclude(content="").values_list("content", flat=True))
    ids = sorted(budget.proposals.filter(title__in=["Bancs au square", "Fontaine à eau"])
                 .values_list("pk", flat=True))
    assert counted == [",".join(f"{pid}:1" for pid in ids)]
    receipt = third.locator("article.receipt")
    expect(receipt).to_contain_text(
        selectors.ballot_of(budget=budget, voter=resident.user).receipt_display)
    for clerk_name in ("Inès Roche", "Paul Vidal", "Rose Teissier"):
        expect(receipt).to_contain_text(clerk_name)
    expect(receipt).not_to_contain_text("Fontaine à eau")
    # the receipt prints without the site's header and menus
    third.emulate_media(media="print")
    expect(third.get_by_role("banner")).to_be_hidden()
    expect(receipt).to_be_visible()
    third.emulate_media(media="screen")
    for other in (second, third):
        other.context.close()

    # when the first clerk records her paper signature on the initiative
    page.goto(f"/guichet/habitants/{resident.pk}/")
    page.get_by_label("Initiative signée sur papier").select_option(label=initiative.title)
    page.get_by_role("button", name="Enregistrer la signature").click()
    # then it is recorded on paper by her, and the receipt is shown
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reçu de signature — initiative citoyenne")
    expect(page.locator("article.receipt")).to_contain_text("Un médecin de garde le dimanche")
    signature = Signature.objects.get(resident=resident)
    assert signature.channel == "paper" and signature.recorded_by.email == "agent@exemple.fr"

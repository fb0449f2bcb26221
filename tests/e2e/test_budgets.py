"""Participatory budgets in a real browser: a resident takes part from the budget debate to
the follow-up of the winning projects, and a clerk runs every phase."""

import re

import pytest
from playwright.sync_api import expect

from budgets import selectors
from budgets.models import Ballot, BudgetLine, ChapterPreference, Proposal
from budgets.tests.factories import (
    BudgetFactory,
    ChapterFactory,
    DebateFactory,
    LineFactory,
    ProposalFactory,
)
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from tests.browser import confirm, signed_in_page
from tests.e2e.conftest import login


def _next_phase(page, budget_pk, label):
    page.goto(f"/budgets/{budget_pk}/")
    page.get_by_role("button", name=f"Passer à la phase « {label} »").click()
    confirm(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_debates_proposes_votes_changes_vote_and_follows_results_clerk_runs_phases(
        page, browser, live_server, neighbourhood):
    # given an open debate, a budget open for projects, a verified resident and a clerk
    MunicipalCouncilFactory()
    resident = ResidentFactory(neighbourhood=neighbourhood, user__email="nadia@exemple.fr")
    staff_user("clerk", email="agent@exemple.fr")
    debate = DebateFactory(year=2026, open=True, title="Débat sur le budget 2026")
    chapter = ChapterFactory(debate=debate, code="65", label="Autres charges")
    line = LineFactory(chapter=chapter, article="6574", label="Subventions aux associations")
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True, rule="greedy",
                           title="Budget participatif du Centre-ville 2026")
    other = ProposalFactory(budget=budget, title="Boîte à livres place de l'Hôtel-de-Ville",
                            cost_cents=300_000, estimated_cost_cents=300_000)

    # when the resident gives her opinion on a chapter and comments on a line
    login(page, "nadia@exemple.fr")
    page.goto(f"/budgets/debats/{debate.pk}/")
    page.locator(f"input[name='chapter_{chapter.pk}'][value='more']").check()
    page.get_by_role("button", name="Enregistrer mon avis").click()
    expect(page.get_by_role("status")).to_contain_text("Votre avis est enregistré")
    row = page.locator(f"#ligne-{line.pk}")
    row.locator("summary").click()
    row.get_by_label("Votre commentaire").fill("Les clubs de quartier manquent de moyens.")
    row.get_by_role("button", name="Commenter cette ligne").click()
    # then both are stored
    assert ChapterPreference.objects.get(voter=resident.user).choice == "more"
    expect(page.locator(f"#ligne-{line.pk}")).to_contain_text("1 commentaire")

    # when she submits a project
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("link", name="Proposer un projet").click()
    page.get_by_label("Titre du projet").fill("Jardin partagé aux Prés-Saint-Jean")
    page.get_by_label("Description").fill("Des bacs potagers et un composteur collectif.")
    page.get_by_label("Lieu").fill("Square des Prés-Saint-Jean")
    page.get_by_label("Coût estimé (€)").fill("12 000")
    page.get_by_role("button", name="Déposer mon projet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jardin partagé aux Prés-Saint-Jean")
    garden = Proposal.objects.get(title="Jardin partagé aux Prés-Saint-Jean")

    # when the clerk closes the debate and reviews both projects, then opens the vote
    clerk = signed_in_page(browser, live_server, "agent@exemple.fr")
    clerk.goto(f"/budgets/debats/{debate.pk}/")
    clerk.get_by_role("button", name="Clore le débat").click()
    confirm(clerk)
    clerk.goto(f"/budgets/debats/{debate.pk}/synthese/")
    expect(clerk.locator("#synthesis-table")).to_contain_text("plus de moyens souhaités")
    clerk.get_by_role("button", name="Inscrire la synthèse à l'ordre du jour du conseil").click()
    confirm(clerk)
    expect(clerk.get_by_role("status")).to_contain_text("transmise au conseil")
    _next_phase(clerk, budget.pk, "étude de faisabilité")
    for project, cost in ((garden, "14 500"), (other, "3 000")):
        clerk.goto(f"/budgets/projets/{project.pk}/")
        clerk.get_by_label("Réalisable", exact=True).check()
        clerk.get_by_label("Coût chiffré par les services (€)").fill(cost)
        clerk.get_by_label("Motivation").fill("Faisable sur le domaine communal.")
        clerk.get_by_role("button", name="Enregistrer l'avis").click()
        confirm(clerk)
        expect(clerk.locator(".badge").first).to_have_text("retenu pour le vote")
    _next_phase(clerk, budget.pk, "vote")
    expect(clerk.locator(".badge").first).to_have_text("vote")

    # when the resident votes, then changes her vote
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("link", name="Voter").click()
    page.locator(f"#project-{other.pk}").check()
    page.get_by_role("button", name="Valider mon vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre vote est enregistré")
    first_receipt = page.locator("#receipt").inner_text()
    page.get_by_role("link", name="Modifier mon vote").click()
    # the ballot already cast is shown to nobody, her included: she votes afresh
    expect(page.locator(f"#project-{other.pk}")).not_to_be_checked()
    page.locator(f"#project-{other.pk}").check()
    page.locator(f"#project-{garden.pk}").check()
    page.get_by_role("button", name="Enregistrer mon nouveau vote").click()
    second_receipt = page.locator("#receipt").inner_text()
    # then one ballot counts, with both projects, under the same published receipt
    assert list(Ballot.objects.filter(budget=budget).exclude(content="").values_list(
        "content", flat=True)) == [",".join(f"{p}:1" for p in sorted([garden.pk, other.pk]))]
    assert second_receipt == first_receipt == selectors.ballot_of(
        budget=budget, voter=resident.user).receipt_display
    page.get_by_role("link", name="Vérifier mon reçu").click()
    expect(page.get_by_role("status").last).to_contain_text("bien compté")

    # when the clerk closes the vote, publishes the results and starts the follow-up
    _next_phase(clerk, budget.pk, "dépouillement")
    expect(clerk.get_by_role("heading", level=1)).to_have_text("Dépouillement")
    clerk.get_by_role("button", name="Publier les résultats").click()
    confirm(clerk)
    _next_phase(clerk, budget.pk, "réalisation")
    clerk.goto(f"/budgets/projets/{garden.pk}/")
    clerk.get_by_label("État").select_option("works")
    clerk.get_by_label("Avancement (%)").fill("40")
    clerk.get_by_label("Point d'étape").fill("Les bacs sont commandés.")
    clerk.get_by_role("button", name="Mettre à jour").click()
    clerk.get_by_label(re.compile(r"^Étape")).fill("Premier coup de pioche")
    clerk.get_by_label("Date").fill("2026-11-02")
    clerk.get_by_role("button", name="Ajouter le jalon").click()
    expect(clerk.locator(".status-timeline").last).to_contain_text("Premier coup de pioche")

    # then the resident sees the results with charts and follows the implementation
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.locator("figure.chart svg rect").first).to_be_attached()
    expect(page.locator("#votes-table")).to_contain_text("Jardin partagé aux Prés-Saint-Jean")
    expect(page.locator("#votes-table")).to_contain_text("lauréat")
    page.get_by_role("link", name="Suivre la réalisation").first.click()
    expect(page.locator("main")).to_contain_text("Les bacs sont commandés.")
    garden_card = page.locator("article", has_text="Jardin partagé aux Prés-Saint-Jean")
    expect(garden_card.locator("progress")).to_have_attribute("value", "40")
    assert BudgetLine.objects.count() == 1

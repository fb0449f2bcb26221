"""In a real browser: the results page says how much of the envelope is left, why, and what
the charter does with it, for a visitor as on the clerks' preview; a clerk records a project
as not feasible without a cost, and its page gives the reason instead of a city cost."""

import pytest
from playwright.sync_api import expect

from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, staff_user
from tests.browser import confirm
from tests.e2e.conftest import login


def _counted_budget(clerk):
    """200 000 €: two projects win (73 500 €); the next one costs more than what is left."""
    quarter = NeighbourhoodFactory(code="tamaris", name="Tamaris")
    budget = BudgetFactory(neighbourhood=quarter, voting=True, rule="greedy",
                           envelope_cents=20_000_000, max_projects=None,
                           title="Budget participatif de Tamaris",
                           unspent_use="Reporté sur le budget participatif de l'année suivante.")
    costs = {"Aire de jeux": 4_850_000, "Bancs ombragés": 2_500_000,
             "Salle de sport": 15_000_000}
    projects = {title: ProposalFactory(budget=budget, feasible=True, title=title,
                                       cost_cents=cost, estimated_cost_cents=cost)
                for title, cost in costs.items()}
    for chosen in (["Aire de jeux", "Bancs ombragés"],) * 3 + (["Salle de sport"],):
        ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=quarter).user,
                    choices={projects[title].pk: 1 for title in chosen})
    budget_transition(budget=budget, target="tally", actor=clerk)  # counted on commit
    return budget


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_results_explain_the_unused_envelope_on_the_preview_and_once_published(
        page, browser, live_server):
    # given a counted budget, not yet published, and a clerk
    clerk = staff_user("clerk", email="agent@exemple.fr")
    budget = _counted_budget(clerk)

    # when the clerk opens the preview of the results
    login(page, "agent@exemple.fr")
    page.goto(f"/budgets/{budget.pk}/resultats/")
    # then the preview explains the 126 500 € left, with the rule and the charter's use
    expect(page.get_by_text("Aperçu réservé aux agents")).to_be_visible()
    unspent = page.get_by_role("region", name="non utilisés : pourquoi")
    expect(unspent.get_by_role("heading")).to_contain_text("126")
    expect(unspent).to_contain_text("Aucun des projets non retenus ne tenait dans ce reste")
    expect(unspent).to_contain_text("« Salle de sport »")
    expect(unspent).to_contain_text("Reporté sur le budget participatif de l'année suivante.")

    # when the results are published and a visitor opens them
    budget_transition(budget=budget, target="results", actor=clerk)
    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    visitor.goto(f"/budgets/{budget.pk}/resultats/")
    # then she reads the same explanation, without the preview's banner
    expect(visitor.get_by_text("Aperçu réservé aux agents")).to_have_count(0)
    region = visitor.get_by_role("region", name="non utilisés : pourquoi")
    expect(region).to_contain_text("Les projets lauréats coûtent 73")
    expect(region).to_contain_text("Aucun des projets non retenus ne tenait dans ce reste")
    expect(region).to_contain_text("Ce que devient ce reste, selon le règlement")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_finds_a_project_not_feasible_without_costing_it(page):
    # given a project under review and a clerk
    staff_user("clerk", email="agent@exemple.fr")
    proposal = ProposalFactory(budget__review=True, title="Téléphérique vers le Mont Ricateau",
                               estimated_cost_cents=9_000_000)
    login(page, "agent@exemple.fr")
    page.goto(f"/budgets/projets/{proposal.pk}/")
    # when she records it as not feasible, with a reason and no cost
    page.get_by_label("Non réalisable").check()
    page.get_by_label("Motivation").fill("Le site classé interdit tout pylône.")
    page.get_by_role("button", name="Enregistrer l'avis").click()
    expect(page.get_by_text("Avis : non réalisable.")).to_be_visible()
    confirm(page)
    # then the page gives the reason, and no cost from the town
    expect(page.get_by_role("heading", name="Pourquoi ce projet n'est pas réalisable")
           ).to_be_visible()
    expect(page.get_by_text("Le site classé interdit tout pylône.")).to_be_visible()
    expect(page.get_by_text("Coût chiffré par la ville")).to_have_count(0)
    expect(page.get_by_text("Non chiffré par la ville")).to_be_visible()

"""Clerks correct what they created, in a real browser: a budget in preparation edited, a
`__probe__` budget withdrawn (gone from the public list), a body renamed, a milestone of a
project's follow-up corrected. Each save ends with a message; the withdrawal asks for a reason
and a ticked box first."""

from datetime import date

import pytest
from playwright.sync_api import expect

from budgets.models import Implementation, Milestone
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import MunicipalCouncilFactory, NeighbourhoodFactory, staff_user
from commissions.tests.factories import CommissionFactory
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_edits_a_budget_withdraws_a_probe_edits_a_body_and_a_milestone(page):
    # given a clerk, a budget in preparation, a probe budget, a body and a built project
    quarter = NeighbourhoodFactory(code="rochebelle", name="Rochebelle")
    clerk = staff_user("clerk", email="agent@exemple.fr")
    budget = BudgetFactory(neighbourhood=quarter, year=2031, title="Budget Rochebelle (brouillon)")
    probe = BudgetFactory(neighbourhood=quarter, year=2032, title="__probe__")
    CommissionFactory(council=MunicipalCouncilFactory(), slug="securite",
                      name="Sécurité et tranquillité")
    built = ProposalFactory(budget=BudgetFactory(neighbourhood=quarter, year=2025,
                                                 implementation=True),
                            feasible=True, title="Jardin partagé")
    Milestone.objects.create(implementation=Implementation.objects.create(proposal=built),
                             title="Chantier ouvert", happened_on=date(2026, 3, 2),
                             recorded_by=clerk)
    login(page, "agent@exemple.fr")

    # when she edits the budget in preparation from its page
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("link", name="Modifier le budget").click()
    page.get_by_label("Titre :", exact=True).fill("Budget participatif de Rochebelle 2031")
    page.get_by_label("Enveloppe (€)").fill("150 000")
    page.get_by_role("button", name="Enregistrer").click()
    # then she is back on the budget, told it is saved
    expect(page.get_by_text("Budget enregistré.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Budget participatif de Rochebelle 2031")
    expect(page.get_by_text("150 000")).not_to_have_count(0)

    # when she withdraws the probe budget without ticking the box, then with it
    page.goto(f"/budgets/{probe.pk}/")
    page.get_by_role("link", name="Retirer ce budget").click()
    page.get_by_label("Motif").fill("Budget de test créé par erreur")
    page.get_by_role("button", name="Retirer le budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer « __probe__ »")
    page.get_by_label("Je confirme : cette action est définitive.").check()
    page.get_by_role("button", name="Retirer le budget").click()
    # then it is gone from the public list
    expect(page.get_by_text("Budget « __probe__ » retiré.")).to_be_visible()
    expect(page.get_by_role("link", name="__probe__")).to_have_count(0)
    expect(page.get_by_role("link", name="Budget participatif de Rochebelle 2031")
           ).to_be_visible()

    # when she renames the body from its staff page
    page.goto("/commissions/espace-agent/instances/securite/")
    page.get_by_role("link", name="Modifier l'instance").click()
    page.get_by_label("Nom :", exact=True).fill("Sécurité et prévention")
    page.get_by_role("button", name="Enregistrer").click()
    # then she is told, and the page bears the new name
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sécurité et prévention")

    # when she corrects the milestone from the project's page
    page.goto(f"/budgets/projets/{built.pk}/")
    page.get_by_role("listitem").filter(has_text="Chantier ouvert").get_by_role(
        "link", name="Modifier").click()
    page.get_by_label("Étape").fill("Ouverture du chantier")
    page.get_by_role("button", name="Enregistrer").click()
    # then the follow-up shows the corrected milestone
    expect(page.get_by_text("Jalon enregistré.")).to_be_visible()
    expect(page.get_by_text("Ouverture du chantier").first).to_be_visible()
    expect(page.get_by_text("Chantier ouvert")).to_have_count(0)

"""Irreversible acts in a real browser: the clerk presses the button, reads on the next page
what will happen and who is told, confirms, and is told what was done."""

import pytest
from playwright.sync_api import expect

from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import ResidentFactory, staff_user
from petitions.models import CitizenInitiative, Signature
from petitions.tests.factories import (
    CitizenInitiativeFactory,
    InitiativeCharterFactory,
    SignatureFactory,
)
from tests.browser import confirm
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_closes_a_vote_and_invalidates_a_signature_after_confirming_each(page):
    # given a budget open for voting and an initiative collecting, with one signature
    budget = BudgetFactory(voting=True, title="Budget participatif de Rochebelle")
    ProposalFactory(budget=budget, feasible=True, title="Jardin partagé")
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Des bancs à l'ombre")
    signature = SignatureFactory(initiative=initiative, resident=ResidentFactory(
        user__first_name="Rachid", user__last_name="Amrani"))
    CitizenInitiative.objects.filter(pk=initiative.pk).update(signature_count=1)
    staff_user("clerk", email="agent@exemple.fr")
    login(page, "agent@exemple.fr")

    # when the clerk presses "close the vote"
    page.goto(f"/budgets/{budget.pk}/")
    page.get_by_role("button", name="Passer à la phase « dépouillement »").click()
    # then she is asked first, and told what it does
    expect(page.get_by_role("heading", level=1)).to_have_text("Clore le vote ?")
    expect(page.get_by_text("Plus personne ne pourra voter")).to_be_visible()
    budget.refresh_from_db()
    assert budget.status == "voting"
    # when she confirms, the vote is closed and she is told so
    page.get_by_role("button", name="Clore le vote").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Vote clos : l'urne est scellée et le dépouillement a commencé.")
    budget.refresh_from_db()
    assert budget.status == "tally"

    # when she invalidates the signature with a reason
    page.goto(f"/initiatives/agents/{initiative.pk}/signatures/")
    page.get_by_label("Motif").fill("Absent des listes électorales")
    page.get_by_role("button", name="Invalider").click()
    # then she is asked first, with whose signature, the count after and who is told
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invalider la signature de Rachid Amrani ?")
    expect(page.get_by_text("de 1 à 0 signatures valides")).to_be_visible()
    assert Signature.objects.get(pk=signature.pk).status == "valid"
    # when she confirms, it no longer counts and she is told so
    confirm(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Signature de Rachid Amrani invalidée : elle n'est plus comptée.")
    expect(page.get_by_text("Absent des listes électorales")).to_be_visible()
    assert Signature.objects.get(pk=signature.pk).status == "invalidated"

"""The clerks' correction pages of budgets, debates and milestones, through Django's test
client: a save ends with a message, a refusal is a 400 with the error next to the field, and
an irreversible act is done only once its box is ticked."""

from datetime import date

import pytest
from django.urls import reverse

from budgets.models import BudgetDebate, Implementation, Milestone, ParticipatoryBudget
from budgets.tests.factories import BudgetFactory, DebateFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BUDGET_FORM = {
    "title": "Budget participatif 2031", "description": "", "envelope_cents": "150 000",
    "ballot_kind": "approval", "min_projects": "1", "max_projects": "", "rule": "mes-completed",
    "min_age": "16", "residence": "neighbourhood", "require_verified": "on",
}


def test_a_clerk_corrects_a_budget_in_preparation_and_is_told_it_is_saved(client, clerk,
                                                                        neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, year=2031, title="Brouillon")
    client.force_login(clerk)
    url = reverse("budgets_web:budget_edit", args=[budget.pk])
    assert client.get(url).status_code == 200
    # when
    response = client.post(url, BUDGET_FORM, follow=True)
    # then
    assert response.status_code == 200
    assert "Budget enregistré." in response.text
    budget.refresh_from_db()
    assert (budget.title, budget.envelope_cents) == ("Budget participatif 2031", 15_000_000)


def test_once_submission_opened_the_envelope_is_refused_next_to_its_field(client, clerk,
                                                                        neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, year=2031, submission=True,
                           title="Budget participatif 2031")
    client.force_login(clerk)
    response = client.post(reverse("budgets_web:budget_edit", args=[budget.pk]),
                           BUDGET_FORM | {"envelope_cents": "1 000"})
    assert response.status_code == 400
    field = response.context["form"]["envelope_cents"]
    assert "ne se modifient qu'en préparation" in field.errors[0]


def test_a_probe_budget_is_withdrawn_only_once_the_box_is_ticked(client, clerk, neighbourhood):
    probe = BudgetFactory(neighbourhood=neighbourhood, year=2031, title="__probe__")
    client.force_login(clerk)
    url = reverse("budgets_web:budget_withdraw", args=[probe.pk])
    assert client.get(url).status_code == 200
    unticked = client.post(url, {"reason": "Test"})
    assert unticked.status_code == 400
    assert ParticipatoryBudget.objects.filter(pk=probe.pk).exists()
    done = client.post(url, {"reason": "Test", "confirm": "on"}, follow=True)
    assert "Budget « __probe__ » retiré." in done.text
    assert "__probe__" not in client.get(reverse("budgets_web:index")).text.replace(
        "Budget « __probe__ » retiré.", "")
    assert not ParticipatoryBudget.objects.filter(pk=probe.pk).exists()


def test_a_budget_under_vote_offers_no_withdrawal(client, clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    client.force_login(clerk)
    url = reverse("budgets_web:budget_withdraw", args=[budget.pk])
    assert "Seul un budget encore en préparation" in client.get(url).text
    assert client.post(url, {"reason": "Test", "confirm": "on"}).status_code == 400
    assert ParticipatoryBudget.objects.filter(pk=budget.pk).exists()


def test_a_debate_is_corrected_then_withdrawn(client, clerk):
    debate = DebateFactory(year=2031)
    client.force_login(clerk)
    saved = client.post(reverse("budgets_web:debate_edit", args=[debate.pk]),
                        {"title": "Débat 2031", "introduction": "Donnez votre avis."},
                        follow=True)
    assert "Débat enregistré." in saved.text
    done = client.post(reverse("budgets_web:debate_withdraw", args=[debate.pk]),
                       {"reason": "Doublon", "confirm": "on"}, follow=True)
    assert "Débat « Débat 2031 » retiré." in done.text
    assert not BudgetDebate.objects.filter(pk=debate.pk).exists()


def test_a_milestone_is_edited_and_deleted_from_the_projects_page(client, clerk, neighbourhood):
    built = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                 implementation=True), feasible=True)
    milestone = Milestone.objects.create(
        implementation=Implementation.objects.create(proposal=built), title="Chantier",
        happened_on=date(2026, 3, 2))
    client.force_login(clerk)
    page = client.get(reverse("budgets_web:proposal", args=[built.pk])).text
    assert reverse("budgets_web:milestone_edit", args=[milestone.pk]) in page
    saved = client.post(reverse("budgets_web:milestone_edit", args=[milestone.pk]),
                        {"title": "Ouverture du chantier", "happened_on": "2026-03-04",
                         "note": ""}, follow=True)
    assert "Jalon enregistré." in saved.text
    assert "Ouverture du chantier" in saved.text
    deleted = client.post(reverse("budgets_web:milestone_delete", args=[milestone.pk]),
                          {"reason": "Erreur de saisie", "confirm": "on"}, follow=True)
    assert "Jalon supprimé." in deleted.text
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_residents_cannot_reach_the_correction_pages(client, resident, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood)
    client.force_login(resident.user)
    assert client.get(reverse("budgets_web:budget_edit", args=[budget.pk])).status_code == 403
    assert client.post(reverse("budgets_web:budget_withdraw", args=[budget.pk]),
                       {"reason": "x", "confirm": "on"}).status_code == 403
    assert ParticipatoryBudget.objects.filter(pk=budget.pk).exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"title": "Budget\x00piégé"}, "title"),
    ({"ballot_kind": "cumulative", "points_total": ""}, "points_total"),
    ({"min_projects": "3", "max_projects": "2"}, "max_projects"),
    ({"envelope_cents": "zéro"}, "envelope_cents"),
])
def test_bad_input_on_the_budget_edit_page_is_a_400_next_to_its_field(client, clerk,
                                                                    neighbourhood, change,
                                                                    field):
    budget = BudgetFactory(neighbourhood=neighbourhood, year=2031)
    client.force_login(clerk)
    response = client.post(reverse("budgets_web:budget_edit", args=[budget.pk]),
                           BUDGET_FORM | change)
    assert response.status_code == 400
    assert response.context["form"][field].errors

"""The results say how much of the envelope is left and why; a project found not feasible
needs no cost, and its page gives the reason instead of a cost the town never gave."""

import pytest
from django.urls import reverse

from budgets.models import FeasibilityReview, Proposal
from budgets.money import format_euros
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.services.proposals import proposal_review
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import DomainError
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _counted(clerk, neighbourhood, capture, *, votes, costs, publish=True, **budget_fields):
    """A budget of 100 000 € counted with `votes` (one list of project titles per voter)."""
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None,
                           **budget_fields)
    projects = {title: ProposalFactory(budget=budget, feasible=True, title=title,
                                       cost_cents=cost, estimated_cost_cents=cost)
                for title, cost in costs.items()}
    for chosen in votes:
        ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                    choices={projects[title].pk: 1 for title in chosen})
    with capture(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    if publish:
        budget_transition(budget=budget, target="results", actor=clerk)
    return budget


def _results(client, budget):
    response = client.get(reverse("budgets_web:results", args=[budget.pk]))
    assert response.status_code == 200
    return response.text


def test_results_say_how_much_is_left_and_that_the_next_project_did_not_fit(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given the two most supported projects win (50 000 €) and the third costs 60 000 €
    budget = _counted(
        clerk, neighbourhood, django_capture_on_commit_callbacks, rule="greedy",
        unspent_use="Reporté sur le budget participatif de l'année suivante.",
        costs={"Jardin partagé": 2_000_000, "Éclairage du chemin": 3_000_000,
               "Skatepark": 6_000_000},
        votes=[["Jardin partagé", "Éclairage du chemin"]] * 3 + [["Skatepark"]])
    # when
    page = _results(client, budget)
    # then the page says what is left, why, and what the charter does with it
    left = format_euros(5_000_000)
    assert f"{left} non utilisés" in page
    assert "Aucun des projets non retenus ne tenait dans ce reste" in page
    assert f"« Skatepark », coûte {format_euros(6_000_000)}, plus que les {left}" in page
    assert "Reporté sur le budget participatif de l&#x27;année suivante." in page


def test_results_say_every_project_won_when_the_ballot_had_no_other(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given the only project on the ballot won, and the charter says nothing of the rest
    budget = _counted(clerk, neighbourhood, django_capture_on_commit_callbacks,
                      costs={"Boîte à livres": 2_000_000}, votes=[["Boîte à livres"]])
    # when
    page = _results(client, budget)
    # then
    assert f"{format_euros(8_000_000)} non utilisés" in page
    assert "Tous les projets soumis au vote sont lauréats" in page
    assert "Le règlement de ce budget ne dit pas ce que devient ce reste." in page


def test_results_name_the_projects_that_would_fit_and_the_rule_that_left_them_out(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given a minimum score of 2: "Banc" (1 vote) would fit in what is left, but is under it
    budget = _counted(clerk, neighbourhood, django_capture_on_commit_callbacks,
                      rule="greedy", min_score_threshold=2,
                      costs={"Jardin partagé": 2_000_000, "Banc": 500_000},
                      votes=[["Jardin partagé"], ["Jardin partagé", "Banc"]])
    # when
    page = _results(client, budget)
    # then
    assert "auraient tenu dans ce reste" in page
    assert (f"« Banc » ({format_euros(500_000)}) n&#x27;a pas atteint le score minimum"
            in page)


def test_results_explain_equal_shares_leaving_money_its_supporters_could_not_pay(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given equal shares without completion: each of two voters holds 50 000 €; both pay
    # 60 000 € for the first project, and the one who wants "Banc" (30 000 €) has 20 000 € left
    budget = _counted(clerk, neighbourhood, django_capture_on_commit_callbacks, rule="mes",
                      costs={"Gymnase": 6_000_000, "Banc": 3_000_000},
                      votes=[["Gymnase", "Banc"], ["Gymnase"]])
    # when
    page = _results(client, budget)
    # then the 40 000 € left are explained by the rule, with the supporters' money
    assert f"{format_euros(4_000_000)} non utilisés" in page
    assert "« Banc »" in page and "n&#x27;avaient plus assez de parts d&#x27;enveloppe" in page


def test_staff_preview_shows_the_same_explanation_of_what_is_left(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given a count not yet published
    budget = _counted(clerk, neighbourhood, django_capture_on_commit_callbacks, publish=False,
                      rule="greedy", costs={"Jardin partagé": 2_000_000, "Skatepark": 9_000_000},
                      votes=[["Jardin partagé"], ["Jardin partagé", "Skatepark"]])
    client.force_login(clerk)
    # when
    page = _results(client, budget)
    # then the preview carries the explanation and the count's own figures
    assert "Aperçu réservé aux agents" in page
    assert f"{format_euros(8_000_000)} non utilisés" in page
    assert "Aucun des projets non retenus ne tenait dans ce reste" in page
    assert "2 bulletins comptés" in page


def test_a_project_found_not_feasible_needs_no_cost_and_its_page_gives_the_reason(
        client, clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget, title="Piscine sur le toit")
    client.force_login(clerk)
    page = reverse("budgets_web:proposal", args=[proposal.pk])
    # when the clerk finds it not feasible and gives no cost
    asked = client.post(page + "?do=review", {
        "review-feasible": "no", "review-cost_cents": "",
        "review-reason": "Le toit de l'école ne porte pas une telle charge."})
    # then she is asked to confirm (the authors will be told), with no cost to show
    assert asked.status_code == 200
    assert "Avis : non réalisable." in asked.text
    assert not FeasibilityReview.objects.filter(proposal=proposal).exists()
    response = client.post(page + "?do=review", {
        "review-feasible": "no", "review-cost_cents": "", "confirmed": "1",
        "review-reason": "Le toit de l'école ne porte pas une telle charge."})
    # and once she confirms, it is recorded without a cost; its page says why, and no cost
    assert response.status_code == 302
    review = FeasibilityReview.objects.get(proposal=proposal)
    assert review.cost_cents is None and not review.feasible
    assert Proposal.objects.get(pk=proposal.pk).status == "unfeasible"
    text = client.get(page).text
    assert "Coût chiffré par la ville" not in text
    assert "Pourquoi ce projet n'est pas réalisable" in text
    assert "ne porte pas une telle charge" in text


def test_a_feasible_project_still_needs_its_cost_next_to_the_field(client, clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    client.force_login(clerk)
    page = reverse("budgets_web:proposal", args=[proposal.pk])
    # when
    response = client.post(page + "?do=review", {
        "review-feasible": "yes", "review-cost_cents": "", "review-reason": "Faisable."},
        follow=True)
    # then the refusal sits next to the cost field and nothing is recorded
    assert response.status_code == 400
    assert "Indiquez le coût chiffré par les services." in response.text
    assert not FeasibilityReview.objects.filter(proposal=proposal).exists()


def test_the_review_form_is_not_prefilled_with_the_authors_estimate(client, clerk,
                                                                   neighbourhood):
    # given a project the services have not costed
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget, estimated_cost_cents=1_234_500)
    client.force_login(clerk)
    # when
    text = client.get(reverse("budgets_web:proposal", args=[proposal.pk])).text
    # then the cost field is empty: a figure there would be recorded as the town's
    assert 'value="12345,00"' not in text and 'value="12 345,00"' not in text


def test_a_costed_review_of_an_unfeasible_project_keeps_its_cost(clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    # when the services did cost it
    proposal_review(proposal=proposal, reviewer=clerk, feasible=False,
                    reason="Trop cher pour l'enveloppe.", cost_cents=25_000_000)
    # then
    proposal.refresh_from_db()
    assert proposal.review.cost_cents == 25_000_000 and proposal.cost_cents == 25_000_000


def test_the_api_reviews_an_unfeasible_project_without_a_cost(clerk, neighbourhood):
    from rest_framework.test import APIClient

    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    api = APIClient()
    api.force_authenticate(clerk)
    # when
    url = reverse("api:budget-proposal-review", args=[proposal.pk])
    refused = api.post(url, {"feasible": True, "reason": "Faisable."}, format="json")
    answered = api.post(url, {"feasible": False, "reason": "Hors compétence."}, format="json")
    # then
    assert refused.status_code == 400 and "cost_cents" in refused.json()["fields"]
    assert answered.status_code == 200, answered.content
    assert answered.json()["review"]["cost_cents"] is None


def test_a_feasible_review_without_cost_is_refused_by_the_service(clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(DomainError) as refused:
        proposal_review(proposal=proposal, reviewer=clerk, feasible=True, reason="Oui.")
    assert refused.value.field == "cost_cents"


def test_the_results_api_gives_the_same_explanation_of_what_is_left(
        clerk, neighbourhood, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    # given published results that leave 50 000 € because the third project costs 60 000 €
    budget = _counted(
        clerk, neighbourhood, django_capture_on_commit_callbacks, rule="greedy",
        unspent_use="Rendu au budget général.",
        costs={"Jardin partagé": 2_000_000, "Éclairage du chemin": 3_000_000,
               "Skatepark": 6_000_000},
        votes=[["Jardin partagé", "Éclairage du chemin"]] * 3 + [["Skatepark"]])
    # when
    body = APIClient().get(reverse("api:budget-results", args=[budget.pk])).json()
    # then
    skatepark = Proposal.objects.get(title="Skatepark")
    assert body["unspent"] == {
        "envelope_cents": 10_000_000, "spent_cents": 5_000_000, "left_cents": 5_000_000,
        "case": "none_fits", "cheapest_left_out": skatepark.pk, "reasons": [],
        "others_too_costly": False}
    assert body["unspent_use"] == "Rendu au budget général."

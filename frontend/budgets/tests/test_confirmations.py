"""The clerks' irreversible acts on budgets and debates: the first POST shows what will happen
and who is told, and does nothing; the confirmed POST acts and the page says what was done."""

import pytest
from django.urls import reverse

from budgets.models import Proposal, Tally
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, DebateFactory, LineFactory, ProposalFactory
from civic.models import AgendaItem
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_closing_the_vote_asks_first_then_seals_the_box_and_says_so(
        client, clerk, voting_budget, projects):
    url = reverse("budgets_web:budget_phase", args=[voting_budget.pk])
    client.force_login(clerk)
    # when the clerk presses "close the vote"
    asked = client.post(url, {"target": "tally"})
    # then she is asked first, told what it does, and the vote stays open
    assert asked.status_code == 200
    assert "Clore le vote ?" in _text(asked)
    assert "Plus personne ne pourra voter" in _text(asked)
    voting_budget.refresh_from_db()
    assert voting_budget.status == "voting"
    # when she confirms, the vote is closed and the tally page says so
    done = client.post(url, {"target": "tally", "confirmed": "1"}, follow=True)
    voting_budget.refresh_from_db()
    assert voting_budget.status == "tally"
    assert done.redirect_chain[-1][0] == reverse("budgets_web:tally", args=[voting_budget.pk])
    assert "Vote clos : l'urne est scellée et le dépouillement a commencé." in _text(done)


def test_publishing_the_results_asks_first_and_names_who_is_told(
        client, clerk, neighbourhood, voting_budget, projects,
        django_capture_on_commit_callbacks):
    voter = ResidentFactory(neighbourhood=neighbourhood)
    ballot_cast(budget=voting_budget, voter=voter.user, choices={projects[0].pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=voting_budget, target="tally", actor=clerk)
    assert Tally.objects.filter(budget=voting_budget, status="done").exists()
    url = reverse("budgets_web:budget_phase", args=[voting_budget.pk])
    client.force_login(clerk)
    # when the clerk presses "publish the results" (from the tally page's form)
    asked = client.post(url, {"target": "results"})
    # then the confirmation says who is told, and nothing is published yet
    assert "Publier les résultats ?" in _text(asked)
    assert "Les auteurs et co-auteurs de chaque projet soumis au vote" in _text(asked)
    voting_budget.refresh_from_db()
    assert voting_budget.status == "tally" and voting_budget.result_tally_id is None
    # when she confirms, the results are published and the page says so
    done = client.post(url, {"target": "results", "confirmed": "1"}, follow=True)
    voting_budget.refresh_from_db()
    assert voting_budget.status == "results" and voting_budget.result_tally_id
    assert "Résultats publiés ; les auteurs des projets soumis au vote sont prévenus." in (
        _text(done))


def test_a_tally_run_asks_first(client, clerk, voting_budget, projects):
    budget_transition(budget=voting_budget, target="tally", actor=clerk)
    count = Tally.objects.count()
    url = reverse("budgets_web:tally_run", args=[voting_budget.pk])
    client.force_login(clerk)
    asked = client.post(url)
    assert "Lancer le dépouillement ?" in _text(asked)
    done = client.post(url, {"confirmed": "1"}, follow=True)
    assert Tally.objects.count() == count  # the same ballots: the same count is not redone
    assert "Dépouillement lancé" in _text(done)


def test_a_feasibility_review_asks_first_then_tells_the_authors(client, clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    url = reverse("budgets_web:proposal", args=[proposal.pk]) + "?do=review"
    data = {"review-feasible": "no", "review-cost_cents": "18 000",
            "review-reason": "Terrain privé."}
    client.force_login(clerk)
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert "Avis : non réalisable" in _text(asked)
    assert "L'auteur et les co-auteurs reçoivent aussitôt cet avis" in _text(asked)
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    done = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert Proposal.objects.get(pk=proposal.pk).status == "unfeasible"
    assert "Étude de faisabilité enregistrée ; l'auteur et les co-auteurs sont prévenus." in (
        _text(done))


def test_a_merge_asks_first_then_says_so(client, clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    duplicate, kept = ProposalFactory(budget=budget), ProposalFactory(budget=budget,
                                                                      title="Grand jardin")
    url = reverse("budgets_web:proposal", args=[duplicate.pk]) + "?do=merge"
    client.force_login(clerk)
    asked = client.post(url, {"merge-into": kept.pk})
    assert "dans « Grand jardin » ?" in _text(asked)
    assert Proposal.objects.get(pk=duplicate.pk).status != "merged"
    done = client.post(url, {"merge-into": kept.pk, "confirmed": "1"}, follow=True)
    assert Proposal.objects.get(pk=duplicate.pk).status == "merged"
    assert "Projet fusionné dans « Grand jardin »" in _text(done)


def test_closing_a_debate_and_sending_its_synthesis_ask_first(client, clerk, council):
    debate = DebateFactory(year=2029, open=True)
    LineFactory(chapter__debate=debate)
    phase = reverse("budgets_web:debate_phase", args=[debate.pk])
    submit = reverse("budgets_web:synthesis_submit", args=[debate.pk])
    client.force_login(clerk)
    # closing: asked, then done
    assert "Clore le débat ?" in _text(client.post(phase, {"target": "closed"}))
    debate.refresh_from_db()
    assert debate.status == "open"
    closed = client.post(phase, {"target": "closed", "confirmed": "1"}, follow=True)
    debate.refresh_from_db()
    assert debate.status == "closed" and "Débat clos" in _text(closed)
    # sending the synthesis: asked, then done
    assert "la transmission ne peut pas être retirée" in _text(client.post(submit))
    assert not AgendaItem.objects.exists()
    sent = client.post(submit, {"confirmed": "1"}, follow=True)
    assert AgendaItem.objects.count() == 1
    assert "La synthèse est transmise au conseil municipal." in _text(sent)


def test_a_move_that_cannot_happen_is_refused_before_any_confirmation(client, clerk,
                                                                      neighbourhood):
    # given a budget in review with a project not yet studied
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    ProposalFactory(budget=budget)
    client.force_login(clerk)
    # when the clerk presses "open the vote"
    response = client.post(reverse("budgets_web:budget_phase", args=[budget.pk]),
                           {"target": "voting"}, follow=True)
    # then she is told why on the budget's page, without being asked to confirm first
    assert response.redirect_chain == [(reverse("budgets_web:budget", args=[budget.pk]), 302)]
    assert "à étudier" in _text(response) and "Ouvrir le vote ?" not in _text(response)

"""The clerk's "close the vote" is refused, before any confirmation, while paper ballots wait."""

import pytest
from django.urls import reverse

from budgets.selectors import tally_current
from budgets.services.paper_ballots import paper_ballot_enter_first
from civic.roles import Role
from civic.tests.factories import staff_user

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_closing_the_vote_is_refused_while_a_paper_ballot_waits_then_works_once_typed(
        client, clerk, resident, voting_budget, projects, django_capture_on_commit_callbacks):
    # given a paper ballot typed once at the counter
    garden = projects[0]
    entry = paper_ballot_enter_first(budget=voting_budget, voter=resident.user,
                                     choices={garden.pk: 1}, clerk=clerk, form_reference="PB-7")
    url = reverse("budgets_web:budget_phase", args=[voting_budget.pk])
    client.force_login(clerk)
    # when the clerk presses "close the vote"
    response = client.post(url, {"target": "tally"}, follow=True)
    # then she is told why on the budget's page, and not asked to confirm
    assert response.redirect_chain == [
        (reverse("budgets_web:budget", args=[voting_budget.pk]), 302)]
    page = _text(response)
    assert "1 bulletin papier attend encore une saisie" in page
    assert "Bulletins papier à confirmer" in page
    assert "Clore le vote ?" not in page
    # and a confirmed POST sent anyway changes nothing
    client.post(url, {"target": "tally", "confirmed": "1"})
    voting_budget.refresh_from_db()
    assert voting_budget.status == "voting"
    # when another clerk types the form at the counter
    second = staff_user(Role.CLERK)
    client.force_login(second)
    typed = client.post(reverse("counter:ballot_second", args=[entry.pk]),
                        {f"project_{garden.pk}": "on"}, follow=True)
    assert "Les saisies concordent" in _text(typed)
    # then the close is offered and done, and the paper ballot is in the count
    client.force_login(clerk)
    assert "Clore le vote ?" in _text(client.post(url, {"target": "tally"}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"target": "tally", "confirmed": "1"})
    voting_budget.refresh_from_db()
    assert voting_budget.status == "tally"
    assert tally_current(budget=voting_budget).ballot_count == 1

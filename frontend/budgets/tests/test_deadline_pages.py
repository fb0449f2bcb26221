"""Past a closing time the pages stop offering the form and refuse it, whatever the phase says."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from budgets import selectors
from budgets.models import Ballot, ChapterPreference, ParticipatoryBudget, Proposal
from budgets.tests.factories import BudgetFactory, ChapterFactory, DebateFactory, ProposalFactory

pytestmark = pytest.mark.django_db

CLOSING = datetime(2031, 3, 14, 19, 30, tzinfo=UTC)  # 20:30 in Alès
CLOSING_WORDS = "14 mars 2031 à 20:30"
THREE_DAYS_LATER = CLOSING + timedelta(days=3)
JUST_BEFORE = CLOSING - timedelta(seconds=1)


@pytest.fixture
def closed_vote(voting_budget):
    """The resident's budget: its vote closed on CLOSING, the phase still says "voting"."""
    ParticipatoryBudget.objects.filter(pk=voting_budget.pk).update(voting_closes_at=CLOSING)
    voting_budget.refresh_from_db()
    return voting_budget


def test_a_ballot_posted_after_the_close_is_refused_on_the_page(client, resident, closed_vote,
                                                                projects):
    # given
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(resident.user)
        # when
        response = client.post(reverse("budgets_web:vote", args=[closed_vote.pk]),
                               {"project": [projects[0].pk]})
    # then
    assert response.status_code == 400
    assert CLOSING_WORDS in response.text
    assert not Ballot.objects.exclude(content="").exists()


def test_the_ballot_page_stops_offering_the_form_after_the_close(client, resident, closed_vote,
                                                                 projects):
    # given
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(resident.user)
        # when
        ballot_page = client.get(reverse("budgets_web:vote", args=[closed_vote.pk]))
        budget_page = client.get(reverse("budgets_web:budget", args=[closed_vote.pk]))
    # then
    assert ballot_page.status_code == 200
    assert "Valider mon vote" not in ballot_page.text
    assert CLOSING_WORDS in ballot_page.text
    assert reverse("budgets_web:vote", args=[closed_vote.pk]) not in budget_page.text
    assert CLOSING_WORDS in budget_page.text


def test_the_pages_still_take_a_ballot_one_second_before_the_close(client, resident,
                                                                   closed_vote, projects):
    # given
    url = reverse("budgets_web:vote", args=[closed_vote.pk])
    with time_machine.travel(JUST_BEFORE, tick=False):
        client.force_login(resident.user)
        # when
        budget_page = client.get(reverse("budgets_web:budget", args=[closed_vote.pk]))
        ballot_page = client.get(url)
        posted = client.post(url, {"project": [projects[0].pk]})
    # then
    assert url in budget_page.text
    assert "Valider mon vote" in ballot_page.text
    assert posted.status_code == 200 and "Votre vote est enregistré" in posted.text
    assert selectors.ballot_of(budget=closed_vote, voter=resident.user) is not None


def test_proposal_form_is_no_longer_offered_nor_taken_after_the_submission_window(
        client, resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True,
                           review_starts_at=CLOSING)
    new_url = reverse("budgets_web:proposal_new", args=[budget.pk])
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(resident.user)
        # when
        budget_page = client.get(reverse("budgets_web:budget", args=[budget.pk]))
        form_page = client.get(new_url)
        posted = client.post(new_url, {"title": "Bancs", "description": "Des bancs.",
                                       "estimated_cost_cents": "5000"})
    # then
    assert new_url not in budget_page.text
    assert "Déposer mon projet" not in form_page.text
    assert CLOSING_WORDS in form_page.text
    assert posted.status_code == 400
    assert CLOSING_WORDS in posted.text
    assert not Proposal.objects.exists()


def test_proposal_page_hides_the_comment_form_once_the_vote_closed(
        client, resident, closed_vote, projects):
    # given a project of the resident, on a budget whose vote closed
    proposal = ProposalFactory(budget=closed_vote, author=resident.user, feasible=True)
    url = reverse("budgets_web:proposal", args=[proposal.pk])
    with time_machine.travel(JUST_BEFORE, tick=False):
        client.force_login(resident.user)
        before = client.get(url)
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(resident.user)
        # when
        after = client.get(url)
    # then
    comment_action = 'action="?do=comment"'
    assert comment_action in before.text
    assert comment_action not in after.text


def test_debate_page_stops_offering_the_opinion_form_and_refuses_it_after_the_close(
        client, resident):
    # given a debate closed by the clock, still "open" in the database
    debate = DebateFactory(open=True, closes_at=CLOSING)
    chapter = ChapterFactory(debate=debate)
    action = reverse("budgets_web:debate_preferences", args=[debate.pk])
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(resident.user)
        # when
        page = client.get(reverse("budgets_web:debate", args=[debate.pk]))
        posted = client.post(action, {f"chapter_{chapter.pk}": "more"}, follow=True)
    # then the refusal is shown on the debate's own page (post/redirect/get)
    assert action not in page.text
    assert CLOSING_WORDS in page.text
    assert posted.redirect_chain[-1][0].startswith(reverse("budgets_web:debate",
                                                           args=[debate.pk]))
    assert CLOSING_WORDS in posted.text
    assert not ChapterPreference.objects.exists()

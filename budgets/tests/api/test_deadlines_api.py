"""The API refuses acts past their closing time, even while the stored phase still allows them."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from budgets import selectors
from budgets.models import Ballot, ChapterPreference, ParticipatoryBudget, Proposal
from budgets.tests.factories import (
    BudgetFactory,
    ChapterFactory,
    DebateFactory,
    LineFactory,
    ProposalFactory,
)
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

CLOSING = datetime(2031, 3, 14, 19, 30, tzinfo=UTC)  # 20:30 in Alès
CLOSING_WORDS = "14 mars 2031 à 20:30"
THREE_DAYS_LATER = CLOSING + timedelta(days=3)
JUST_BEFORE = CLOSING - timedelta(seconds=1)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _cast(user, budget, project):
    return api(user).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/",
                          {"choices": [{"proposal": project.pk}]}, format="json")


def test_ballot_cast_api_answers_409_voting_closed_after_the_close(resident, voting_budget,
                                                                   projects):
    # given a vote closed three days ago, still "voting" in the database
    ParticipatoryBudget.objects.filter(pk=voting_budget.pk).update(voting_closes_at=CLOSING)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        response = _cast(resident.user, voting_budget, projects[0])
    # then
    body = response.json()
    assert response.status_code == 409
    assert body["code"] == "voting_closed"
    assert CLOSING_WORDS in body["message"]
    assert not Ballot.objects.exclude(content="").exists()


def test_ballot_cast_api_accepts_a_ballot_one_second_before_the_close(resident, voting_budget,
                                                                      projects):
    # given
    ParticipatoryBudget.objects.filter(pk=voting_budget.pk).update(voting_closes_at=CLOSING)
    # when
    with time_machine.travel(JUST_BEFORE, tick=False):
        response = _cast(resident.user, voting_budget, projects[0])
    # then
    assert response.status_code == 200
    assert selectors.ballot_of(budget=voting_budget, voter=resident.user) is not None


def test_proposal_submit_api_refuses_after_the_submission_window(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True,
                           review_starts_at=CLOSING)
    body = {"title": "Bancs", "description": "Des bancs à l'ombre.",
            "estimated_cost_cents": 500_000}
    url = f"/api/v1/budgets/{budget.pk}/proposals/submit/"
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        late = api(resident.user).post(url, body, format="json")
    with time_machine.travel(JUST_BEFORE, tick=False):
        in_time = api(resident.user).post(url, body, format="json")
    # then
    assert late.status_code == 409
    assert late.json()["code"] == "submit_proposal_closed"
    assert CLOSING_WORDS in late.json()["message"]
    assert in_time.status_code == 201
    assert Proposal.objects.count() == 1


def test_coauthor_api_refuses_once_the_vote_was_due_to_open(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True, voting_opens_at=CLOSING)
    proposal = ProposalFactory(budget=budget, author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood).user
    # when
    with time_machine.travel(CLOSING, tick=False):
        response = api(resident.user).post(f"/api/v1/budget-proposals/{proposal.pk}/coauthors/",
                                           {"email": friend.email}, format="json")
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "add_coauthor_closed"
    assert not proposal.coauthors.exists()


def test_debate_preference_api_refuses_after_the_debate_closed(resident):
    # given
    debate = DebateFactory(open=True, closes_at=CLOSING)
    chapter = ChapterFactory(debate=debate)
    url = f"/api/v1/budget-debates/{debate.pk}/preferences/"
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        late = api(resident.user).post(url, {"chapter": chapter.pk, "choice": "more"},
                                       format="json")
    with time_machine.travel(JUST_BEFORE, tick=False):
        in_time = api(resident.user).post(url, {"chapter": chapter.pk, "choice": "same"},
                                          format="json")
    # then
    assert late.status_code == 409
    assert late.json()["code"] == "give_preference_closed"
    assert CLOSING_WORDS in late.json()["message"]
    assert in_time.status_code == 200
    assert ChapterPreference.objects.get().choice == "same"


def test_debate_line_comment_api_refuses_after_the_debate_closed(resident):
    # given
    line = LineFactory(chapter=ChapterFactory(debate=DebateFactory(open=True,
                                                                   closes_at=CLOSING)))
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        response = api(resident.user).post(f"/api/v1/budget-lines/{line.pk}/comments/",
                                           {"body": "Trop tard ?"}, format="json")
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "comment_closed"

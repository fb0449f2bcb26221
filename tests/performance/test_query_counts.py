"""Public pages and lists run a fixed number of SQL queries whatever their size.

Each test renders the same page over a small and a large data set (the sizes the town expects
at its peaks: 300 proposals in a budget, 1,000 initiatives, a 300-project result) and checks
that the number of queries does not grow with the number of rows: no N+1 in selectors,
templates or serializers. Query counts, not timings: the timings are in bench/.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets.models import Proposal
from budgets.models.proposal import ProposalStatus
from budgets.services.ballots import ballot_cast
from budgets.services.results import results_publish
from budgets.services.tallies import tally_request
from budgets.tests.factories import BudgetFactory
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.services.charter import charter_current

pytestmark = pytest.mark.django_db

SMALL, LARGE_PROPOSALS, LARGE_INITIATIVES = 5, 300, 1000


def _queries(client, url: str, *, cold_page_cache: bool = False) -> tuple[int, str]:
    """Number of queries to serve `url` (after one warm-up request) and the page's text.

    `cold_page_cache` empties the cache after the warm-up, so a page that caches its body
    is measured computing it."""
    client.get(url)  # warm-up: sessions, content types and translations are cached once
    if cold_page_cache:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured), response.content.decode()


def _budget_with_proposals(neighbourhood, count: int, **traits):
    # One budget per neighbourhood and year: the size makes the year distinct.
    budget = BudgetFactory(neighbourhood=neighbourhood, year=2000 + count,
                           envelope_cents=10_000_000_00,
                           rule="greedy", max_projects=None, **traits)
    author = ResidentFactory(neighbourhood=neighbourhood).user
    Proposal.objects.bulk_create(
        Proposal(budget=budget, author=author, title=f"Projet n° {i}", description="Un projet.",
                 location="Quartier", estimated_cost_cents=100_000 + i,
                 cost_cents=100_000 + i, status=ProposalStatus.FEASIBLE)
        for i in range(count))
    return budget


def _tally_and_publish(budget, django_capture_on_commit_callbacks) -> None:
    budget.status = "tally"
    budget.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        tally_request(budget=budget, actor=None)
    budget.status = "results"
    budget.save(update_fields=["status"])
    results_publish(budget=budget, actor=None)


def _published_results(neighbourhood, count: int, django_capture_on_commit_callbacks):
    """A budget of `count` projects, voted by 3 residents, tallied and published."""
    budget = _budget_with_proposals(neighbourhood, count, voting=True)
    ids = list(Proposal.objects.filter(budget=budget).values_list("pk", flat=True))
    for voter_index in range(3):
        voter = ResidentFactory(neighbourhood=neighbourhood).user
        ballot_cast(budget=budget, voter=voter, choices={pid: 1 for pid in ids[voter_index::3]})
    _tally_and_publish(budget, django_capture_on_commit_callbacks)
    return budget


def _initiatives(count: int) -> None:
    creator = ResidentFactory().user
    now = timezone.now()
    CitizenInitiative.objects.bulk_create(
        CitizenInitiative(
            charter=charter_current(), title=f"Initiative n° {i}", reasons="Des raisons.",
            operative_text="Le conseil décide.", created_by=creator,
            status=CitizenInitiative.Status.COLLECTING, signature_threshold=300,
            collection_opened_at=now, collection_deadline=now + timedelta(days=30))
        for i in range(count))


@pytest.mark.parametrize("url_name", ["budgets_web:budget", "api:budget-proposal-list"])
def test_budget_page_with_300_proposals_runs_as_many_queries_as_with_5(
        client, resident, neighbourhood, url_name):
    # given
    client.force_login(resident.user)
    small = _budget_with_proposals(neighbourhood, SMALL, voting=True)
    large = _budget_with_proposals(neighbourhood, LARGE_PROPOSALS, voting=True)
    # when
    small_count, _ = _queries(client, reverse(url_name, args=[small.pk]))
    large_count, page = _queries(client, reverse(url_name, args=[large.pk]))
    # then
    assert large_count == small_count
    assert "Projet n° " in page


@pytest.mark.parametrize("url_name", ["petitions_web:index", "api:initiative-list"])
def test_initiative_list_with_1000_entries_runs_as_many_queries_as_with_5(
        client, resident, url_name):
    # given
    client.force_login(resident.user)
    _initiatives(SMALL)
    small_count, _ = _queries(client, reverse(url_name))
    _initiatives(LARGE_INITIATIVES - SMALL)
    # when
    large_count, page = _queries(client, reverse(url_name))
    # then
    assert large_count == small_count
    assert "Initiative n° " in page


@pytest.mark.parametrize("url_name", ["budgets_web:results", "api:budget-results"])
def test_results_page_of_300_projects_runs_as_many_queries_as_of_5(
        client, resident, neighbourhood, url_name, django_capture_on_commit_callbacks):
    # given
    client.force_login(resident.user)
    small = _published_results(neighbourhood, SMALL, django_capture_on_commit_callbacks)
    large = _published_results(neighbourhood, LARGE_PROPOSALS,
                               django_capture_on_commit_callbacks)
    # when
    small_count, _ = _queries(client, reverse(url_name, args=[small.pk]), cold_page_cache=True)
    large_count, page = _queries(client, reverse(url_name, args=[large.pk]),
                                 cold_page_cache=True)
    # then
    assert large_count == small_count
    assert "Projet n° " in page


def test_results_page_is_computed_once_per_published_tally(
        client, resident, neighbourhood, django_capture_on_commit_callbacks):
    # given published results, viewed once (the page body is now cached)
    client.force_login(resident.user)
    budget = _published_results(neighbourhood, SMALL, django_capture_on_commit_callbacks)
    url = reverse("budgets_web:results", args=[budget.pk])
    cold, _ = _queries(client, url, cold_page_cache=True)
    # when other visitors open it
    warm, page = _queries(client, url)
    # then it is served without recounting (fewer queries), with the same figures
    assert warm < cold
    first_fingerprint = budget.result_tally.fingerprint
    assert first_fingerprint in page and "3 bulletins comptés" in page
    # and when a corrected count is published (a late paper ballot, a recount), the page shows
    # it at once: the cache is keyed by the published tally
    budget.status = "voting"
    budget.save(update_fields=["status"])
    ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={Proposal.objects.filter(budget=budget).first().pk: 1})
    _tally_and_publish(budget, django_capture_on_commit_callbacks)
    budget.refresh_from_db()
    page = client.get(url).content.decode()
    assert budget.result_tally.fingerprint != first_fingerprint
    assert budget.result_tally.fingerprint in page and "4 bulletins comptés" in page


def test_health_endpoint_answers_without_touching_the_database(client):
    # given
    url = reverse("api:health")
    # when
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(captured) == 0

"""Paper ballots under concurrency (PostgreSQL): one confirmation, one ballot, one entry."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from budgets.models import Ballot, PaperBallotEntry, PaperBallotStatus
from budgets.services.paper_ballots import paper_ballot_enter_first, paper_ballot_enter_second
from civic.errors import DomainError
from civic.models import AuditEntry
from civic.roles import Role
from civic.tests.factories import staff_user

CLERKS = 8


def _race(task, count: int) -> list[str]:
    barrier = threading.Barrier(count)

    def run(index: int) -> str:
        barrier.wait()
        try:
            task(index)
            return "ok"
        except DomainError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.django_db(transaction=True)
def test_clerks_confirming_the_same_paper_ballot_at_once_count_it_once(
        postgres_only, voting_budget, projects, resident, clerk):
    # given a first entry and eight other clerks at the counter
    entry = paper_ballot_enter_first(budget=voting_budget, voter=resident.user,
                                     choices={projects[0].pk: 1}, clerk=clerk)
    others = [staff_user(Role.CLERK) for _ in range(CLERKS)]
    # when they all type the matching second entry at the same moment
    outcomes = _race(lambda i: paper_ballot_enter_second(
        entry=entry, choices={projects[0].pk: 1}, clerk=others[i]), CLERKS)
    # then one confirms, the others are told it no longer waits; one ballot, one audit row
    assert sorted(outcomes) == ["ok"] + ["paper_ballot_not_pending"] * (CLERKS - 1)
    assert Ballot.objects.filter(budget=voting_budget).exclude(content="").count() == 1
    assert PaperBallotEntry.objects.get().status == PaperBallotStatus.CONFIRMED
    assert AuditEntry.objects.filter(verb="budget.paper_ballot_confirmed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_first_entries_typed_at_once_for_the_same_resident_leave_one_pending(
        postgres_only, voting_budget, projects, resident):
    # given eight clerks with the same resident's form
    clerks = [staff_user(Role.CLERK) for _ in range(CLERKS)]
    # when they all type the first entry at once
    outcomes = _race(lambda i: paper_ballot_enter_first(
        budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1},
        clerk=clerks[i]), CLERKS)
    # then one entry waits for its second entry, the others are refused clearly
    assert sorted(outcomes) == ["ok"] + ["paper_ballot_pending"] * (CLERKS - 1)
    assert PaperBallotEntry.objects.filter(status=PaperBallotStatus.PENDING).count() == 1

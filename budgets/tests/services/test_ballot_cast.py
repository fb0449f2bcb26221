import threading

import pytest
from django.db import connection

from budgets import selectors
from budgets.errors import InvalidBallot, VotingClosed
from budgets.models import Ballot, BallotReceipt
from budgets.services.ballots import ballot_cast
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import NotEligible
from civic.models import AuditEntry, Notification
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def counted(budget):
    """The contents of the budget's counted ballots, as stored."""
    return sorted(Ballot.objects.filter(budget=budget).exclude(content="")
                  .values_list("content", flat=True))


def test_ballot_cast_stores_one_ballot_the_voter_can_read_back_with_its_receipt(
        resident, voting_budget, projects):
    # given
    wanted = {projects[0].pk: 1, projects[1].pk: 1}
    # when
    cast = ballot_cast(budget=voting_budget, voter=resident.user, choices=wanted)
    # then
    mine = selectors.ballot_of(budget=voting_budget, voter=resident.user)
    assert mine.choices == wanted and mine.receipt == cast.receipt
    assert counted(voting_budget) == [f"{projects[0].pk}:1,{projects[1].pk}:1"]
    assert selectors.receipt_check(budget=voting_budget, receipt=cast.receipt_display)


def test_ballot_cast_writes_no_audit_entry_or_notification_naming_the_voter(
        resident, voting_budget, projects):
    # when
    ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1})
    # then: either would sit beside the ballot in the same transaction, with a time
    assert not AuditEntry.objects.filter(verb__startswith="budget.ballot").exists()
    assert not Notification.objects.filter(recipient=resident.user).exists()


def test_ballot_cast_replaces_previous_ballot_while_voting_open(resident, voting_budget, projects):
    # given
    first = ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1})
    # when
    second = ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[2].pk: 1})
    # then
    assert counted(voting_budget) == [f"{projects[2].pk}:1"]
    assert second.replaced and not first.replaced
    assert second.receipt == first.receipt
    assert BallotReceipt.objects.filter(budget=voting_budget, issued=True).count() == 1


def test_ballot_receipts_of_identical_ballots_differ_so_they_reveal_nothing(
        voting_budget, projects, neighbourhood):
    # given
    a, b = (ResidentFactory(neighbourhood=neighbourhood) for _ in range(2))
    # when
    first = ballot_cast(budget=voting_budget, voter=a.user, choices={projects[0].pk: 1})
    second = ballot_cast(budget=voting_budget, voter=b.user, choices={projects[0].pk: 1})
    # then
    assert first.receipt != second.receipt


@pytest.mark.parametrize(("make_choices", "code"), [
    (lambda p: {}, "empty_ballot"),
    (lambda p: {x.pk: 1 for x in p} | {999_999: 1}, "too_many_projects"),
    (lambda p: {999_999: 1}, "unknown_project"),
    (lambda p: {p[0].pk: 2}, "points_not_allowed"),
])
def test_ballot_cast_refuses_bad_approval_ballots_with_clear_messages(
        resident, voting_budget, projects, make_choices, code):
    # given
    choices = make_choices(projects)
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=voting_budget, voter=resident.user, choices=choices)
    # then
    assert refused.value.code == code
    assert refused.value.field == "choices"
    assert counted(voting_budget) == []


def test_ballot_cast_refuses_a_project_that_is_not_on_the_ballot(resident, voting_budget):
    # given
    unfeasible = ProposalFactory(budget=voting_budget, unfeasible=True, title="Piscine")
    other_budget_project = ProposalFactory(feasible=True)
    # when / then
    for project in (unfeasible, other_budget_project):
        with pytest.raises(InvalidBallot) as refused:
            ballot_cast(budget=voting_budget, voter=resident.user, choices={project.pk: 1})
        assert refused.value.code == "ineligible_project"


def test_ballot_cast_refuses_too_few_projects(resident, voting_budget, projects):
    # given
    voting_budget.min_projects = 2
    voting_budget.save()
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1})
    # then
    assert refused.value.code == "too_few_projects"


def test_ballot_cast_refuses_a_knapsack_ballot_over_the_envelope(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, knapsack=True,
                           envelope_cents=5_000_000)
    a = ProposalFactory(budget=budget, feasible=True, cost_cents=3_000_000)
    b = ProposalFactory(budget=budget, feasible=True, cost_cents=2_500_000)
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=budget, voter=resident.user, choices={a.pk: 1, b.pk: 1})
    # then
    assert refused.value.code == "over_budget"
    assert "55\u202f000\u00a0€" in str(refused.value.message)
    assert "50\u202f000\u00a0€" in str(refused.value.message)


def test_ballot_cast_refuses_a_knapsack_ballot_under_the_minimum_share(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, knapsack=True,
                           envelope_cents=5_000_000, min_share_percent=50)
    small = ProposalFactory(budget=budget, feasible=True, cost_cents=1_000_000)
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=budget, voter=resident.user, choices={small.pk: 1})
    # then
    assert refused.value.code == "under_minimum_share"
    assert "50 %" in str(refused.value.message)


def test_ballot_cast_accepts_points_within_the_cumulative_limits(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, cumulative=True)
    a, b = (ProposalFactory(budget=budget, feasible=True) for _ in range(2))
    # when
    ballot = ballot_cast(budget=budget, voter=resident.user, choices={a.pk: 5, b.pk: 4})
    # then
    assert ballot.choices == {a.pk: 5, b.pk: 4}
    assert counted(budget) == [f"{a.pk}:5,{b.pk}:4"]


@pytest.mark.parametrize(("points", "code"), [
    ((6, 1), "too_many_points_per_project"),
    ((5, 5, 1), "too_many_points"),
])
def test_ballot_cast_refuses_points_over_the_cumulative_limits(
        resident, neighbourhood, points, code):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, cumulative=True)
    chosen = [ProposalFactory(budget=budget, feasible=True) for _ in points]
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=budget, voter=resident.user,
                    choices={p.pk: n for p, n in zip(chosen, points, strict=True)})
    # then
    assert refused.value.code == code


def test_ballot_cast_refuses_once_voting_has_closed(resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, tally=True)
    project = ProposalFactory(budget=budget, feasible=True)
    # when
    with pytest.raises(VotingClosed) as refused:
        ballot_cast(budget=budget, voter=resident.user, choices={project.pk: 1})
    # then
    assert refused.value.code == "voting_closed"


@pytest.mark.parametrize(("trait", "code"), [
    ({"unverified": True}, "not_verified"),
    ({"minor": True}, "too_young"),
    ({"outsider": True}, "not_resident"),
])
def test_ballot_cast_refuses_an_ineligible_voter(voting_budget, projects, neighbourhood, trait,
                                                 code):
    # given
    voter = ResidentFactory(neighbourhood=neighbourhood, **trait)
    # when
    with pytest.raises(NotEligible) as refused:
        ballot_cast(budget=voting_budget, voter=voter.user, choices={projects[0].pk: 1})
    # then
    assert refused.value.code == code


def test_ballot_cast_refuses_a_resident_of_another_neighbourhood(voting_budget, projects):
    # given
    elsewhere = ResidentFactory(neighbourhood=NeighbourhoodFactory(code="tamaris"))
    # when
    with pytest.raises(NotEligible) as refused:
        ballot_cast(budget=voting_budget, voter=elsewhere.user, choices={projects[0].pk: 1})
    # then
    assert refused.value.code == "wrong_neighbourhood"


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_of_one_voter_leave_exactly_one_ballot(postgres_only,
                                                                       neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None)
    options = [ProposalFactory(budget=budget, feasible=True) for _ in range(5)]
    voter = ResidentFactory(neighbourhood=neighbourhood).user
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def submit(i: int) -> None:
        try:
            barrier.wait()
            ballot_cast(budget=budget, voter=voter,
                        choices={p.pk: 1 for p in options[: 1 + i % 5]})
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert errors == []
    assert len(counted(budget)) == 1
    assert BallotReceipt.objects.filter(budget=budget, issued=True).count() == 1
    assert selectors.ballot_of(budget=budget, voter=voter) is not None

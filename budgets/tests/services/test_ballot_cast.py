import threading

import pytest
from django.db import connection

from budgets.errors import InvalidBallot, VotingClosed
from budgets.models import Ballot, BallotChoice
from budgets.services.ballots import ballot_cast, receipt_of
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import NotEligible, NotPermitted
from civic.models import AuditEntry
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def choices_of(ballot):
    return dict(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", "points"))


def test_ballot_cast_stores_one_ballot_with_a_receipt_matching_its_content(
        resident, voting_budget, projects):
    # given
    wanted = {projects[0].pk: 1, projects[1].pk: 1}
    # when
    ballot = ballot_cast(budget=voting_budget, voter=resident.user, choices=wanted)
    # then
    assert choices_of(ballot) == wanted
    assert ballot.receipt == receipt_of(budget_id=voting_budget.pk, salt=ballot.salt,
                                        choices=wanted)
    assert AuditEntry.objects.filter(verb="budget.ballot_cast").count() == 1


def test_ballot_cast_replaces_previous_ballot_while_voting_open(resident, voting_budget, projects):
    # given
    first = ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1})
    # when
    second = ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[2].pk: 1})
    # then
    assert second.pk == first.pk
    assert Ballot.objects.filter(budget=voting_budget).count() == 1
    assert choices_of(second) == {projects[2].pk: 1}
    assert second.version == 2
    assert second.receipt != first.receipt


def test_ballot_receipts_of_identical_ballots_differ_so_they_reveal_nothing(
        voting_budget, projects, neighbourhood):
    # given
    a, b = (ResidentFactory(neighbourhood=neighbourhood) for _ in range(2))
    # when
    first = ballot_cast(budget=voting_budget, voter=a.user, choices={projects[0].pk: 1})
    second = ballot_cast(budget=voting_budget, voter=b.user, choices={projects[0].pk: 1})
    # then
    assert first.receipt != second.receipt


@pytest.mark.parametrize(("make_choices", "code", "words"), [
    (lambda p: {}, "empty_ballot", "au moins un projet"),
    (lambda p: {x.pk: 1 for x in p} | {999_999: 1}, "too_many_projects", "au plus 3"),
    (lambda p: {999_999: 1}, "unknown_project", "inconnu"),
    (lambda p: {p[0].pk: 2}, "points_not_allowed", "points"),
])
def test_ballot_cast_refuses_bad_approval_ballots_with_clear_messages(
        resident, voting_budget, projects, make_choices, code, words):
    # given
    choices = make_choices(projects)
    # when
    with pytest.raises(InvalidBallot) as refused:
        ballot_cast(budget=voting_budget, voter=resident.user, choices=choices)
    # then
    assert refused.value.code == code
    assert words in str(refused.value.message)
    assert refused.value.field == "choices"
    assert not Ballot.objects.exists()


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
    assert "au moins 2 projets" in str(refused.value.message)


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
    assert choices_of(ballot) == {a.pk: 5, b.pk: 4}


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
    assert "pas ouvert" in str(refused.value.message)


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


def test_ballot_cast_by_a_clerk_for_a_resident_is_audited_as_assisted(
        resident, clerk, voting_budget, projects):
    # when
    ballot = ballot_cast(budget=voting_budget, voter=resident.user,
                         choices={projects[0].pk: 1}, recorded_by=clerk)
    # then
    entry = AuditEntry.objects.get(verb="budget.ballot_cast")
    assert entry.actor == clerk and entry.data["assisted"] is True
    assert ballot.recorded_by == clerk


def test_ballot_cast_for_someone_else_is_refused_to_a_resident(resident, voting_budget, projects,
                                                               neighbourhood):
    # given
    other = ResidentFactory(neighbourhood=neighbourhood)
    # when / then
    with pytest.raises(NotPermitted):
        ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[0].pk: 1},
                    recorded_by=other.user)


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
    ballot = Ballot.objects.get(budget=budget, voter=voter)
    assert ballot.version == 50
    stored = choices_of(ballot)
    assert ballot.receipt == receipt_of(budget_id=budget.pk, salt=ballot.salt, choices=stored)
    assert BallotChoice.objects.filter(budget=budget).count() == len(stored)

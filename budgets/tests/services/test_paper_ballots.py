"""Paper ballots at the counter: two entries by two different clerks before a ballot counts."""

import pytest

from budgets.errors import InvalidBallot
from budgets.models import Ballot, PaperBallotEntry, PaperBallotStatus
from budgets.services.paper_ballots import (
    PaperBallotMismatch,
    paper_ballot_cancel,
    paper_ballot_enter_first,
    paper_ballot_enter_second,
)
from civic.errors import Conflict, InvalidTransition, NotPermitted
from civic.models import AuditEntry
from civic.roles import Role
from civic.tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_clerk():
    return staff_user(Role.CLERK)


def _first(budget, resident, clerk, choices):
    return paper_ballot_enter_first(budget=budget, voter=resident.user, choices=choices,
                                    clerk=clerk, form_reference="PB-0042")


def test_matching_second_entry_by_another_clerk_casts_the_residents_ballot(
        voting_budget, projects, resident, clerk, second_clerk):
    # given
    garden, light, _skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1, light.pk: 1})
    assert not Ballot.objects.filter(voter=resident.user).exists()
    # when
    entry = paper_ballot_enter_second(entry=entry, choices={light.pk: 1, garden.pk: 1},
                                      clerk=second_clerk)
    # then
    ballot = Ballot.objects.get(budget=voting_budget, voter=resident.user)
    assert entry.status == PaperBallotStatus.CONFIRMED
    assert entry.receipt == ballot.receipt and ballot.recorded_by == second_clerk
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {garden.pk, light.pk}
    audit = AuditEntry.objects.get(verb="budget.paper_ballot_confirmed")
    assert audit.data["first_clerk"] == clerk.get_full_name()
    assert audit.data["second_clerk"] == second_clerk.get_full_name()


def test_disagreeing_second_entry_is_refused_and_names_the_differing_projects(
        voting_budget, projects, resident, clerk, second_clerk):
    # given
    garden, light, skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1, light.pk: 1})
    # when
    with pytest.raises(PaperBallotMismatch) as refused:
        paper_ballot_enter_second(entry=entry, choices={garden.pk: 1, skate.pk: 1},
                                  clerk=second_clerk)
    # then nothing counts, the entry waits for a new second entry, the mismatch is logged
    message = str(refused.value.message)
    assert "Éclairage du chemin" in message and "Skatepark" in message
    assert "Jardin partagé" not in message
    assert not Ballot.objects.filter(voter=resident.user).exists()
    entry.refresh_from_db()
    assert entry.status == PaperBallotStatus.PENDING and entry.mismatches == 1
    assert AuditEntry.objects.filter(verb="budget.paper_ballot_mismatch").count() == 1
    # and a corrected second entry then counts
    paper_ballot_enter_second(entry=entry, choices={garden.pk: 1, light.pk: 1},
                              clerk=second_clerk)
    assert Ballot.objects.filter(voter=resident.user).count() == 1


def test_the_clerk_who_typed_the_first_entry_cannot_confirm_it(voting_budget, projects,
                                                                 resident, clerk):
    # given
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # when / then
    with pytest.raises(NotPermitted):
        paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1}, clerk=clerk)
    assert not Ballot.objects.filter(voter=resident.user).exists()


def test_an_invalid_paper_ballot_is_refused_at_the_first_entry(voting_budget, projects,
                                                                resident, clerk):
    # when / then
    with pytest.raises(InvalidBallot):
        _first(voting_budget, resident, clerk, {})
    assert not PaperBallotEntry.objects.exists()


def test_only_one_paper_ballot_per_resident_waits_for_its_second_entry(voting_budget, projects,
                                                                       resident, clerk):
    # given
    _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # when / then
    with pytest.raises(Conflict):
        _first(voting_budget, resident, clerk, {projects[1].pk: 1})


def test_a_cancelled_entry_cannot_be_confirmed_and_frees_the_resident_for_a_new_form(
        voting_budget, projects, resident, clerk, second_clerk):
    # given
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # when
    paper_ballot_cancel(entry=entry, clerk=second_clerk, reason="Formulaire illisible")
    # then
    with pytest.raises(InvalidTransition):
        paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1}, clerk=second_clerk)
    assert AuditEntry.objects.get(verb="budget.paper_ballot_cancelled").data["reason"] == (
        "Formulaire illisible")
    assert _first(voting_budget, resident, clerk, {projects[1].pk: 1}).status == "pending"


def test_residents_cannot_enter_paper_ballots(voting_budget, projects, resident):
    # when / then
    with pytest.raises(NotPermitted):
        _first(voting_budget, resident, resident.user, {projects[0].pk: 1})

"""Paper ballots at the counter: blind typings by different clerks; two must agree to count."""

import hashlib

import pytest

from budgets import selectors
from budgets.errors import InvalidBallot
from budgets.models import Ballot, PaperBallotEntry, PaperBallotKeying, PaperBallotStatus
from budgets.services.ballots import ballot_cast
from budgets.services.paper_ballots import (
    PaperBallotMismatch,
    PaperBallotNeedsConfirmation,
    paper_ballot_cancel,
    paper_ballot_enter_first,
    paper_ballot_enter_second,
)
from civic.errors import Conflict, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification
from civic.roles import Role
from civic.tests.factories import ResidentFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_clerk():
    return staff_user(Role.CLERK)


@pytest.fixture
def third_clerk():
    return staff_user(Role.CLERK)


def _first(budget, resident, clerk, choices, **options):
    return paper_ballot_enter_first(budget=budget, voter=resident.user, choices=choices,
                                    clerk=clerk, form_reference=options.pop("ref", "PB-0042"),
                                    **options)


def _counted(budget):
    return sorted(Ballot.objects.filter(budget=budget).exclude(content="")
                  .values_list("content", flat=True))


def test_matching_second_entry_by_another_clerk_casts_the_residents_ballot(
        voting_budget, projects, resident, clerk, second_clerk):
    # given
    garden, light, _skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1, light.pk: 1})
    assert _counted(voting_budget) == []
    # when
    entry = paper_ballot_enter_second(entry=entry, choices={light.pk: 1, garden.pk: 1},
                                      clerk=second_clerk)
    # then the ballot counts as the resident's, and the entry keeps who typed, never what
    assert entry.status == PaperBallotStatus.CONFIRMED and entry.second_clerk == second_clerk
    assert selectors.ballot_of(budget=voting_budget, voter=resident.user).choices == {
        garden.pk: 1, light.pk: 1}
    assert set(entry.keyings.values_list("digest", flat=True)) == {""}
    assert entry.keyings.filter(agreed=True).count() == 2
    audit = AuditEntry.objects.get(verb="budget.paper_ballot_confirmed")
    assert audit.data["agreeing_clerks"] == sorted([clerk.pk, second_clerk.pk])
    assert "choices" not in audit.data and "receipt" not in audit.data
    # and the resident is told a paper ballot counts for them, with nothing of its content
    notices = Notification.objects.filter(recipient=resident.user)
    assert notices and all("papier" in n.subject and garden.title not in n.body
                           for n in notices)


def test_a_first_entry_keeps_only_a_keyed_digest_of_what_was_typed(
        voting_budget, projects, resident, clerk):
    # when
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # then nothing readable of the choices is stored beside the resident, and someone holding
    # the database cannot test guesses against the digest without the key
    keying = PaperBallotKeying.objects.get(entry=entry)
    guesses = {hashlib.sha256(f"{p.pk}:1".encode()).hexdigest() for p in projects}
    guesses |= {hashlib.sha256(f"paper:{entry.pk}|{p.pk}:1".encode()).hexdigest()
                for p in projects}
    assert len(keying.digest) == 64 and keying.digest not in guesses
    stored = " ".join(str(v) for v in PaperBallotEntry.objects.filter(pk=entry.pk).values()[0]
                      .values())
    assert projects[0].title not in stored


def test_disagreeing_second_entry_sets_both_aside_without_telling_how_they_differ(
        voting_budget, projects, resident, clerk, second_clerk):
    # given
    garden, light, skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1, light.pk: 1})
    # when
    with pytest.raises(PaperBallotMismatch) as refused:
        paper_ballot_enter_second(entry=entry, choices={garden.pk: 1, skate.pk: 1},
                                  clerk=second_clerk)
    # then the message names no project and no box, nothing counts, the log has no choices
    message = str(refused.value.message)
    for title in ("Jardin partagé", "Éclairage du chemin", "Skatepark", "coché"):
        assert title not in message
    assert "troisième agent" in message
    assert _counted(voting_budget) == []
    entry.refresh_from_db()
    assert entry.status == PaperBallotStatus.DISPUTED and entry.mismatches == 1
    mismatch = AuditEntry.objects.get(verb="budget.paper_ballot_mismatch")
    assert "differences" not in mismatch.data


def test_a_third_entry_by_another_clerk_settles_a_disagreement(
        voting_budget, projects, resident, clerk, second_clerk, third_clerk):
    # given two typings that disagree
    garden, light, skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1, light.pk: 1})
    with pytest.raises(PaperBallotMismatch):
        paper_ballot_enter_second(entry=entry, choices={garden.pk: 1, skate.pk: 1},
                                  clerk=second_clerk)
    # when a third clerk types the form and agrees with the second typing
    entry = paper_ballot_enter_second(entry=entry, choices={skate.pk: 1, garden.pk: 1},
                                      clerk=third_clerk)
    # then that reading counts
    assert entry.status == PaperBallotStatus.CONFIRMED and entry.second_clerk == third_clerk
    assert _counted(voting_budget) == [f"{garden.pk}:1,{skate.pk}:1"]
    agreed = set(entry.keyings.filter(agreed=True).values_list("clerk_id", flat=True))
    assert agreed == {second_clerk.pk, third_clerk.pk}


def test_three_typings_that_all_differ_leave_the_ballot_uncounted_until_a_new_form(
        voting_budget, projects, resident, clerk, second_clerk, third_clerk):
    # given
    garden, light, skate = projects
    entry = _first(voting_budget, resident, clerk, {garden.pk: 1})
    with pytest.raises(PaperBallotMismatch):
        paper_ballot_enter_second(entry=entry, choices={light.pk: 1}, clerk=second_clerk)
    # when the third typing agrees with neither
    with pytest.raises(PaperBallotMismatch) as refused:
        paper_ballot_enter_second(entry=entry, choices={skate.pk: 1}, clerk=third_clerk)
    # then nothing counts and no fourth typing is taken: the form is redone
    assert refused.value.extra["unresolved"] is True and "nouveau formulaire" in str(
        refused.value.message)
    with pytest.raises(InvalidTransition) as closed:
        paper_ballot_enter_second(entry=entry, choices={garden.pk: 1},
                                  clerk=staff_user(Role.CLERK))
    assert closed.value.code == "paper_ballot_unresolved"
    assert _counted(voting_budget) == []


def test_a_clerk_cannot_type_the_same_entry_twice(voting_budget, projects, resident, clerk,
                                                   second_clerk):
    # given
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    with pytest.raises(PaperBallotMismatch):
        paper_ballot_enter_second(entry=entry, choices={projects[1].pk: 1}, clerk=second_clerk)
    # when / then neither the first nor the second clerk may settle it
    for who in (clerk, second_clerk):
        with pytest.raises(NotPermitted) as refused:
            paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1}, clerk=who)
        assert refused.value.code == "same_clerk"
    assert _counted(voting_budget) == []


def test_the_clerk_is_warned_before_a_paper_ballot_replaces_an_online_one(
        voting_budget, projects, resident, clerk, second_clerk):
    # given the resident voted online
    ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[2].pk: 1})
    # when a clerk types a paper form without acknowledging it
    with pytest.raises(PaperBallotNeedsConfirmation) as warned:
        _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # then the clerk is told, and nothing is recorded until they confirm
    assert warned.value.code == "online_ballot_exists"
    assert warned.value.field == "replace_online"
    assert not PaperBallotEntry.objects.exists()
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1}, replace_online=True)
    entry = paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1},
                                      clerk=second_clerk)
    assert entry.replaces_online
    assert _counted(voting_budget) == [f"{projects[0].pk}:1"]


def test_the_second_clerk_is_warned_if_the_resident_voted_online_meanwhile(
        voting_budget, projects, resident, clerk, second_clerk):
    # given a first typing, then an online vote by the resident
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    ballot_cast(budget=voting_budget, voter=resident.user, choices={projects[2].pk: 1})
    # when / then
    with pytest.raises(PaperBallotNeedsConfirmation):
        paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1}, clerk=second_clerk)
    assert _counted(voting_budget) == [f"{projects[2].pk}:1"]


def test_a_form_number_already_used_is_flagged(voting_budget, projects, resident, clerk,
                                              neighbourhood):
    # given
    _first(voting_budget, resident, clerk, {projects[0].pk: 1}, ref="PB-0042")
    other = ResidentFactory(neighbourhood=neighbourhood)
    # when
    with pytest.raises(PaperBallotNeedsConfirmation) as warned:
        _first(voting_budget, other, clerk, {projects[0].pk: 1}, ref=" PB-0042 ")
    # then
    assert warned.value.code == "form_reference_used" and "PB-0042" in str(warned.value.message)
    assert _first(voting_budget, other, clerk, {projects[0].pk: 1}, ref="PB-0042",
                  reuse_form_reference=True).form_reference == "PB-0042"


def test_the_clerk_who_typed_the_first_entry_cannot_confirm_it(voting_budget, projects,
                                                                 resident, clerk):
    # given
    entry = _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # when / then
    with pytest.raises(NotPermitted):
        paper_ballot_enter_second(entry=entry, choices={projects[0].pk: 1}, clerk=clerk)
    assert _counted(voting_budget) == []


def test_an_invalid_paper_ballot_is_refused_at_the_first_entry(voting_budget, projects,
                                                                resident, clerk):
    # when / then
    with pytest.raises(InvalidBallot):
        _first(voting_budget, resident, clerk, {})
    assert not PaperBallotEntry.objects.exists()


def test_only_one_paper_ballot_per_resident_waits_for_a_typing(voting_budget, projects,
                                                               resident, clerk):
    # given
    _first(voting_budget, resident, clerk, {projects[0].pk: 1})
    # when / then
    with pytest.raises(Conflict):
        _first(voting_budget, resident, clerk, {projects[1].pk: 1}, ref="PB-0043")


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
    assert set(entry.keyings.values_list("digest", flat=True)) == {""}
    assert _first(voting_budget, resident, clerk, {projects[1].pk: 1},
                  ref="PB-0043").status == "pending"


def test_residents_cannot_enter_paper_ballots(voting_budget, projects, resident):
    # when / then
    with pytest.raises(NotPermitted):
        _first(voting_budget, resident, resident.user, {projects[0].pk: 1})

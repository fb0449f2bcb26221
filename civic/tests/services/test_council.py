from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import AgendaItem, AuditEntry, CouncilSession
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_record,
    council_session_create,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def session(council, clerk):
    """A session that opened two hours ago: its votes can be recorded."""
    return council_session_create(council=council,
                                  starts_at=timezone.now() - timedelta(hours=2),
                                  place="Salle du conseil", actor=clerk)


@pytest.fixture
def item(council, neighbourhood, clerk, session):
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    return agenda_item_schedule(item=item, session=session, actor=clerk)


def _decide(item, clerk, **overrides):
    values = dict(item=item, outcome="adopted", votes_for=30, votes_against=5, abstentions=4,
                  reference="2026-12-001", text="Le conseil adopte.",
                  decided_at=timezone.now() - timedelta(minutes=30), actor=clerk)
    values.update(overrides)
    return council_decision_record(**values)


def test_agenda_item_submit_twice_for_the_same_source_keeps_one_item(council, neighbourhood, clerk):
    # when a module sends the same object twice
    first = agenda_item_submit(source=neighbourhood, title="Avis du conseil de quartier",
                               actor=clerk, council=council)
    second = agenda_item_submit(source=neighbourhood, title="Avis du conseil de quartier",
                                actor=clerk, council=council)
    # then
    assert first == second
    assert AgendaItem.objects.count() == 1
    assert first.source == neighbourhood


def test_council_session_outside_the_mandate_is_refused(council, clerk):
    # when / then
    with pytest.raises(DomainError) as refused:
        council_session_create(council=council, starts_at=datetime(2040, 1, 1, tzinfo=PARIS),
                               place="Salle", actor=clerk)
    assert refused.value.field == "starts_at"


def test_item_scheduled_then_decided_records_the_vote_and_audits_each_step(
    council, neighbourhood, clerk, session
):
    # given
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    # when
    agenda_item_schedule(item=item, session=session, actor=clerk)
    decision = _decide(item, clerk)
    # then
    item.refresh_from_db()
    assert item.status == "decided"
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (30, 5, 4)
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == [
        "council.session_created", "council.item_submitted", "council.item_scheduled",
        "council.decision_recorded"]


def test_item_cannot_be_scheduled_twice_nor_decided_twice(council, neighbourhood, clerk, session):
    # given a decided item
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    agenda_item_schedule(item=item, session=session, actor=clerk)
    _decide(item, clerk)
    # when / then
    with pytest.raises(InvalidTransition):
        agenda_item_schedule(item=item, session=session, actor=clerk)
    with pytest.raises(InvalidTransition):
        _decide(item, clerk, reference="2026-12-002")


def test_decision_with_counts_contradicting_its_outcome_is_refused(
    council, neighbourhood, clerk, session
):
    # given
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    agenda_item_schedule(item=item, session=session, actor=clerk)
    # when / then
    with pytest.raises(DomainError) as refused:
        _decide(item, clerk, outcome="adopted", votes_for=3, votes_against=30)
    assert refused.value.code == "inconsistent_counts"


def test_decision_reference_must_be_unique(council, neighbourhood, clerk, session, resident):
    # given a decision numbered 2026-12-001
    first = agenda_item_submit(source=neighbourhood, title="A", actor=clerk, council=council)
    second = agenda_item_submit(source=resident, title="B", actor=clerk, council=council)
    for item in (first, second):
        agenda_item_schedule(item=item, session=session, actor=clerk)
    _decide(first, clerk)
    # when / then
    with pytest.raises(Conflict):
        _decide(second, clerk)


def test_a_decision_is_refused_before_its_session_has_started(council, neighbourhood, clerk):
    # given an item on the agenda of a session three weeks ahead
    ahead = council_session_create(council=council, starts_at=timezone.now() + timedelta(days=21),
                                   place="Salle du conseil", actor=clerk)
    item = agenda_item_submit(source=neighbourhood, title="Point", actor=clerk, council=council)
    agenda_item_schedule(item=item, session=ahead, actor=clerk)
    # when a clerk records a vote on it today
    with pytest.raises(DomainError) as refused:
        _decide(item, clerk, decided_at=ahead.starts_at + timedelta(hours=1))
    # then it is refused with a clear message, and the item still waits for its vote
    assert refused.value.code == "session_not_started"
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.SCHEDULED
    assert not AuditEntry.objects.filter(verb="council.decision_recorded").exists()


def test_a_decision_is_refused_on_a_cancelled_session(item, session, clerk):
    # given the session was cancelled
    CouncilSession.objects.filter(pk=session.pk).update(status=CouncilSession.Status.CANCELLED)
    item.refresh_from_db()
    # when / then
    with pytest.raises(DomainError) as refused:
        _decide(item, clerk)
    assert refused.value.code == "session_cancelled"


@pytest.mark.parametrize(("counts", "field"), [
    ((1000, 0, 0), "votes_for"),
    ((0, 46, 0), "votes_against"),
    ((20, 5, -1), "abstentions"),
    ((-3, 0, 0), "votes_for"),
    ((30, 10, 6), "votes_for"),
])
def test_decision_counts_beyond_the_councils_45_seats_are_refused_on_their_field(
    item, clerk, counts, field
):
    # given the council of Alès has 45 seats (the default setting)
    votes_for, votes_against, abstentions = counts
    outcome = "adopted" if votes_for > votes_against else "rejected"
    # when a vote counts more voters than seats, or a negative number
    with pytest.raises(DomainError) as refused:
        _decide(item, clerk, outcome=outcome, votes_for=votes_for, votes_against=votes_against,
                abstentions=abstentions)
    # then it is refused on the field concerned, and nothing is recorded
    assert refused.value.field == field
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.SCHEDULED


def test_a_full_council_vote_is_accepted_and_the_seats_come_from_the_settings(
    item, clerk, settings
):
    # given every one of the 45 seats votes
    decision = _decide(item, clerk, votes_for=40, votes_against=3, abstentions=2)
    assert decision.votes_for + decision.votes_against + decision.abstentions == 45
    # when a town with 33 seats configures it
    settings.DECIDONS = {**settings.DECIDONS, "COUNCIL": {"SEATS": 33}}
    other = agenda_item_submit(source=clerk, title="Autre point", actor=clerk,
                               council=item.council)
    agenda_item_schedule(item=other, session=item.session, actor=clerk)
    # then 34 voters are refused
    with pytest.raises(DomainError) as refused:
        _decide(other, clerk, reference="2026-12-002", votes_for=30, votes_against=4,
                abstentions=0)
    assert refused.value.code == "too_many_votes" and "33" in str(refused.value.message)


@pytest.mark.parametrize("offset", [timedelta(hours=-3), timedelta(hours=1)])
def test_a_decision_dated_before_its_session_or_in_the_future_is_refused(item, clerk, offset):
    # given a session that opened two hours ago
    # when the vote is dated before it opened, or after now
    with pytest.raises(DomainError) as refused:
        _decide(item, clerk, decided_at=timezone.now() + offset)
    # then the date is refused on its field
    assert refused.value.field == "decided_at"

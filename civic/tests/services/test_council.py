from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import AgendaItem, AuditEntry
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
    return council_session_create(council=council,
                                  starts_at=datetime(2026, 12, 14, 18, tzinfo=PARIS),
                                  place="Salle du conseil", actor=clerk)


def _decide(item, clerk, **overrides):
    values = dict(item=item, outcome="adopted", votes_for=30, votes_against=5, abstentions=4,
                  reference="2026-12-001", text="Le conseil adopte.",
                  decided_at=datetime(2026, 12, 14, 20, tzinfo=PARIS), actor=clerk)
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

"""Daily checkpoints of the audit chain: written once per day, checked by the verifier."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from civic.models import AuditChainHead, AuditCheckpoint, AuditEntry
from civic.services.audit import (
    audit_chain_verify,
    audit_checkpoint_create_due,
    audit_record,
    entry_hash_of,
)
from civic.tasks import audit_checkpoint_create_due_task
from civic.tests.audit_forgery import rewrite

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _record_at(moment: datetime, actor=None) -> AuditEntry:
    with time_machine.travel(moment, tick=False):
        return audit_record(verb="test.event", actor=actor, data={"at": moment.isoformat()})


@pytest.fixture
def three_days_of_entries():
    """Two entries on 1 December, none on the 2nd, one just before midnight on the 3rd, one
    just after it (Paris time)."""
    return [
        _record_at(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)),
        _record_at(datetime(2026, 12, 1, 17, 30, tzinfo=PARIS)),
        _record_at(datetime(2026, 12, 3, 23, 59, 59, tzinfo=PARIS)),
        _record_at(datetime(2026, 12, 4, 0, 0, 1, tzinfo=PARIS)),
    ]


def _published() -> list[tuple[date, int, str]]:
    return list(AuditCheckpoint.objects.order_by("day")
                .values_list("day", "entry_count", "head_hash"))


def test_checkpoints_record_the_head_at_the_end_of_each_past_day(three_days_of_entries):
    e = three_days_of_entries
    # when the job runs on the morning of 5 December
    created = audit_checkpoint_create_due(now=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS))
    # then each past day has its head, a quiet day repeating the one before; today has none
    assert created == 4
    assert _published() == [
        (date(2026, 12, 1), 2, e[1].entry_hash),
        (date(2026, 12, 2), 2, e[1].entry_hash),
        (date(2026, 12, 3), 3, e[2].entry_hash),
        (date(2026, 12, 4), 4, e[3].entry_hash),
    ]
    assert audit_chain_verify().ok


def test_the_checkpoint_task_runs_twice_with_the_same_result(three_days_of_entries):
    # given the checkpoints of the days before 5 December
    with time_machine.travel(datetime(2026, 12, 5, 1, 0, tzinfo=PARIS), tick=False):
        assert audit_checkpoint_create_due_task.delay().get() == 4
        before = _published()
        # when the task runs again the same day
        again = audit_checkpoint_create_due_task.delay().get()
    # then nothing is added or changed
    assert again == 0
    assert _published() == before


def test_a_day_missed_by_the_job_is_recorded_at_its_next_run(three_days_of_entries):
    # given the job ran on 2 December, then not until 5 December
    audit_checkpoint_create_due(now=datetime(2026, 12, 2, 0, 30, tzinfo=PARIS))
    assert [day for day, _count, _hash in _published()] == [date(2026, 12, 1)]
    # when it runs again
    audit_checkpoint_create_due(now=datetime(2026, 12, 5, 0, 30, tzinfo=PARIS))
    # then the days in between are recorded as they ended
    assert [(day, count) for day, count, _hash in _published()] == [
        (date(2026, 12, 1), 2), (date(2026, 12, 2), 2), (date(2026, 12, 3), 3),
        (date(2026, 12, 4), 4)]


def test_no_checkpoint_before_the_first_entry_or_for_an_empty_chain():
    # when the job runs with no entry at all, then nothing is published
    assert audit_checkpoint_create_due() == 0
    assert not AuditCheckpoint.objects.exists()


def test_a_stored_checkpoint_catches_a_rewrite_rechained_to_the_head(three_days_of_entries):
    e = three_days_of_entries
    audit_checkpoint_create_due(now=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS))
    # when entry #2 is rewritten and everything after it re-chained with the application's
    # own code, checkpoints left as they were
    rewrite(e[1].pk, entry_hash_of)
    # then the first checkpoint after the rewrite names its entry and the day
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify")
    assert f"#{e[1].pk}" in str(broken.value)
    assert "checkpoint of 2026-12-01" in str(broken.value)


def test_a_checkpoint_naming_an_entry_that_is_gone_is_reported(three_days_of_entries):
    e = three_days_of_entries
    audit_checkpoint_create_due(now=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS))
    # when the last entry is removed and the head moved back onto the one before
    AuditEntry.objects.filter(pk=e[3].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_id=e[2].pk, last_hash=e[2].entry_hash)
    # then the checkpoint of 4 December says its entry no longer exists
    report = audit_chain_verify()
    assert report.first_broken_id == e[3].pk
    assert "no longer exists" in report.reason
    assert "checkpoint of 2026-12-04" in report.reason


def test_a_checkpoint_with_a_count_that_does_not_fit_is_reported(three_days_of_entries):
    audit_checkpoint_create_due(now=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS))
    # when a checkpoint's count is edited
    AuditCheckpoint.objects.filter(day=date(2026, 12, 3)).update(entry_count=2)
    # then the verifier names it
    report = audit_chain_verify()
    assert not report.ok
    assert "checkpoint of 2026-12-03" in report.reason

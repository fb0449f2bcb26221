"""The published heads of the audit log (API), and checking the chain against a saved copy."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from civic.services.audit import audit_checkpoint_create_due, audit_record, entry_hash_of
from civic.tests.audit_forgery import rewrite

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def a_week_of_entries():
    """Two entries a day from 1 to 7 December, the checkpoints published on the 8th."""
    entries = []
    for day in range(1, 8):
        for hour in (10, 16):
            with time_machine.travel(datetime(2026, 12, day, hour, tzinfo=PARIS), tick=False):
                entries.append(audit_record(verb="test.event", actor=None, data={"d": day}))
    audit_checkpoint_create_due(now=datetime(2026, 12, 8, 1, 0, tzinfo=PARIS))
    return entries


def test_the_current_head_is_public(api, a_week_of_entries):
    # when anyone asks for the head
    response = api.get("/api/v1/audit/head/")
    # then they get the entry count and the hash of the last entry
    assert response.status_code == 200
    last = a_week_of_entries[-1]
    assert response.json()["entry_count"] == last.pk == 14
    assert response.json()["head_hash"] == last.entry_hash


def test_the_head_of_an_empty_log_counts_no_entry(api):
    # when
    body = api.get("/api/v1/audit/head/").json()
    # then
    assert (body["entry_count"], body["last_entry_at"]) == (0, None)


def test_the_daily_checkpoints_are_public_paginated_and_newest_first(api, a_week_of_entries):
    # when anyone lists the checkpoints, three per page
    page = api.get("/api/v1/audit/checkpoints/", {"page_size": 3}).json()
    # then the most recent days come first, each with its count and head hash
    assert page["count"] == 7
    assert [row["day"] for row in page["results"]] == ["2026-12-07", "2026-12-06", "2026-12-05"]
    assert page["results"][0] == {"day": "2026-12-07", "entry_count": 14, "last_entry_id": 14,
                                  "head_hash": a_week_of_entries[13].entry_hash}
    assert page["next"]


def test_a_saved_copy_of_the_feed_passes_then_names_the_first_day_a_rewrite_changed(
        api, a_week_of_entries, tmp_path):
    # given a resident saved the checkpoints' JSON on 8 December
    saved = tmp_path / "empreintes.json"
    saved.write_text(api.get("/api/v1/audit/checkpoints/").content.decode())
    call_command("audit_verify", heads=[str(saved)])
    # when entry #7 (4 December) is rewritten with the application's own code, everything after
    # it re-chained, and the stored checkpoints rewritten to match
    rewrite(a_week_of_entries[6].pk, entry_hash_of)
    from civic.models import AuditCheckpoint

    AuditCheckpoint.objects.all().delete()
    audit_checkpoint_create_due(now=datetime(2026, 12, 8, 1, 0, tzinfo=PARIS))
    call_command("audit_verify")
    # then the saved copy names 4 December's head, after the 3rd's, which still matches
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify", heads=[str(saved)])
    message = str(broken.value)
    assert "#8 " in message and "(2026-12-04)" in message
    assert "after #6 " in message


def test_a_saved_head_answer_is_accepted_too(api, a_week_of_entries, tmp_path):
    # given the head saved from the API
    saved = tmp_path / "tete.json"
    saved.write_text(json.dumps(api.get("/api/v1/audit/head/").json()))
    # when the chain is checked against it, then it matches
    call_command("audit_verify", heads=[str(saved)])


@pytest.mark.parametrize("content", ['{"nothing": 1}', "not json",
                                     '{"results": [{"entry_count": 0, "head_hash": "ab"}]}'])
def test_an_unreadable_heads_file_is_refused_with_a_message(content, tmp_path):
    # given
    saved = tmp_path / "heads.json"
    saved.write_text(content)
    # when / then
    with pytest.raises(CommandError):
        call_command("audit_verify", heads=[str(saved)])


def test_a_kept_head_beyond_the_end_of_the_chain_is_reported(a_week_of_entries):
    # when someone kept a head the chain no longer reaches (its tail was removed)
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify", head=[f"20:{'a' * 64}"])
    # then the command names it
    assert "#20" in str(broken.value) and "no longer exists" in str(broken.value)

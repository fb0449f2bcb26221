"""A history rewritten and re-chained to the head: what the chain alone cannot see, and what
a head kept earlier (or the key) still catches."""

import pytest
from django.core.management import CommandError, call_command

from civic.models import AuditEntry
from civic.services.audit import audit_chain_verify, audit_record, entry_hash_of
from civic.tests.audit_forgery import plain_sha256, rewrite

pytestmark = pytest.mark.django_db


def _record_many(actor, count: int) -> list[AuditEntry]:
    return [audit_record(verb="test.event", actor=actor, data={"n": n}) for n in range(count)]


def test_a_rewrite_rechained_to_the_head_passes_the_chain_but_not_a_head_kept_before(clerk):
    # given a chain of eight entries, and the heads a resident kept after the 2nd and the 6th
    entries = _record_many(clerk, 8)
    early = f"{entries[1].pk}:{entries[1].entry_hash}"
    later = f"{entries[5].pk}:{entries[5].entry_hash}"
    # when entry #4 is rewritten and every later hash and the head are recomputed, by someone
    # who can compute the application's own hashes
    rewrite(entries[3].pk, entry_hash_of)
    # then the chain alone looks intact
    assert audit_chain_verify().ok
    call_command("audit_verify")
    # but checked against the heads kept before the rewrite, it fails at the first kept head
    # that no longer matches, after the last one that still does
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify", head=[later, early])
    message = str(broken.value)
    assert f"#{entries[5].pk}" in message
    assert f"after #{entries[1].pk}" in message


def test_a_rewrite_rechained_without_the_key_is_caught_by_the_chain_alone(clerk):
    # given a chain of six entries
    entries = _record_many(clerk, 6)
    # when entry #3 is rewritten and everything after it re-chained with plain SHA-256, all
    # that someone holding the database but not the key can compute
    rewrite(entries[2].pk, plain_sha256)
    # then the chain alone names the rewritten entry
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify")
    assert f"#{entries[2].pk}" in str(broken.value)

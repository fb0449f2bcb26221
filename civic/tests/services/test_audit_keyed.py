"""The keyed chain: seals nobody can compute without the key, and chains from before the key."""

import importlib

import pytest
from django.apps import apps
from django.db.models import ProtectedError
from django.test import override_settings

from civic.models import AuditChainHead, AuditEntry
from civic.services.audit import GENESIS_HASH, audit_chain_verify, audit_record
from civic.tests.audit_forgery import plain_sha256
from civic.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-secrecy-key-0123456789abcdef-for-tests"
sealing_migration = importlib.import_module(
    "civic.migrations.0006_audit_keyed_chain_and_checkpoints")


def _unkeyed_chain(count: int) -> list[AuditEntry]:
    """Entries as written before the chain was keyed (scheme 1, plain SHA-256)."""
    previous, entries = GENESIS_HASH, []
    for n in range(1, count + 1):
        entry = audit_record(verb="test.before_the_key", actor=None, data={"n": n})
        entry.prev_hash, entry.scheme, entry.key_fingerprint = previous, 1, ""
        entry.entry_hash = plain_sha256(entry)
        entry.save()
        AuditChainHead.objects.filter(pk=1).update(last_hash=entry.entry_hash)
        previous = entry.entry_hash
        entries.append(entry)
    return entries


def test_audit_record_seals_each_entry_with_the_key(clerk):
    # when
    entry = audit_record(verb="test.event", actor=clerk)
    # then the entry is keyed, names its key by fingerprint, and verifies
    assert entry.scheme == AuditEntry.Scheme.HMAC_SHA256
    assert len(entry.key_fingerprint) == 16
    assert audit_chain_verify().ok


def test_a_chain_verified_under_another_key_names_its_first_entry(clerk):
    # given entries sealed under the current key
    first = audit_record(verb="test.event", actor=clerk)
    audit_record(verb="test.event", actor=clerk)
    # when the key is replaced and the old one forgotten
    with override_settings(SECRECY_KEY=OTHER_KEY, SECRECY_RETIRED_KEYS=[]):
        report = audit_chain_verify()
    # then the first entry is reported as sealed under an unknown key
    assert report.first_broken_id == first.pk
    assert first.key_fingerprint in report.reason


def test_a_retired_key_keeps_older_entries_verifiable_after_the_key_is_replaced(
        clerk, settings):
    # given entries sealed under the current key
    audit_record(verb="test.event", actor=clerk)
    old_key = settings.SECRECY_KEY
    # when the key is replaced and the old one listed as retired
    with override_settings(SECRECY_KEY=OTHER_KEY, SECRECY_RETIRED_KEYS=[old_key]):
        newer = audit_record(verb="test.event", actor=clerk)
        report = audit_chain_verify()
    # then both generations verify, each under its own key
    assert report.ok, report
    assert AuditEntry.objects.get(pk=1).key_fingerprint != newer.key_fingerprint


def test_rewriting_keyed_entries_back_to_the_keyless_scheme_is_caught(clerk):
    # given a keyed chain of four entries
    entries = [audit_record(verb="test.event", actor=clerk, data={"n": n}) for n in range(4)]
    # when someone without the key rewrites the whole chain as scheme 1, all hashes recomputed
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    forged = _unkeyed_chain(len(entries))
    # then the chain is refused: it ends unkeyed, from its first entry
    report = audit_chain_verify()
    assert report.first_broken_id == forged[0].pk
    assert "ends with unkeyed entries" in report.reason


def test_an_unkeyed_entry_after_keyed_ones_is_caught(clerk):
    # given a keyed chain
    entries = [audit_record(verb="test.event", actor=clerk, data={"n": n}) for n in range(3)]
    # when the last entry is switched to the keyless scheme with a correct plain hash
    last = AuditEntry.objects.get(pk=entries[-1].pk)
    plain = plain_sha256(last)
    AuditEntry.objects.filter(pk=last.pk).update(scheme=1, key_fingerprint="", entry_hash=plain)
    AuditChainHead.objects.filter(pk=1).update(last_hash=plain)
    # then that entry is named
    report = audit_chain_verify()
    assert report.first_broken_id == last.pk
    assert "unkeyed entry after keyed ones" in report.reason


def test_the_migration_seals_a_chain_written_before_the_key(db):
    # given a chain of three entries written before the key, which alone ends unkeyed
    _unkeyed_chain(3)
    assert "ends with unkeyed entries from #1" in audit_chain_verify().reason
    # when the migration that keys the chain runs
    sealing_migration.seal_unkeyed_chain(apps, None)
    # then one keyed entry seals the older ones, and the whole chain verifies
    seal = AuditEntry.objects.order_by("pk").last()
    assert (seal.pk, seal.verb, seal.scheme) == (4, "audit.chain_keyed", 2)
    assert seal.data == {"unkeyed_entries": 3}
    assert audit_chain_verify().ok
    # and a second run adds nothing
    sealing_migration.seal_unkeyed_chain(apps, None)
    assert AuditEntry.objects.count() == 4


def test_an_account_named_by_the_audit_log_cannot_be_deleted():
    # given an account that acted
    user = UserFactory()
    audit_record(verb="test.event", actor=user)
    # when something tries to delete it, then the database refuses: the entry stays intact
    with pytest.raises(ProtectedError):
        user.delete()
    assert audit_chain_verify().ok

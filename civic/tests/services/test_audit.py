import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from civic.models import AuditEntry
from civic.services.audit import GENESIS_HASH, audit_chain_verify, audit_record

pytestmark = pytest.mark.django_db


def _record_many(actor, count: int) -> list[AuditEntry]:
    return [audit_record(verb="test.event", actor=actor, data={"n": n}) for n in range(count)]


def test_audit_record_chains_each_entry_to_the_previous_one(clerk):
    # when
    first, second = _record_many(clerk, 2)
    # then
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert audit_chain_verify().ok


def test_audit_verify_names_the_row_changed_behind_the_applications_back(clerk, capsys):
    # given a healthy chain of five entries
    entries = _record_many(clerk, 5)
    call_command("audit_verify")
    assert "5 entrées vérifiées" in capsys.readouterr().out
    # when the third row is edited directly in the database
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET verb = %s WHERE id = %s",
            ["test.forged", entries[2].pk],
        )
    # then the command fails and names that row
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify")
    assert f"#{entries[2].pk}" in str(broken.value)
    assert "content does not match its hash" in str(broken.value)


def test_audit_verify_detects_a_deleted_row_and_a_truncated_tail(clerk):
    # given
    entries = _record_many(clerk, 6)
    # when a middle row is deleted
    AuditEntry.objects.filter(pk=entries[3].pk).delete()
    # then
    report = audit_chain_verify()
    assert report.first_broken_id == entries[4].pk
    # when the tail is deleted instead
    AuditEntry.objects.filter(pk__gte=entries[3].pk).delete()
    report = audit_chain_verify()
    assert report.first_broken_id == entries[3].pk


def test_audit_verify_detects_swapped_rows(clerk):
    # given
    entries = _record_many(clerk, 4)
    a, b = entries[1], entries[2]
    # when two rows' contents are swapped (ids kept)
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET data = %s WHERE id = %s", ['{"n": 2}', a.pk])
        cursor.execute(f"UPDATE {table} SET data = %s WHERE id = %s", ['{"n": 1}', b.pk])
    # then
    assert audit_chain_verify().first_broken_id == a.pk


def test_audit_chain_detects_any_single_random_tampering(clerk):
    # given a chain, repeatedly tampered at a random row in a random way, then restored
    entries = _record_many(clerk, 30)
    rng = random.Random(20261125)
    table = AuditEntry._meta.db_table
    for _trial in range(40):
        victim = rng.choice(entries)
        column, value = rng.choice([("verb", "x.forged"), ("actor_label", "Quelqu'un"),
                                    ("target_id", "999"), ("data", '{"n": -1}')])
        original = AuditEntry.objects.filter(pk=victim.pk).values_list(column, flat=True).get()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, victim.pk])
        # then the first broken row is the tampered one
        assert audit_chain_verify().first_broken_id == victim.pk
        AuditEntry.objects.filter(pk=victim.pk).update(**{column: original})
    assert audit_chain_verify().ok

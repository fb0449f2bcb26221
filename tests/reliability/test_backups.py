"""Backups: scripts/backup then scripts/restore into a new database loses nothing."""

import os
import subprocess
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from budgets.models import Ballot
from civic.models import AuditEntry
from civic.services.audit import audit_chain_verify
from tests.reliability.test_faults import settings_module_root

pytestmark = [pytest.mark.django_db(transaction=True)]

RESTORED = "decidons_reliability_restored"


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{name}")


def _fingerprint(url: str) -> dict[str, tuple[Any, ...]]:
    """Row count and an order-independent content hash of every table."""
    with psycopg.connect(url) as db:
        tables = [row[0] for row in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")]
        return {table: db.execute(
            f'SELECT count(*), coalesce(md5(string_agg(md5(t::text), \'\' ORDER BY '
            f'md5(t::text))), \'\') FROM "{table}" t').fetchall()[0] for table in tables}


@pytest.fixture
def restore_target():
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        db.execute(f"CREATE DATABASE {RESTORED}")
    yield _url(RESTORED)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")


def test_a_dump_restored_into_a_new_database_has_every_row_of_every_table(
        postgres_only, restore_target, tmp_path):
    # given a database with the demo (every module in every state, ballots, signatures)
    call_command("seed_demo", verbosity=0)
    assert Ballot.objects.count() > 0 and AuditEntry.objects.count() > 0
    source = _url(connection.settings_dict["NAME"])
    before = _fingerprint(source)
    # when it is backed up and restored with the documented scripts
    root = settings_module_root()
    dump = tmp_path / "decidons.dump"
    env = {**os.environ, "DATABASE_URL": source}
    subprocess.run(["scripts/backup", str(dump)], cwd=root, env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run(["scripts/restore", str(dump), restore_target], cwd=root, env=env,
                   check=True, capture_output=True, timeout=300)
    # then every table has the same rows, byte for byte
    after = _fingerprint(restore_target)
    assert after == before
    assert sum(count for count, _hash in before.values()) > 1000
    # and the restored audit chain verifies
    assert audit_chain_verify().ok
    with psycopg.connect(restore_target) as db:
        assert db.execute("SELECT count(*) FROM civic_auditentry").fetchall()[0][0] \
            == AuditEntry.objects.count()


def test_restore_refuses_a_database_that_is_not_empty(postgres_only, tmp_path):
    # given a dump and the (non-empty) test database as the target
    source = _url(connection.settings_dict["NAME"])
    dump = tmp_path / "decidons.dump"
    root = settings_module_root()
    subprocess.run(["scripts/backup", str(dump)], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": source}, timeout=300)
    # when
    refused = subprocess.run(["scripts/restore", str(dump), source], cwd=root,
                             capture_output=True, text=True, timeout=300)
    # then nothing is touched
    assert refused.returncode == 3
    assert "not empty" in refused.stderr

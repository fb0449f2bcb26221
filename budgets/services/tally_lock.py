"""Who is counting a tally right now: a PostgreSQL session advisory lock per tally.

The lock belongs to the database session of the worker that counts. If that worker is
killed (kill -9, out of memory, machine lost), PostgreSQL ends its session and releases the
lock, so a `running` tally whose lock is free has lost its runner and may be taken over. On
SQLite (embedded mode, tasks run eagerly in the caller) there are no advisory locks and no
workers to lose: a running tally is never taken over there.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# First key of the two-key advisory lock: keeps tally locks apart from any other use.
NAMESPACE = 0x7A11


def supported() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def tally_lock(tally_id: int) -> Iterator[bool]:
    """Try to hold the tally's lock for the block; yields whether it was obtained."""
    if not supported():
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [NAMESPACE, tally_id])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [NAMESPACE, tally_id])


def runner_is_gone(tally_id: int) -> bool:
    """True when nobody holds the tally's lock (its runner died); False on SQLite."""
    if not supported():
        return False
    with tally_lock(tally_id) as free:
        return free

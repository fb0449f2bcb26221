"""Helpers shared by the reliability tests: a bounded thread race and API clients."""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from rest_framework.test import APIClient

# PostgreSQL allows 100 connections shared by every test run on the machine: each racer has
# its own thread and its own connection, but at most this many are open at the same moment.
MAX_OPEN_CONNECTIONS = 30


def race(work: Callable[[Any], Any], arguments: Iterable[Any]) -> list[Any]:
    """Run `work(argument)` in one thread per argument, released together; return outcomes.

    An outcome is what `work` returned, or the exception it raised. Every thread closes its
    own database connection, so none is left open after the race.
    """
    arguments = list(arguments)
    start = threading.Barrier(len(arguments))
    gate = threading.BoundedSemaphore(MAX_OPEN_CONNECTIONS)
    outcomes: list[Any] = [None] * len(arguments)

    def run(index: int, argument: Any) -> None:
        start.wait()
        with gate:
            try:
                outcomes[index] = work(argument)
            except BaseException as exc:  # noqa: BLE001 — returned to the test to assert on
                outcomes[index] = exc
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def api_as(user: Any) -> APIClient:
    """A DRF test client authenticated as `user` (a fresh one per thread)."""
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def post_as(user: Any, url: str, data: dict[str, Any] | None = None) -> tuple[int, Any]:
    response = api_as(user).post(url, data or {}, format="json")
    body = response.json() if response.get("Content-Type", "").startswith("application/json") \
        else None
    return response.status_code, body

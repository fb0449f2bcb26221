"""Enqueue Celery tasks only after the surrounding transaction commits.

The row that describes the work (an outbox notification, a tally request) is committed
first; publishing is best effort. When Redis is down the publish fails fast, the request
still succeeds, and the beat sweep that looks for pending rows publishes the work later.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def _publish(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # noqa: BLE001 — broker down: the sweep will publish it later
        logger.warning("could not publish %s; it stays pending for the sweep", task.name,
                       exc_info=True)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Publish `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _publish(task, args, kwargs), robust=True)

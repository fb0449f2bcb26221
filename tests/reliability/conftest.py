"""Fixtures of the reliability tests: the fault fixtures of tests/faults (a private Redis
that can be stopped, Celery pointed at it, an in-process worker) are reused here."""

from tests.faults.conftest import celery_on, private_redis, start_worker  # noqa: F401

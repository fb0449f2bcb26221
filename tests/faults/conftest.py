"""Fault-injection fixtures: a private Redis server we can stop and restart, and a real
Celery worker (in a thread of the test process) consuming from it."""

import shutil
import socket
import subprocess
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(redis_url):
    """A Redis of our own (the shared one must stay up for everything else)."""
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery_on(private_redis):
    """Point the Celery app at the private Redis, publishing for real (not eagerly)."""
    from config.celery import app

    def reset_pools():
        # Connection pools are built lazily from broker_url; drop them so the next publish
        # connects to the broker now configured.
        app._pool = None
        app.amqp._producer_pool = None

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.broker_url = private_redis.url
    app.conf.task_always_eager = False
    reset_pools()
    yield app
    app.conf.update(saved)
    reset_pools()


@pytest.fixture
def start_worker(celery_on):
    """Start a real worker thread on the private broker; stopped at teardown."""
    from celery.contrib.testing.worker import start_worker as celery_start_worker

    contexts = []

    def start():
        context = celery_start_worker(celery_on, pool="solo", concurrency=1,
                                      perform_ping_check=False, loglevel="WARNING",
                                      shutdown_timeout=10)
        context.__enter__()
        contexts.append(context)

    yield start
    for context in contexts:
        context.__exit__(None, None, None)

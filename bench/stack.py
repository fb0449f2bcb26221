"""Start what a benchmark needs on 127.0.0.1 and stop it afterwards.

A scratch PostgreSQL database (dropped and re-created), a Redis database number of its own,
gunicorn and Celery workers with the production settings. Used by bench_http.py and
bench_notifications.py; not a test fixture.
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "8"))


_SECRECY_KEY = secrets.token_urlsafe(48)


def production_env(database: str, **extra: str) -> dict[str, str]:
    """Environment of a production-like process on a scratch database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        # One key for every process of the run: the seeding, the web servers and the tally
        # must find the same voters behind the same tags.
        "DECIDONS_SECRECY_KEY": os.environ.get("BENCH_SECRECY_KEY") or _SECRECY_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # Every voter comes from the load generator's one address and casts once.
        "THROTTLE_USER": "100000/min", "THROTTLE_ANON": "100000/min",
    })
    env.update(extra)
    return env


def fresh_database(name: str, env: dict[str, str]) -> None:
    """Drop and re-create `name`, migrate it, collect static files, empty the Redis database."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        # BENCH_SYNC_COMMIT=off shows how much of a write's time is the commit's flush to disk.
        if os.environ.get("BENCH_SYNC_COMMIT") == "off":
            conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    subprocess.run([VENV / "python", "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True)
    # Production pages name their assets through the static manifest, as in a deployment.
    subprocess.run([VENV / "python", "manage.py", "collectstatic", "--no-input", "-v0"],
                   cwd=ROOT, env=env, check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True,
                   stdout=subprocess.DEVNULL)


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def processes(commands: list[list[str]], env: dict[str, str], log_dir: Path) -> Iterator[None]:
    """Run each command in its own process group; stop them all (TERM, then KILL) on exit."""
    log_dir.mkdir(parents=True, exist_ok=True)
    started = []
    try:
        for i, command in enumerate(commands):
            log = open(log_dir / f"{Path(command[0]).name}-{i}.log", "w")  # noqa: SIM115
            started.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True))
        yield
    finally:
        for proc in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in started:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def gunicorn(port: int, workers: int) -> list[str]:
    return [str(VENV / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "--backlog", "2048"]


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def django_child(script: str, env: dict[str, str], *args: str) -> str:
    """Run a bench script's Django-side step in a child process; return its last line."""
    done = subprocess.run([VENV / "python", str(Path(__file__).parent / script), *args],
                          cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1]


def machine() -> str:
    """nproc, CPU model, RAM and load, for RESULTS.md."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown CPU")
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo")
                  if line.startswith("MemTotal"))
    load = open("/proc/loadavg").read().split()[:3]
    return (f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GB RAM, "
            f"load average before the run {' '.join(load)}")

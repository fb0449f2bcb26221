"""A result announcement to 50,000 residents: e-mails through Celery workers and real SMTP.

    .venv/bin/python bench/bench_notifications.py [--recipients 50000] [--workers 1 2]

For each worker count: a scratch PostgreSQL database (decidons_perf_mail), Redis database 8, a
local SMTP sink (aiosmtpd, discards what it receives) on 127.0.0.1, Celery workers with the
production settings sending through it. One `notification_enqueue` writes the in-app and
e-mail outbox rows for every recipient in one transaction and publishes batches of 200 ids
after commit; the clock runs from that commit until every e-mail row is `sent`. While the
mail goes out, a probe measures the API's health endpoint and a database read on a gunicorn
worker to show whether the sending blocks the site.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

DATABASE = "decidons_perf_mail"
SMTP_PORT, WEB_PORT = 8925, 8872


def _django() -> None:
    sys.path.insert(0, str(stack.ROOT))
    import django

    django.setup()


def prepare(count: int) -> str:
    _django()
    from civic.models import Neighbourhood, User

    Neighbourhood.objects.get_or_create(code="bench", defaults={"name": "Banc", "population": 1})
    User.objects.bulk_create([User(email=f"r{i}@bench.test", password="!")
                              for i in range(count)], batch_size=5000)
    return "ok"


def announce() -> str:
    """Write the outbox rows and publish the batches; print the commit time."""
    _django()
    from django.db import transaction

    from civic.models import User
    from civic.services.notifications import notification_enqueue

    started = time.perf_counter()
    with transaction.atomic():
        queued = notification_enqueue(
            recipients=User.objects.filter(email__endswith="@bench.test").iterator(2000),
            kind="budget_results", subject="Résultats du budget participatif",
            body="Les lauréats du budget participatif sont publiés.",
            dedupe_key="bench:results", url="/budgets/")
    return json.dumps({"queued": queued, "enqueue_s": round(time.perf_counter() - started, 1),
                       "committed_at": time.time()})


def sent_count() -> str:
    _django()
    from civic.models import Notification

    return str(Notification.objects.filter(channel="email", status="sent").count())


def _probe(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def _wait_sent(env: dict, queued: int, probe_url: str, timeout: float) -> tuple[float, list]:
    latencies: list[float] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        latencies += [_probe(probe_url) for _ in range(5)]
        sent = int(stack.django_child("bench_notifications.py", env, "--sent"))
        if sent >= queued:
            return time.time(), latencies
        time.sleep(0.5)
    sys.exit(f"only {sent} of {queued} e-mails sent after {timeout} s")


def run_one(recipients: int, workers: int) -> dict:
    env = stack.production_env(DATABASE, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(SMTP_PORT),
                               EMAIL_USE_TLS="0")
    stack.fresh_database(DATABASE, env)
    stack.django_child("bench_notifications.py", env, "--prepare", str(recipients))
    sink = [str(stack.VENV / "python"), "-m", "aiosmtpd", "-n", "-l",
            f"127.0.0.1:{SMTP_PORT}", "-c", "aiosmtpd.handlers.Sink"]
    # One single-process worker per "worker": each is what one machine's worker adds.
    celery = [[str(stack.VENV / "celery"), "-A", "config", "worker", "-l", "warning",
               "-c", "1", "-n", f"bench{i}@%h"] for i in range(workers)]
    logs = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    with stack.processes([sink, stack.gunicorn(WEB_PORT, 2), *celery], env, logs):
        base = f"http://127.0.0.1:{WEB_PORT}"
        stack.wait_http(base + "/api/v1/health/")
        time.sleep(3)  # workers connected to Redis
        probe_url = base + "/api/v1/neighbourhoods/"  # one page of a database read
        idle = [_probe(probe_url) for _ in range(40)]
        done = json.loads(stack.django_child("bench_notifications.py", env, "--announce"))
        finished, busy = _wait_sent(env, done["queued"], probe_url, timeout=1800)
    stack.drop_database(DATABASE)
    seconds = finished - done["committed_at"]
    return {"workers": workers, "emails": done["queued"], "enqueue_s": done["enqueue_s"],
            "send_s": round(seconds, 1), "per_s": round(done["queued"] / seconds),
            "probe_idle_p50_ms": round(statistics.median(idle), 1),
            "probe_busy_p50_ms": round(statistics.median(busy), 1),
            "probe_busy_max_ms": round(max(busy), 1)}


def report(rows: list[dict]) -> list[str]:
    lines = ["| workers | e-mails | outbox write + publish s | sending s | e-mails/s | "
             "site read p50 idle → while sending (max) ms |", "|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {r['workers']} | {r['emails']} | {r['enqueue_s']} | {r['send_s']} | "
              f"{r['per_s']} | {r['probe_idle_p50_ms']} → {r['probe_busy_p50_ms']} "
              f"({r['probe_busy_max_ms']}) |" for r in rows]
    if len(rows) > 1:
        lines += ["", f"Speed-up from {rows[0]['workers']} to {rows[-1]['workers']} workers: "
                  f"×{rows[-1]['per_s'] / rows[0]['per_s']:.2f}"]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--announce", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sent", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(prepare(args.prepare))
    elif args.announce:
        print(announce())
    elif args.sent:
        print(sent_count())
    else:
        rows = [run_one(args.recipients, n) for n in args.workers]
        print("\n".join(report(rows)))


if __name__ == "__main__":
    main()

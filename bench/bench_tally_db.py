"""Tally N ballots stored in PostgreSQL, end to end: read, fingerprint, count, store.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/decidons_budgets_bench \
        .venv/bin/python bench/bench_tally_db.py [--sizes 10000 100000 1000000]

The database is created and migrated if needed. For each size, a child process loads N
voters and N approval ballots (1-5 of 20 projects) with COPY, once; a fresh child (so its peak
memory is the tally's alone, on top of Django) then times the service path a clerk triggers:
`tally_request` (stream the ballots, fingerprint them, queue) and the eager `tally_run`
(stream again, build the engine input, count with each rule of --rules, store one explained
outcome per project). It also times a repeat request on the same ballots, which only re-reads them
and finds the stored tally. Not a test.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = 20
RULES = ["greedy", "mes", "mes-add1", "mes-completed"]


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.pop("REDIS_URL", None)  # eager Celery: the tally runs in this process
    import django

    django.setup()


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _ensure_voters(count: int) -> list[int]:
    from django.utils import timezone

    from civic.models import User

    have = User.objects.filter(email__startswith="bench.").count()
    if have < count:
        now = timezone.now()
        _copy("civic_user", ["password", "is_superuser", "email", "first_name", "last_name",
                             "preferred_language", "is_active", "is_staff", "date_joined"],
              (("!", False, f"bench.{i}@bench.test", "", "", "fr", True, False, now)
               for i in range(have, count)))
    return list(User.objects.filter(email__startswith="bench.").order_by("pk")
                .values_list("pk", flat=True)[:count])


def _ensure_budget(size: int):
    from budgets.models import Ballot, ParticipatoryBudget, Proposal

    title = f"bench-{size}"
    budget = ParticipatoryBudget.objects.filter(title=title).first()
    if budget is not None and Ballot.objects.filter(budget=budget).exclude(
            content="").count() == size:
        return budget
    voters = _ensure_voters(size)
    ParticipatoryBudget.objects.filter(title=title).delete()
    budget = ParticipatoryBudget.objects.create(
        year=2000 + len(str(size)), neighbourhood=None, title=title, status="voting",
        envelope_cents=100_000_000, rule="mes-completed", max_projects=None, residence="town")
    rng = random.Random(size)
    projects = [Proposal.objects.create(
        budget=budget, author_id=voters[0], title=f"Projet {i}", description="-",
        estimated_cost_cents=c, cost_cents=c, status="feasible")
        for i, c in enumerate(rng.randrange(500_000, 30_000_000, 100) for _ in range(PROJECTS))]
    popularity = [1 / (i + 1) for i in range(PROJECTS)]
    from budgets.secrecy import voter_tag

    contents = []
    for _ in voters:
        chosen = sorted({p.pk for p in rng.choices(projects, popularity, k=rng.randint(1, 5))})
        contents.append(chosen)
    # The rows a cast leaves: a random id, the voter's keyed tag and the ballot's content.
    _copy("budgets_ballot", ["id", "budget_id", "voter_tag", "content"],
          ((uuid.uuid4(), budget.pk, voter_tag(budget_id=budget.pk, voter_id=voter),
            ",".join(f"{pid}:1" for pid in c))
           for voter, c in zip(voters, contents, strict=True)))
    return budget


def load_one(size: int) -> dict:
    _setup_django()
    started = time.perf_counter()
    _ensure_budget(size)
    return {"load_s": round(time.perf_counter() - started, 1)}


def run_one(size: int, rule: str = "mes-completed") -> dict:
    _setup_django()
    from django.db import connection

    from budgets.models import ParticipatoryBudget, Tally
    from budgets.services.tallies import tally_request

    budget = ParticipatoryBudget.objects.get(title=f"bench-{size}")
    Tally.objects.filter(budget=budget).delete()
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(status="tally", result_tally=None,
                                                            rule=rule)
    budget.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE budgets_ballot")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    tally = tally_request(budget=budget, actor=None)  # the eager task runs on commit
    total_s = time.perf_counter() - started
    tally.refresh_from_db()
    started = time.perf_counter()
    again = tally_request(budget=budget, actor=None)
    repeat_s = time.perf_counter() - started
    return {"ballots": tally.ballot_count, "status": tally.status,
            "end_to_end_s": round(total_s, 2), "run_s": round(tally.duration_ms / 1000, 2),
            "request_s": round(total_s - tally.duration_ms / 1000, 2),
            "repeat_s": round(repeat_s, 2), "same_tally": again.pk == tally.pk,
            "winners": tally.outcomes.filter(selected=True).count(),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "rss_before_mb": round(rss_before / 1024)}


def _child(flag: str, size: int, *extra: str) -> dict:
    child = subprocess.run([sys.executable, __file__, flag, str(size), *extra], check=True,
                           capture_output=True, text=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def _prepare_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. "
                 "postgres://postgres@127.0.0.1:5432/decidons_budgets_bench")
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True,
                   env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.base"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rules", nargs="+", default=RULES,
                        help="tally rules to time at each size (default: all four)")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load_one(args.load)))
        return
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])))
        return
    _prepare_database()
    print(f"{'ballots':>9} {'rule':>13} {'end-to-end s':>12} {'request s':>9} {'run s':>7}"
          f" {'repeat s':>8} {'peak RSS MB':>11} {'(before)':>8}  winners  (load s)")
    for size in args.sizes:
        loaded = _child("--load", size)
        for rule in args.rules:
            r = loaded | _child("--one", size, rule)
            assert r["status"] == "done" and r["same_tally"], r
            print(f"{r['ballots']:>9} {rule:>13} {r['end_to_end_s']:>12} {r['request_s']:>9}"
                  f" {r['run_s']:>7} {r['repeat_s']:>8} {r['peak_rss_mb']:>11}"
                  f" {r['rss_before_mb']:>8}  {r['winners']:>7}  ({r['load_s']})", flush=True)


if __name__ == "__main__":
    main()

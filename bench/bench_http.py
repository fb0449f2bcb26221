"""Casting ballots and signing an initiative through the API under load, and page times.

    .venv/bin/python bench/bench_http.py [--duration 20] [--connections 32] [--workers 5]

Starts on 127.0.0.1 a scratch PostgreSQL database (decidons_perf_http), gunicorn with the
production settings and Redis (database 8); prepares distinct verified residents with API
tokens, a budget open for voting (20 projects, approval of up to 3) and an initiative
collecting signatures; then loads each endpoint with wrk for a bounded time, every request
from a different resident: the health endpoint (the framework's ceiling: no database), the
ballot cast, the signature. Then it times the public pages (budget of 300 projects, list of
1,000 initiatives, results of 300 projects) one request at a time, and checks the database:
exactly one ballot per voter who got a 2xx, and the initiative's counter equal to its rows.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

DATABASE = "decidons_perf_http"
PROJECTS, PAGE_PROJECTS, PAGE_INITIATIVES, RESULT_BALLOTS = 20, 300, 1000, 5000


def _django() -> None:
    sys.path.insert(0, str(stack.ROOT))
    import django

    django.setup()


def _residents(count: int, prefix: str):
    from datetime import date, timedelta

    from django.utils import timezone
    from knox.crypto import create_token_string, hash_token
    from knox.models import AuthToken
    from knox.settings import CONSTANTS

    from civic.models import Neighbourhood, Resident, User

    hood, _ = Neighbourhood.objects.get_or_create(
        code="bench", defaults={"name": "Quartier du banc d'essai", "population": 41000})
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{i}@bench.test", password="!") for i in range(count)],
        batch_size=2000)
    Resident.objects.bulk_create(
        [Resident(user=u, neighbourhood=hood, date_of_birth=date(1980, 1, 1),
                  verification_status="verified", verification_method="counter",
                  verified_at=now) for u in users], batch_size=2000)
    secrets_ = [create_token_string() for _ in users]
    AuthToken.objects.bulk_create(
        [AuthToken(digest=hash_token(s), token_key=s[:CONSTANTS.TOKEN_KEY_LENGTH], user=u,
                   expiry=now + timedelta(days=1)) for s, u in zip(secrets_, users, strict=True)],
        batch_size=2000)
    return users, secrets_


def _budget(year: int, projects: int, author, **fields):
    from budgets.models import ParticipatoryBudget, Proposal

    budget = ParticipatoryBudget.objects.create(
        year=year, neighbourhood=None, title=f"Budget du banc d'essai {year}",
        envelope_cents=50_000_000, residence="town", ballot_kind="approval", max_projects=3,
        rule="greedy", **fields)
    Proposal.objects.bulk_create(
        Proposal(budget=budget, author=author, title=f"Projet n° {i}",
                 description="Un projet pour le quartier.", location="Alès",
                 estimated_cost_cents=500_000 + 1000 * i, cost_cents=500_000 + 1000 * i,
                 status="feasible") for i in range(projects))
    return budget, list(budget.proposals.order_by("pk").values_list("pk", flat=True))


def _published_results(voters, author) -> int:
    """A budget of 300 projects with 5,000 stored ballots, tallied and published."""
    import random

    from budgets.models import ParticipatoryBudget
    from budgets.services.results import results_publish
    from budgets.services.tallies import tally_request, tally_run
    from budgets.tests.factories import ballots_store

    budget, ids = _budget(2025, PAGE_PROJECTS, author, status="voting")
    rng = random.Random(7)
    ballots_store(budget, [(v.pk, dict.fromkeys(sorted(rng.sample(ids, 3)), 1))
                           for v in voters[:RESULT_BALLOTS]])
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(status="tally")
    budget.refresh_from_db()
    tally_run(tally_id=tally_request(budget=budget, actor=None).pk)  # no worker: run it here
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(status="results")
    budget.refresh_from_db()
    results_publish(budget=budget, actor=None)
    return budget.pk


def _open_ballot_box(budget) -> None:
    """What opening the vote does: slots for every resident who may vote (older code: none)."""
    try:
        from budgets.services.ballots import ballot_box_open
    except ImportError:
        return
    ballot_box_open(budget=budget)


def _initiatives(creator, count: int) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from petitions.models import CitizenInitiative
    from petitions.services.charter import charter_current

    now = timezone.now()
    created = CitizenInitiative.objects.bulk_create(
        CitizenInitiative(
            charter=charter_current(), title=f"Initiative n° {i}", reasons="Des raisons.",
            operative_text="Le conseil municipal décide.", created_by=creator,
            status="collecting", signature_threshold=10_000_000, collection_opened_at=now,
            collection_deadline=now + timedelta(days=60))
        for i in range(count))
    return created[0].pk


def prepare(voters: int, tokens_path: str) -> dict:
    _django()
    users, tokens = _residents(voters, "v")
    Path(tokens_path).write_text("\n".join(tokens) + "\n")
    author = users[0]
    budget, ids = _budget(2026, PROJECTS, author, status="voting")
    _open_ballot_box(budget)
    page_budget, _ = _budget(2027, PAGE_PROJECTS, author, status="voting")
    results = _published_results(users, author)
    initiative = _initiatives(author, PAGE_INITIATIVES)
    return {"budget": budget.pk, "proposals": ids, "page_budget": page_budget.pk,
            "results_budget": results, "initiative": initiative}


def check(budget: int, initiative: int) -> dict:
    _django()
    from django.db.models import Count

    from budgets.models import Ballot
    from petitions.models import CitizenInitiative, Signature

    ballots = Ballot.objects.filter(budget_id=budget).exclude(content="")
    most = ballots.values("voter_tag").annotate(n=Count("pk")).order_by("-n").first()
    return {"ballots": ballots.count(),
            "voters": ballots.values("voter_tag").distinct().count(),
            "most_ballots_per_voter": most["n"] if most else 0,
            "signature_counter": CitizenInitiative.objects.get(pk=initiative).signature_count,
            "signature_rows": Signature.objects.filter(initiative_id=initiative,
                                                       status="valid").count()}


def wrk(url: str, kind: str, path: str, seconds: int, connections: int, tokens: str,
        proposals: list[int]) -> dict:
    threads = min(2, connections)
    env = os.environ | {"BENCH_TOKENS": tokens, "BENCH_THREADS": str(threads),
                        "BENCH_KIND": kind, "BENCH_PATH": path,
                        "BENCH_PROPOSALS": ",".join(map(str, proposals))}
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(Path(__file__).parent / "load.lua"), url + path],
        env=env, check=True, capture_output=True, text=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    result["per_s"] = round(result["ok"] / result["duration_s"], 1)
    return result


def _row(name: str, r: dict, ceiling: float | None) -> str:
    ratio = f"{r['per_s'] / ceiling:.2f}" if ceiling else "1.00"
    return (f"| {name} | {r['per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['max_ms']:.0f} | {r['ok']} | {r['errors'] + r['socket_errors']} | {ratio} |")


def run(duration: int, connections: int, workers: int, voters: int, port: int) -> list[str]:
    env = stack.production_env(DATABASE)
    stack.fresh_database(DATABASE, env)
    tokens = tempfile.NamedTemporaryFile(prefix="bench-tokens-", delete=False).name
    prep = json.loads(stack.django_child("bench_http.py", env, "--prepare", str(voters), tokens))
    url = f"http://127.0.0.1:{port}"
    logs = Path(tempfile.mkdtemp(prefix="bench-http-"))
    with stack.processes([stack.gunicorn(port, workers)], env, logs):
        stack.wait_http(url + "/api/v1/health/")
        wrk(url, "health", "/api/v1/health/", 3, connections, tokens, [])  # warm every worker
        load = {
            "health": wrk(url, "health", "/api/v1/health/", duration, connections, tokens, []),
            "ballot": wrk(url, "ballot", f"/api/v1/budgets/{prep['budget']}/ballot/cast/",
                          duration, connections, tokens, prep["proposals"]),
            "sign": wrk(url, "sign", f"/api/v1/initiatives/{prep['initiative']}/sign/",
                        duration, connections, tokens, []),
        }
        pages = {name: wrk(url, "health", path, max(5, duration // 4), 1, tokens, [])
                 for name, path in (
                     ("budget page, 300 projects", f"/budgets/{prep['page_budget']}/"),
                     ("initiative list, 1,000 entries", "/initiatives/"),
                     ("results page, 300 projects",
                      f"/budgets/{prep['results_budget']}/resultats/"),
                     ("API results, 300 projects",
                      f"/api/v1/budgets/{prep['results_budget']}/results/"))}
    db = json.loads(stack.django_child("bench_http.py", env, "--check", str(prep["budget"]),
                                       str(prep["initiative"])))
    stack.drop_database(DATABASE)
    os.unlink(tokens)
    return report(load, pages, db, duration, connections, workers, voters)


def report(load: dict, pages: dict, db: dict, duration: int, connections: int, workers: int,
           voters: int) -> list[str]:
    ceiling = load["health"]["per_s"]
    wrapped = any(load[k]["requests"] > voters for k in ("ballot", "sign"))
    lines = [f"gunicorn {workers} sync workers, wrk 2 threads × {connections} connections, "
             f"{duration} s per endpoint, {voters} distinct residents with tokens"
             + (" (WRAPPED: some residents sent twice)" if wrapped else ""), "",
             "| endpoint | 2xx/s | p50 ms | p99 ms | max ms | 2xx | errors | ÷ ceiling |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             _row("GET /api/v1/health/ (ceiling)", load["health"], None),
             _row("POST …/ballot/cast/", load["ballot"], ceiling),
             _row("POST …/initiatives/N/sign/", load["sign"], ceiling), ""]
    for kind in ("ballot", "sign"):
        if load[kind]["errors"]:
            lines.append(f"First refused {kind}: `{load[kind]['sample_error']}`")
    ok_ballots = load["ballot"]["ok"]
    lines += [
        f"Ballots stored: {db['ballots']} for {db['voters']} distinct voters (most per voter: "
        f"{db['most_ballots_per_voter']}); 2xx answers received: {ok_ballots} "
        f"(the rest, {db['ballots'] - ok_ballots}, were in flight when wrk stopped).",
        f"Signatures: counter {db['signature_counter']}, valid rows {db['signature_rows']}, "
        f"2xx answers {load['sign']['ok']}.", "",
        "Server time per page (one request at a time, anonymous):", "",
        "| page | p50 ms | p99 ms | pages/s (1 client) |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['per_s']:.0f} |"
              for name, r in pages.items()]
    lines += [f"Page not served ({name}): `{r['sample_error']}`"
              for name, r in pages.items() if r["errors"]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--voters", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8871)
    parser.add_argument("--prepare", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(int(args.prepare[0]), args.prepare[1])))
    elif args.check:
        print(json.dumps(check(*args.check)))
    else:
        print("\n".join(run(args.duration, args.connections, args.workers, args.voters,
                            args.port)))


if __name__ == "__main__":
    main()

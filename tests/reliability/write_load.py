"""Write load for the database-restart fault test (run as a separate process).

Casts ballots from threads through `ballot_cast` against DATABASE_URL until a stop file
appears. A cast is *acknowledged* when the service returned; a cast cut by the restart is
retried, as a client would, after reconnecting. Each acknowledgement is appended to a log
(voter, receipt) before the next cast of that voter, so the log is the truth to check.

Usage: python -m tests.reliability.write_load <work dir> <voters> <threads>
"""

import json
import random
import sys
import threading
import time
from pathlib import Path

import django
from django.db import InterfaceError, OperationalError, connection

RETRY_PAUSE = 0.2


def _setup(voters: int):
    from budgets.tests.factories import BudgetFactory, ProposalFactory
    from civic.tests.factories import NeighbourhoodFactory, ResidentFactory

    neighbourhood = NeighbourhoodFactory()
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None)
    projects = [ProposalFactory(budget=budget, feasible=True).pk for _ in range(4)]
    users = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(voters)]
    return budget, projects, users


def _cast_until_acknowledged(budget, voter, choices, stats, lock) -> str:
    from budgets.ballot_input import content_of
    from budgets.services.ballots import ballot_cast

    while True:
        try:
            return content_of(ballot_cast(budget=budget, voter=voter, choices=choices).choices)
        except (OperationalError, InterfaceError):
            with lock:
                stats["retries"] += 1
            connection.close()  # the server went away: reconnect on the next try
            time.sleep(RETRY_PAUSE)


def main(work: Path, voters: int, threads: int) -> None:
    django.setup()
    budget, projects, users = _setup(voters)
    acks = (work / "acks.jsonl").open("a", buffering=1)
    lock = threading.Lock()
    stats = {"retries": 0, "acknowledged": 0}
    (work / "ready").touch()

    def run(mine: list) -> None:
        rng = random.Random(len(mine))
        try:
            while not (work / "stop").exists():
                for voter in mine:
                    choices = {pid: 1 for pid in rng.sample(projects, rng.randint(1, 3))}
                    content = _cast_until_acknowledged(budget, voter, choices, stats, lock)
                    with lock:
                        acks.write(json.dumps({"voter": voter.pk, "budget": budget.pk,
                                               "content": content}) + "\n")
                        stats["acknowledged"] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(users[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    (work / "summary.json").write_text(json.dumps(stats))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))

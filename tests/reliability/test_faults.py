"""Faults injected under load: Redis stopped, a Celery worker killed mid-task, PostgreSQL
restarted. Whatever happens, no acknowledged vote or signature is lost, nothing is done
twice, and nobody gets a server error."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from budgets.models import Ballot, Tally
from budgets.secrecy import voter_tag
from budgets.services import tally_input
from budgets.services.budgets import budget_transition
from budgets.services.tallies import tally_resume_queued
from budgets.tally import tally as engine_tally
from budgets.tests.factories import BudgetFactory, ProposalFactory, ballots_store
from civic.models import AuditEntry, Notification, User
from civic.services.notifications import notification_deliver_pending
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.reliability.private_postgres import PrivatePostgres, server_bin_dir


def wait_until(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _production_cache(url: str) -> dict:
    """The production cache settings (config.settings.base with REDIS_URL), on `url`."""
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": url,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5,
                    "SOCKET_TIMEOUT": 0.5},
    }}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_residents_vote_and_sign_while_redis_is_down_and_are_notified_once_when_it_is_back(
        neighbourhood, private_redis, celery_on, start_worker, client):
    # given production-like settings: cache, sessions and broker on a Redis we can stop
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    project = ProposalFactory(budget=budget, feasible=True)
    signers = 12
    charter = InitiativeCharterFactory(threshold_absolute=signers)
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True,
                                          signature_threshold=signers)
    residents = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(signers)]
    with override_settings(CACHES=_production_cache(private_redis.url),
                           SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        # when Redis stops, and every resident logs in, votes and signs through the API
        private_redis.stop()
        statuses = []
        for user in residents:
            client.force_login(user)
            statuses.append(client.post(f"/api/v1/budgets/{budget.pk}/ballot/cast/",
                                        {"choices": [{"proposal": project.pk}]},
                                        content_type="application/json").status_code)
            statuses.append(client.post(f"/api/v1/initiatives/{initiative.pk}/sign/",
                                        {}, content_type="application/json").status_code)
            statuses.append(client.get("/api/v1/notifications/").status_code)
            client.logout()
        # then every request succeeded, and the threshold e-mails wait in the outbox
        assert statuses == [200, 201, 200] * signers
        assert Ballot.objects.filter(budget=budget).exclude(content="").count() == signers
        initiative.refresh_from_db()
        assert initiative.signature_count == signers
        assert initiative.status == CitizenInitiative.Status.THRESHOLD_REACHED
        emails = Notification.objects.filter(channel="email")
        waiting = emails.count()
        assert waiting == signers + 1  # every signer and the lead promoter
        assert set(emails.values_list("status", flat=True)) == {"pending"}
        assert mail.outbox == []

        # when Redis is back, a worker runs and the beat sweep passes twice
        private_redis.start()
        start_worker()
        assert notification_deliver_pending(older_than_seconds=0) == waiting
        assert wait_until(lambda: not emails.exclude(status="sent").exists())
        assert notification_deliver_pending(older_than_seconds=0) == 0
        time.sleep(1.0)  # give a duplicate, if any, the time to arrive
    # then each e-mail went out exactly once
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == waiting
    assert len(set(recipients)) == waiting


# --- A Celery worker killed mid-task ---------------------------------------------------------


class WorkerProcess:
    """`celery -A config worker` in its own process group, on the private Redis and the
    pytest-django test database, so it can be killed like a lost machine (SIGKILL)."""

    def __init__(self, broker_url: str, log_path) -> None:
        self.broker_url = broker_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, name: str) -> None:
        settings = connection.settings_dict
        database = (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
                    f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
                    f"{settings['NAME']}")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
               "DATABASE_URL": database, "REDIS_URL": self.broker_url,
               "CELERY_BROKER_URL": self.broker_url}
        log = open(self.log_path, "a")  # noqa: SIM115 — closed with the process
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "config", "worker",
             "--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{name}@%h"],
            cwd=settings_module_root(), env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the whole worker (parent and pool child), as when a machine is lost."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None


def settings_module_root() -> str:
    import config

    return str(Path(config.__file__).resolve().parent.parent)


@pytest.fixture
def worker_process(private_redis, tmp_path):
    processes: list[WorkerProcess] = []

    def start(name: str) -> WorkerProcess:
        worker = WorkerProcess(private_redis.url, tmp_path / "worker.log")
        worker.start(name)
        processes.append(worker)
        return worker

    yield start
    for worker in processes:
        worker.kill()


def _big_budget(neighbourhood, voters: int, projects: int, seed: int = 11):
    """A closed vote with many stored ballots, written in bulk (the test is about the count)."""
    rng = random.Random(seed)
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None,
                           rule="mes-completed", envelope_cents=50_000_000)
    proposals = [ProposalFactory(budget=budget, feasible=True,
                                 cost_cents=rng.randrange(500_000, 6_000_000, 100))
                 for _ in range(projects)]
    users = User.objects.bulk_create(User(email=f"votant{seed}-{i}@decidons.test", password="!")
                                     for i in range(voters))
    ballots_store(budget, [(user.pk, {p.pk: 1 for p in rng.sample(proposals, rng.randint(1, 8))})
                           for user in users])
    return budget


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_counting_leaves_one_tally_with_the_same_result(
        postgres_only, neighbourhood, clerk, private_redis, celery_on, worker_process):
    # given a closed vote of 6,000 ballots and a real worker process on the broker
    budget = _big_budget(neighbourhood, voters=6000, projects=40)
    first = worker_process("first")
    # when the clerk closes the vote, and the worker is killed (SIGKILL) while it counts
    budget_transition(budget=budget, target="tally", actor=clerk)
    tally = Tally.objects.get(budget=budget)
    assert wait_until(lambda: Tally.objects.get(pk=tally.pk).status != "queued", 120)
    first.kill()
    # then it was killed mid-count: the tally is left running, nothing stored
    assert Tally.objects.get(pk=tally.pk).status == "running"
    assert not tally.outcomes.exists()

    # when a new worker starts and the beat sweep sees the tally whose runner is gone
    worker_process("second")
    assert wait_until(lambda: tally_resume_queued(older_than_seconds=0) == 1, 30)
    assert wait_until(lambda: Tally.objects.get(pk=tally.pk).status == "done", 240)
    time.sleep(2.0)  # give a duplicate run, if any, the time to show
    # then the count completed once, with the fingerprint it was asked for and the result an
    # independent recount of the same ballots gives
    tally.refresh_from_db()
    assert Tally.objects.filter(budget=budget).count() == 1
    assert tally.ballot_count == 6000
    ballots = tally_input.read_ballots(budget)
    projects = tally_input.ballot_projects(budget)
    assert tally_input.fingerprint_of(budget, ballots, projects) == tally.fingerprint
    recount = engine_tally(tally_input.build_instance(budget, ballots, projects),
                           rule=budget.rule, threshold=budget.min_score_threshold)
    stored = set(tally.outcomes.filter(selected=True).values_list("proposal_id", flat=True))
    assert stored == {int(pid) for pid in recount.selected}
    assert AuditEntry.objects.filter(verb="budget.tally_done").count() == 1
    assert tally_resume_queued(older_than_seconds=0) == 0


# --- The database restarted under write load -------------------------------------------------


@pytest.fixture
def private_postgres():
    bin_dir = server_bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = PrivatePostgres(bin_dir)
    server.start()
    yield server
    server.stop()


def _acks(work: Path) -> list[dict]:
    path = work / "acks.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


@pytest.mark.worker
def test_every_acknowledged_ballot_survives_database_restarts_under_write_load(
        redis_url, private_postgres, tmp_path):
    # given a private PostgreSQL with the schema, and 20 threads casting ballots for 200
    # voters through the service, each voter changing their vote again and again
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": private_postgres.url, "REDIS_URL": ""}
    root = settings_module_root()
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=root,
                   env=env, check=True, timeout=300)
    load = subprocess.Popen([sys.executable, "-m", "tests.reliability.write_load", str(tmp_path),
                             "200", "20"], cwd=root, env=env)
    try:
        # when the server is restarted (fast mode: sessions cut) twice while they write
        for _ in range(2):
            seen = len(_acks(tmp_path))
            assert wait_until(lambda s=seen: len(_acks(tmp_path)) >= s + 300, 180)
            private_postgres.restart()
        seen = len(_acks(tmp_path))
        assert wait_until(lambda s=seen: len(_acks(tmp_path)) >= s + 300, 180)
    finally:
        (tmp_path / "stop").touch()
        load.wait(timeout=120)
    assert load.returncode == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    # then every voter's stored ballot is the last one acknowledged to them: nothing lost
    last_ack = {}
    for ack in _acks(tmp_path):
        last_ack[ack["voter"]] = (ack["budget"], ack["content"])
    # (the stored ballots name nobody: each voter's is found through their keyed tag)
    with psycopg.connect(host="127.0.0.1", port=private_postgres.port, user="postgres",
                         dbname="decidons") as db:
        by_tag: dict[str, str] = dict(db.execute("SELECT voter_tag, content FROM budgets_ballot "
                                 "WHERE content <> ''").fetchall())
    stored = {voter: by_tag.get(voter_tag(budget_id=budget, voter_id=voter))
              for voter, (budget, _content) in last_ack.items()}
    assert summary["acknowledged"] == len(_acks(tmp_path)) >= 900
    assert private_postgres.restarts == 2
    assert len(by_tag) == 200
    lost = {voter for voter, (_b, content) in last_ack.items() if stored[voter] != content}
    assert lost == set()
    assert len(last_ack) == 200

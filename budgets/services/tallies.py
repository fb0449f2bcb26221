"""Tallies: count the stored ballots with the charter's rule, once per set of inputs.

`tally_request` fingerprints the inputs and queues one `Tally` per fingerprint; the Celery
task runs `tally_run`, which claims it (queued → running), streams the ballots, calls the
engine in `budgets.tally`, stores an explained outcome per project, and marks it done.
Progress is written as it goes, outside the final transaction, so the page can show it.
"""

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from budgets import policies, states
from budgets.models import ParticipatoryBudget, Tally, TallyOutcome, TallyStatus
from budgets.services import tally_input
from budgets.services.explain import outcomes_from_result
from budgets.services.tally_lock import runner_is_gone, tally_lock
from budgets.services.tally_lock import supported as tally_lock_supported
from civic.models import User
from civic.services.audit import audit_record
from civic.tasking import enqueue_on_commit
from civic.transitions import transition

logger = logging.getLogger(__name__)


def _enqueue(tally: Tally) -> None:
    from budgets.tasks import tally_run_task

    enqueue_on_commit(tally_run_task, tally.pk)


@transaction.atomic
def tally_request(*, budget: ParticipatoryBudget, actor: User | None) -> Tally:
    """Queue a count of the budget's ballots; the same inputs return the existing tally."""
    if actor is not None:
        policies.ensure_staff(actor)
    budget = ParticipatoryBudget.objects.select_related("neighbourhood").get(pk=budget.pk)
    policies.ensure_capability(budget, "run_tally")
    ballots = tally_input.read_ballots(budget)
    fingerprint = tally_input.fingerprint_of(budget, ballots,
                                             tally_input.ballot_projects(budget))
    tally, created = Tally.objects.get_or_create(
        budget=budget, fingerprint=fingerprint,
        defaults={"rule": budget.rule, "requested_by": actor})
    if created:
        audit_record(verb="budget.tally_requested", actor=actor, target=tally,
                     data={"budget": budget.pk, "fingerprint": fingerprint})
    elif Tally.objects.filter(pk=tally.pk, status=TallyStatus.FAILED).update(
            status=TallyStatus.QUEUED, progress=0, error=""):
        tally.refresh_from_db()
    if tally.status == TallyStatus.QUEUED:
        _enqueue(tally)
    return tally


def _progress(tally_id: int, percent: int) -> None:
    Tally.objects.filter(pk=tally_id, status=TallyStatus.RUNNING).update(
        progress=max(1, min(99, percent)))


def tally_run(*, tally_id: int) -> Tally:
    """Count a queued tally (task body). Safe to run twice: only one run claims it.

    A tally left `running` by a worker that died is taken over: its runner's lock is free.
    """
    with tally_lock(tally_id) as held:
        claimable = [TallyStatus.QUEUED] + ([TallyStatus.RUNNING] if held and
                                            tally_lock_supported() else [])
        claimed = held and Tally.objects.filter(pk=tally_id, status__in=claimable).update(
            status=TallyStatus.RUNNING, started_at=timezone.now(), progress=1)
        if not claimed:
            return Tally.objects.select_related("budget__neighbourhood").get(pk=tally_id)
        return _run_claimed(tally_id)


def _run_claimed(tally_id: int) -> Tally:
    tally = Tally.objects.select_related("budget__neighbourhood").get(pk=tally_id)
    started = time.perf_counter()
    try:
        _count_and_store(tally, started)
    except Exception as exc:
        logger.exception("tally %s failed", tally_id)
        Tally.objects.filter(pk=tally_id).update(status=TallyStatus.FAILED, error=str(exc)[:2000],
                                                 finished_at=timezone.now())
        raise
    tally.refresh_from_db()
    return tally


def _count_and_store(tally: Tally, started: float) -> None:
    from budgets.tally import tally as engine_tally

    budget = tally.budget
    ballots = tally_input.read_ballots(
        budget, on_progress=lambda p: _progress(tally.pk, 5 + p * 55 // 100))
    projects = tally_input.ballot_projects(budget)
    fingerprint = tally_input.fingerprint_of(budget, ballots, projects)
    if fingerprint != tally.fingerprint:
        raise RuntimeError("the ballots changed since the tally was requested")
    instance = tally_input.build_instance(budget, ballots, projects)
    _progress(tally.pk, 65)
    result = engine_tally(instance, rule=budget.rule,
                          threshold=budget.min_score_threshold)
    _progress(tally.pk, 90)
    outcomes = outcomes_from_result(budget, instance, result, projects)
    with transaction.atomic():
        TallyOutcome.objects.filter(tally=tally).delete()
        TallyOutcome.objects.bulk_create(TallyOutcome(tally=tally, **o) for o in outcomes)
        transition(tally, lifecycle=states.TALLY_TRANSITIONS, source=TallyStatus.RUNNING,
                   target=TallyStatus.DONE, verb="budget.tally_done", actor=None,
                   data={"ballots": instance.num_voters,
                         "winners": [o["proposal_id"] for o in outcomes if o["selected"]]},
                   progress=100, ballot_count=instance.num_voters, finished_at=timezone.now(),
                   duration_ms=int((time.perf_counter() - started) * 1000))


def tally_resume_queued(*, older_than_seconds: int = 120) -> int:
    """Beat sweep: re-publish tallies still queued (broker was down) and tallies whose
    worker died while counting. Safe to run twice."""
    stale = timezone.now() - timedelta(seconds=older_than_seconds)
    queued = list(Tally.objects.filter(status=TallyStatus.QUEUED, created_at__lt=stale))
    queued += [t for t in Tally.objects.filter(status=TallyStatus.RUNNING)
               if runner_is_gone(t.pk)]
    for tally in queued:
        _enqueue(tally)
    return len(queued)


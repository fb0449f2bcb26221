"""Thin Celery wrappers over budgets services (HOUSE_STYLE §4)."""

from celery import shared_task

from budgets.services.budgets import budget_advance_due
from budgets.services.debates import debate_advance_due
from budgets.services.tallies import tally_resume_queued, tally_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def tally_run_task(tally_id: int) -> str:
    return tally_run(tally_id=tally_id).status


@shared_task(acks_late=True)
def budget_advance_due_task() -> int:
    return budget_advance_due() + debate_advance_due()


@shared_task(acks_late=True)
def tally_resume_queued_task() -> int:
    return tally_resume_queued()

"""Thin Celery wrappers over commissions services (HOUSE_STYLE §4); each is safe to rerun."""

from celery import shared_task

from commissions.services.consultations import consultation_close_due
from commissions.services.opinions import opinion_overdue_remind


@shared_task(acks_late=True)
def opinion_overdue_remind_task() -> int:
    return opinion_overdue_remind()


@shared_task(acks_late=True)
def consultation_close_due_task() -> int:
    return consultation_close_due()

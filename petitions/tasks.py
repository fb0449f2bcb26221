"""Thin Celery wrappers over the initiative services (HOUSE_STYLE §4)."""

from celery import shared_task

from petitions.services.lifecycle import initiative_close_due


@shared_task(acks_late=True)
def initiative_close_due_task() -> int:
    return initiative_close_due()

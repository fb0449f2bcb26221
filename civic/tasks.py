"""Thin Celery wrappers over civic services (HOUSE_STYLE §4)."""

from celery import shared_task

from civic.services.notifications import notification_deliver_batch, notification_deliver_pending


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notification_deliver_batch_task(notification_ids: list[int]) -> int:
    return notification_deliver_batch(notification_ids=notification_ids)


@shared_task(acks_late=True)
def notification_deliver_pending_task() -> int:
    return notification_deliver_pending()


@shared_task(acks_late=True)
def personal_data_purge_task() -> dict[str, int]:
    from civic.services.personal_data import personal_data_purge

    return personal_data_purge()


@shared_task(acks_late=True)
def digest_send_due_task() -> int:
    from civic.services.preferences import digest_send_due

    return digest_send_due()


@shared_task(acks_late=True)
def reminders_send_due_task() -> int:
    from civic.services.reminders import reminders_send_due

    return reminders_send_due()


@shared_task(acks_late=True)
def audit_checkpoint_create_due_task() -> int:
    from civic.services.audit import audit_checkpoint_create_due

    return audit_checkpoint_create_due()


@shared_task(acks_late=True)
def webhook_deliver_task(subscription_id: int) -> int:
    from civic.services.webhooks import webhook_deliver

    return webhook_deliver(subscription_id=subscription_id)


@shared_task(acks_late=True)
def webhook_deliver_due_task() -> int:
    from civic.services.webhooks import webhook_deliver_due

    return webhook_deliver_due()

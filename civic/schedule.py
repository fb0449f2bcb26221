"""Periodic jobs of the civic core, merged into CELERY_BEAT_SCHEDULE by the settings."""

SCHEDULE = {
    "civic-notifications-deliver-pending": {
        "task": "civic.tasks.notification_deliver_pending_task",
        "schedule": 60.0,
    },
    # Retention periods of docs/personal-data.md, applied once a day.
    "civic-personal-data-purge": {
        "task": "civic.tasks.personal_data_purge_task",
        "schedule": 24 * 3600.0,
    },
    # Daily and weekly digests: each user's period is checked every quarter of an hour.
    "civic-digest-send-due": {
        "task": "civic.tasks.digest_send_due_task",
        "schedule": 900.0,
    },
    # Deadline reminders (once per person and act, by dedupe key).
    "civic-reminders-send-due": {
        "task": "civic.tasks.reminders_send_due_task",
        "schedule": 900.0,
    },
    # Webhook deliveries due (a retry whose message was lost, or the broker was down).
    "civic-webhooks-deliver-due": {
        "task": "civic.tasks.webhook_deliver_due_task",
        "schedule": 60.0,
    },
    # The audit chain's head at the end of each day, published (civic/services/audit.py).
    # Hourly, so a day is recorded soon after midnight even if beat was down then.
    "civic-audit-checkpoints": {
        "task": "civic.tasks.audit_checkpoint_create_due_task",
        "schedule": 3600.0,
    },
}

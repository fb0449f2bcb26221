"""Periodic jobs of the civic core, merged into CELERY_BEAT_SCHEDULE by the settings."""

SCHEDULE = {
    "civic-notifications-deliver-pending": {
        "task": "civic.tasks.notification_deliver_pending_task",
        "schedule": 60.0,
    },
}

"""Periodic jobs of the commissions module, merged into CELERY_BEAT_SCHEDULE by the settings."""

SCHEDULE = {
    "commissions-opinion-overdue-remind": {
        "task": "commissions.tasks.opinion_overdue_remind_task",
        "schedule": 6 * 3600.0,
    },
    "commissions-consultation-close-due": {
        "task": "commissions.tasks.consultation_close_due_task",
        "schedule": 3600.0,
    },
}

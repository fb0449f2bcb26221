"""Periodic jobs of the budgets module, merged into CELERY_BEAT_SCHEDULE by the settings."""

SCHEDULE = {
    "budgets-advance-due": {
        "task": "budgets.tasks.budget_advance_due_task",
        "schedule": 300.0,
    },
    "budgets-tally-resume-queued": {
        "task": "budgets.tasks.tally_resume_queued_task",
        "schedule": 120.0,
    },
}

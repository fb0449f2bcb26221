"""Periodic jobs of citizen initiatives, merged into CELERY_BEAT_SCHEDULE by the settings."""

SCHEDULE = {
    "petitions-initiative-close-due": {
        "task": "petitions.tasks.initiative_close_due_task",
        "schedule": 300.0,
    },
}

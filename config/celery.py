"""The Celery application. Tasks are thin wrappers over services (see HOUSE_STYLE §4)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("decidons")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

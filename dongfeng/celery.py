"""The Celery app. Redis is the broker; the truth (deadlines, alerts) lives in PostgreSQL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongfeng.settings")

app = Celery("dongfeng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

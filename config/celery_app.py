"""Celery application.

With ``REDIS_URL`` set, tasks go to Redis and a worker runs them
(``celery -A config worker``). With nothing set, settings make Celery run
every task in-process (``task_always_eager``) so the app works alone.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("first100days")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Hand work to Celery after the surrounding transaction commits.

A worker must never see uncommitted rows, and a broker outage must never
undo a user's write: a failed enqueue is logged, the periodic jobs catch up.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            logger.exception("Could not enqueue %s%r; it will be caught up later", task.name, args)

    transaction.on_commit(send)

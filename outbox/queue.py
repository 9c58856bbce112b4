"""Putting work on the Celery queue without ever failing the request that asks.

Work that must not be lost is first recorded in the database (an outbox row, a
report in "queued"), and queued after commit. If the broker is down the message
is dropped with a warning; the periodic sweep that owns that kind of work finds
the row and queues it again when the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any) -> bool:
    """Send a task now. True if the broker took it."""
    try:
        task.apply_async(args=args)
    except (BrokerError, RedisError, OSError):
        logger.warning("broker unavailable: %s%r left for the sweep", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Send a task once the current transaction commits (at once outside one)."""
    # robust: an error from an in-process (eager) task is logged, never a 500.
    transaction.on_commit(lambda: enqueue(task, *args), robust=True)

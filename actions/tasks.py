"""Celery tasks for the action log: thin wrappers that own retries, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from actions.services import reminders_send


@shared_task(  # type: ignore[untyped-decorator]
    name="actions.reminders_send",
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def reminders_send_task() -> dict[str, int]:
    """Daily: remind owners of actions due soon or overdue, each reminder once."""
    run = reminders_send()
    return {"due_soon": run.due_soon, "overdue": run.overdue}

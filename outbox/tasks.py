"""Celery tasks for the outbox. Thin: the work is in `outbox.mail`."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from outbox import mail


# A refused email waits for the sweep (see outbox.mail.email_send); the task
# itself only retries when the database is unreachable.
@shared_task(
    autoretry_for=(DatabaseError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def email_send_task(email_id: int) -> bool:
    return mail.email_send(email_id=email_id)


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def emails_sweep_task() -> int:
    return mail.emails_sweep()

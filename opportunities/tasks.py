"""Celery tasks for opportunities: thin wrappers that own retries, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from opportunities.digest import digests_send


@shared_task(  # type: ignore[untyped-decorator]
    name="opportunities.digests_send",
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def digests_send_task() -> int:
    """Weekly: email each person who chose it the opportunities new to them.
    Idempotent: a rerun or a second worker sends nobody a second digest."""
    return digests_send()

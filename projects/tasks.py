"""Celery tasks for projects: thin wrappers that own retries, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from projects.privacy.retention import retention_apply


@shared_task(
    name="projects.retention_apply",
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def retention_apply_task() -> dict[str, int]:
    """Nightly: apply the retention periods. Idempotent: a rerun, or a second
    worker running it at the same time, erases and clears nothing twice."""
    return retention_apply()

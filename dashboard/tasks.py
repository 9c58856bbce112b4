"""Celery tasks for peer review and the dashboard. Thin: the work is in
`dashboard.reports.services` (building reports), `dashboard.reviews.assigning` (reviewers
and reminders) and `dashboard.page_cache` (the stored figures); the tasks own the retries."""

from __future__ import annotations

import random

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from dashboard import page_cache
from dashboard.reports import services
from dashboard.reviews import assigning

RETRYABLE = (DatabaseError, BrokerError, RedisError)


@shared_task(
    bind=True,
    autoretry_for=RETRYABLE,
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def report_build_task(self, report_id: int) -> str:
    outcome = services.report_build(report_id=report_id)
    if outcome is services.Outcome.BUSY and not self.request.is_eager:
        # Another worker holds the report: come back when its lease runs out, in
        # case it died (a redelivered message after a pool process was killed).
        wait = services.lease_left(report_id) + random.uniform(1, 5)
        raise self.retry(countdown=wait, max_retries=None)
    return outcome.value


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_jitter=True, max_retries=3)
def reports_schedule_task() -> list[int]:
    return services.reports_schedule()


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_jitter=True, max_retries=3)
def reports_sweep_task() -> int:
    return services.reports_sweep()


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_jitter=True, max_retries=5)
def reviewers_assign_task() -> int:
    """Give every ready report without reviewers its reviewers (idempotent). Run
    every 30 minutes, so a new report has its reviewer within half an hour."""
    return assigning.reviewers_assign_all()


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_jitter=True, max_retries=5)
def review_reminders_task() -> int:
    """Remind overdue reviewers and plan owners, once per step."""
    return assigning.reminders_send()


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_jitter=True, max_retries=3)
def figures_refresh_task() -> int:
    """Work out the dashboard's default views again before their figures go stale."""
    return page_cache.refresh_defaults()

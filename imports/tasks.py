"""Celery tasks for imports: thin wrappers, nothing more."""

from __future__ import annotations

from celery import shared_task

from imports.services import import_apply, import_mark_stale


@shared_task(name="imports.import_apply")
def import_apply_task(batch_id: int) -> str | None:
    """Save a confirmed import. Not retried: a failure is recorded on the import
    (nothing saved) for the admin to see and try again. Idempotent: the import is
    claimed by a conditional update, so a second delivery does nothing."""
    batch = import_apply(batch_id=batch_id)
    return batch.status if batch else None


@shared_task(name="imports.import_mark_stale")
def import_mark_stale_task() -> int:
    """Every few minutes: imports whose worker died are marked failed."""
    return import_mark_stale()

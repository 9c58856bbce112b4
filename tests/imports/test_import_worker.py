"""Imports in a real Celery worker: progress readable while the import's own
transaction is open, the admin emailed when done, and a worker killed part way
leaving the database as it was (and the import marked failed)."""

from __future__ import annotations

import datetime
import os
import signal
import time

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from imports.models import ImportBatch, ImportReference, ImportRow
from imports.services import import_confirm, import_mark_stale, import_upload
from projects.models import Person
from tests.imports.files import csv_bytes
from tests.smtp import smtp_server
from tests.worker import celery_worker, database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 300


def wait_for(condition, *, timeout: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or condition}")


def register(rows: int = ROWS) -> bytes:
    return csv_bytes(
        [
            ["Reference", "Name", "Experience", "Agrees to us keeping their details"],
            *([f"R-{n}", f"Person {n}", "Carer", "Yes"] for n in range(rows)),
        ]
    )


def _worker_waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_imports_the_file_and_emails_the_admin(admin):
    batch = import_upload(kind="people", file_name="register.csv", data=register(), by=admin)
    with smtp_server() as inbox, celery_worker(env=inbox.worker_env()):
        import_confirm(batch=batch, by=admin, decisions={})
        wait_for(lambda: ImportBatch.objects.get(pk=batch.pk).status == "done", what="the import")
        wait_for(lambda: inbox.subjects(), what="the email")
        assert inbox.subjects() == ["Your import of register.csv is done"]
    batch.refresh_from_db()
    assert (batch.preview["created"], batch.percent_done, batch.file_data) == (ROWS, 100, b"")
    assert Person.objects.count() == ROWS
    assert ImportRow.objects.filter(batch=batch).count() == ROWS
    assert Person.objects.get(display_name="Person 7").history.get().history_user == admin


def test_a_killed_worker_saves_nothing_and_the_import_is_marked_failed(admin):
    batch = import_upload(kind="people", file_name="register.csv", data=register(), by=admin)
    # An uncommitted reference the import will also write: its insert waits on the
    # unique index, so the worker stops inside its one transaction, all rows saved
    # in it and nothing committed.
    held = psycopg.connect(database_url())
    held.execute(
        "INSERT INTO imports_importreference (kind, reference, object_id) VALUES ('people', %s, 1)",
        [f"R-{ROWS - 1}"],
    )
    try:
        with celery_worker() as worker:
            import_confirm(batch=batch, by=admin, decisions={})
            wait_for(_worker_waiting_on_a_lock, what="the import to reach its last insert")
            # The progress bar reads the rows done while the transaction is open.
            batch.refresh_from_db()
            assert (batch.status, batch.percent_done) == ("running", 100)
            assert Person.objects.count() == 0
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    finally:
        held.rollback()
        held.close()
    assert Person.objects.count() == 0
    assert not ImportRow.objects.exists()
    assert not ImportReference.objects.exists()
    assert import_mark_stale() == 0, "not stale yet: it might still be running"
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert import_mark_stale() == 1
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.failure == "The import stopped before it finished. Nothing was saved. Try again."

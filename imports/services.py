"""Importing a file: check, preview, confirm, apply.

The check reads every row and collects every problem. Nothing is saved until an
admin confirms; then a worker checks the file again (the register may have
changed meanwhile) and saves every row in one transaction, so a failure at any
point, or a worker that dies, leaves the database as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from imports.audit import importing
from imports.kinds import IMPORTERS, Importer, Planned, Problem, Row
from imports.kinds.base import REFERENCE
from imports.models import ImportBatch, ImportReference, ImportRow
from imports.reading import FileProblem, read_table
from outbox.mail import email_queue
from outbox.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

# The preview lists this many rows; the counts cover them all.
PREVIEW_ROWS = 500


@dataclass
class Checked:
    importer: Importer
    problems: list[Problem] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    plans: list[Planned] = field(default_factory=list)
    rows_total: int = 0

    def count(self, action: str) -> int:
        return sum(1 for planned in self.plans if planned.action == action)

    def preview(self) -> dict:
        lookalikes = [
            {
                "row": planned.row,
                "name": planned.label,
                "matches": [
                    {"id": match.person_id, "name": match.name, "why": match.why}
                    for match in planned.lookalikes
                ],
            }
            for planned in self.plans
            if planned.lookalikes
        ]
        return {
            "created": self.count(ImportRow.Action.CREATED),
            "updated": self.count(ImportRow.Action.UPDATED),
            "skipped": self.count(ImportRow.Action.SKIPPED),
            "rows": [
                {
                    "row": planned.row,
                    "action": planned.action,
                    "label": planned.label,
                    "decide": bool(planned.lookalikes),
                }
                for planned in self.plans[:PREVIEW_ROWS]
            ],
            "lookalikes": lookalikes,
        }


def import_check(
    *,
    kind: str,
    file_name: str,
    data: bytes,
    by: User,
    decisions: dict[str, str] | None = None,
    on_row: Callable[[int], None] | None = None,
) -> Checked:
    """Read the file and say what importing it would do, saving nothing."""
    importer = IMPORTERS[kind](by=by, decisions=decisions)
    checked = Checked(importer=importer)
    try:
        table = read_table(
            file_name, data, known=importer.known_headings(), required=importer.required()
        )
    except FileProblem as problem:
        checked.problems.append(Problem(None, "", str(problem)))
        return checked
    checked.extra_columns = table.extra_columns
    rows = [Row(number, values, checked.problems) for number, values in table.rows]
    checked.rows_total = len(rows)
    if not rows:
        checked.problems.append(Problem(None, "", "The file has no rows under its headings."))
        return checked
    importer.prepare(rows)
    has_reference = any(column.name == REFERENCE for column in importer.columns)
    references: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        if has_reference and (reference := row.text(REFERENCE)):
            if reference in references:
                row.problem(REFERENCE, f"{reference} is also used on row {references[reference]}")
                continue
            references[reference] = row.number
        planned = importer.plan(row)
        if planned is not None and row.ok:
            checked.plans.append(planned)
        if on_row:
            on_row(index)
    return checked


def import_upload(*, kind: str, file_name: str, data: bytes, by: User) -> ImportBatch:
    """Check an uploaded file and keep what the check found. The file is kept only
    if it can be imported as it is."""
    checked = import_check(kind=kind, file_name=file_name, data=data, by=by)
    return ImportBatch.objects.create(
        kind=kind,
        status=ImportBatch.Status.PROBLEMS if checked.problems else ImportBatch.Status.READY,
        file_name=file_name[:200],
        file_data=b"" if checked.problems else data,
        uploaded_by=by,
        problems=[problem.as_dict() for problem in checked.problems],
        extra_columns=checked.extra_columns,
        preview={} if checked.problems else checked.preview(),
        rows_total=checked.rows_total,
    )


def import_confirm(*, batch: ImportBatch, by: User, decisions: dict[str, str]) -> bool:
    """Queue a checked import to be saved. A second confirmation (a double click,
    another admin) changes nothing and returns False."""
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
            status=ImportBatch.Status.QUEUED,
            confirmed_by=by,
            confirmed_at=timezone.now(),
            heartbeat_at=timezone.now(),
            decisions=decisions,
            rows_done=0,
        )
        if claimed:
            from imports.tasks import import_apply_task

            enqueue_on_commit(import_apply_task, batch.pk)
    return bool(claimed)


def import_cancel(*, batch: ImportBatch) -> bool:
    """Forget a checked import that was not confirmed (and the file with it)."""
    return bool(
        ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.READY, ImportBatch.Status.PROBLEMS]
        ).delete()[0]
    )


class ImportChanged(Exception):
    """The check found problems when the import was applied (the register changed
    after the preview)."""


class _Progress:
    """Rows done, written where the page can read them while the import's own
    transaction is still open: on a second connection, committed at once. On
    SQLite (the demo) a second writer would wait for the first, so there the
    page learns the outcome only at the end."""

    EVERY_SECONDS = 0.5

    def __init__(self, batch_id: int, total: int) -> None:
        self.batch_id = batch_id
        self.total = total
        self.done = 0
        self.written_at = 0.0
        self.connection = (
            connections.create_connection(DEFAULT_DB_ALIAS)
            if connection.vendor == "postgresql"
            else None
        )

    def tick(self, done: int, *, now: bool = False) -> None:
        self.done = done
        if self.connection is None:
            return
        if not now and time.monotonic() - self.written_at < self.EVERY_SECONDS:
            return
        self.written_at = time.monotonic()
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportBatch._meta.db_table} SET rows_done = %s, rows_total = %s, "  # noqa: S608
                "heartbeat_at = %s WHERE id = %s",
                [self.done, self.total, timezone.now(), self.batch_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def import_apply(*, batch_id: int) -> ImportBatch | None:
    """Save a confirmed import, all of it or none of it. Claimed by a conditional
    update, so a second worker given the same import does nothing."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.select_related("confirmed_by").get(pk=batch_id)
    by = batch.confirmed_by
    assert by is not None  # confirming sets it
    # Checking is half the work and saving the other half.
    progress = _Progress(batch.pk, total=batch.rows_total * 2)
    try:
        with transaction.atomic(), importing(batch_id=batch.pk, user=by) as current:
            checked = import_check(
                kind=batch.kind,
                file_name=batch.file_name,
                data=bytes(batch.file_data),
                by=by,
                decisions=batch.decisions,
                on_row=progress.tick,
            )
            # Someone new on the register may look like a row now, after the preview.
            checked.problems.extend(
                Problem(planned.row, "Name", "looks like someone on the register: say who it is")
                for planned in checked.plans
                if planned.lookalikes
            )
            if checked.problems:
                raise ImportChanged(checked.problems)
            progress.total = checked.rows_total + len(checked.plans)
            checked.importer.save_all(
                checked.plans,
                current=current,
                on_saved=lambda done: progress.tick(checked.rows_total + done),
            )
            progress.tick(progress.total, now=True)
            rows = [
                ImportRow(
                    batch=batch,
                    row_number=planned.row,
                    action=planned.action,
                    object_id=planned.object_id,
                    reference=planned.reference[:100],
                )
                for planned in checked.plans
            ]
            references = [
                ImportReference(
                    kind=batch.kind, reference=planned.reference[:100], object_id=planned.object_id
                )
                for planned in checked.plans
                if planned.reference and planned.object_id
            ]
            ImportRow.objects.bulk_create(rows, batch_size=1000)
            ImportReference.objects.bulk_create(
                references,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["kind", "reference"],
                update_fields=["object_id"],
            )
            progress.close()
            preview = checked.preview()
            preview["rows"] = []  # the records are in ImportRow now
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.DONE,
                finished_at=timezone.now(),
                rows_done=progress.total,
                rows_total=progress.total,
                preview=preview,
                problems=[],
                file_data=b"",
            )
            _tell(batch, done=True)
    except ImportChanged as changed:
        progress.close()
        problems = changed.args[0]
        _fail(
            batch,
            "The file no longer fits what is in Coprod: something changed after it was "
            "checked. Nothing was saved. Upload it again to see what to fix.",
            problems=[problem.as_dict() for problem in problems],
        )
    except Exception:
        progress.close()
        logger.exception("import %s failed", batch.pk)
        _fail(batch, "Something went wrong while saving. Nothing was saved. Try again later.")
        raise
    batch.refresh_from_db()
    return batch


def _fail(batch: ImportBatch, failure: str, problems: list[dict] | None = None) -> None:
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED,
            finished_at=timezone.now(),
            failure=failure,
            problems=problems or [],
            file_data=b"",
            rows_done=0,
        )
        _tell(batch, done=False)


def import_mark_stale() -> int:
    """Imports whose worker stopped reporting (it was killed, or the broker lost
    the job) failed: their transaction never committed, so nothing was saved."""
    stale = list(ImportBatch.objects.stale().only("pk"))
    for batch in stale:
        claimed = (
            ImportBatch.objects.stale()
            .filter(pk=batch.pk)
            .update(
                status=ImportBatch.Status.FAILED,
                finished_at=timezone.now(),
                failure="The import stopped before it finished. Nothing was saved. Try again.",
                file_data=b"",
                rows_done=0,
            )
        )
        if claimed:
            _tell(batch, done=False)
    return len(stale)


def _tell(batch: ImportBatch, *, done: bool) -> None:
    """Email the admin who confirmed the import how it ended."""
    if batch.confirmed_by is None or not batch.confirmed_by.email:
        return
    batch.refresh_from_db()
    link = settings.SITE_URL.rstrip("/") + reverse("imports:import_detail", args=[batch.pk])
    email_queue(
        key=f"import-{batch.pk}-{'done' if done else 'failed'}",
        to=batch.confirmed_by.email,
        subject=f"Your import of {batch.file_name} is {'done' if done else 'not done'}",
        body=render_to_string("imports/email/finished.txt", {"batch": batch, "link": link}),
    )

"""Personal data in imports (see `core/privacy.py`): who uploaded and confirmed
each one. The rows it brought in are each app's own records, with their own
holdings; the uploaded file and the check's working copy are deleted once the
import has finished."""

from __future__ import annotations

from core.privacy import ID, Holding, register

WORKING_COPY = "the file's rows while it is checked and saved; deleted once the import ends"

register(
    Holding(
        "imports.ImportBatch",
        "Records you imported",
        actor=("uploaded_by", "confirmed_by"),
        actor_shown=("kind", "file_name", "uploaded_at", "confirmed_at", "status", "rows_total"),
        labels={"rows_total": "rows"},
        hidden={
            "id": ID,
            "file_data": WORKING_COPY,
            "preview": WORKING_COPY,
            "problems": WORKING_COPY,
            "decisions": "which people in the file were the same as someone on the register",
            "extra_columns": "the file's columns that were left out",
            "failure": "why an import failed, if it did",
        },
        other=(
            "kind",
            "status",
            "file_name",
            "uploaded_at",
            "confirmed_at",
            "rows_total",
            "rows_done",
            "heartbeat_at",
            "finished_at",
        ),
    ),
)

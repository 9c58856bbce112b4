import pytest

from imports.models import ImportBatch
from imports.services import import_confirm, import_upload


@pytest.fixture
def run_import(admin, django_capture_on_commit_callbacks):
    """Upload, check and confirm a file as the admin; the worker runs in-process."""

    def run(kind: str, name: str, data: bytes, decisions: dict | None = None) -> ImportBatch:
        batch = import_upload(kind=kind, file_name=name, data=data, by=admin)
        assert batch.status == ImportBatch.Status.READY, batch.problems
        with django_capture_on_commit_callbacks(execute=True):
            import_confirm(batch=batch, by=admin, decisions=decisions or {})
        batch.refresh_from_db()
        return batch

    return run


def problems(batch: ImportBatch) -> list[str]:
    return [
        f"Row {p['row']}, {p['column']}: {p['message']}" if p["row"] else p["message"]
        for p in batch.problems
    ]

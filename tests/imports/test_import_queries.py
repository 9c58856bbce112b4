"""An import's queries do not grow with its rows: ten thousand activities are
checked and saved in the same few queries as ten (the time is in the benchmark)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.models import ImportBatch, ImportReference, ImportRow
from imports.services import import_apply, import_upload
from ladder.models import Classification
from projects.models import Activity
from tests.factories import ProjectFactory
from tests.imports.files import csv_bytes
from tests.imports.test_import_records import ACTIVITY_HEADER


def activities_file(rows: int, *, prefix: str) -> bytes:
    """New activities, some with what changed, a rung the evidence suggests or a
    rung chosen with a reason, like the benchmark's file."""
    return csv_bytes(
        [
            ACTIVITY_HEADER,
            *(
                [
                    f"{prefix}-{number}",
                    "PRJ-1",
                    f"{number % 28 + 1}/4/2024",
                    "Workshop",
                    f"{prefix} workshop {number}",
                    "1.5",
                    "Menus changed." if number % 3 == 0 else "",
                    "Co-production" if number % 4 == 0 else "",
                    "Co-production" if number % 4 == 0 else "",
                    "They ran it with us." if number % 4 == 0 else "",
                    "Yes" if number % 2 else "",
                    "Yes" if number % 2 else "",
                ]
                for number in range(rows)
            ),
        ]
    )


def import_counting_queries(admin, data: bytes) -> tuple[ImportBatch, int, int]:
    """The import checked as uploaded, then checked again and saved as the worker
    does: the queries of each."""
    with CaptureQueriesContext(connection) as checking:
        batch = import_upload(kind="activities", file_name="a.csv", data=data, by=admin)
    assert batch.status == ImportBatch.Status.READY, batch.problems
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", confirmed_by=admin)
    with CaptureQueriesContext(connection) as saving:
        done = import_apply(batch_id=batch.pk)
    assert done is not None
    assert done.status == ImportBatch.Status.DONE, done.failure
    return done, len(checking), len(saving)


def test_an_import_takes_as_many_queries_for_fifty_rows_as_for_ten(admin):
    project = ProjectFactory()
    ImportReference.objects.create(kind="projects", reference="PRJ-1", object_id=project.pk)

    # Checking: the references, projects, activities and classifications the rows
    # name, read once each, and the import saved. Saving: the check again, then
    # per batch of rows one insert each of activities, their history,
    # classifications and theirs; then the import's rows and references.
    _, ten_checking, ten_saving = import_counting_queries(admin, activities_file(10, prefix="TEN"))
    fifty, fifty_checking, fifty_saving = import_counting_queries(
        admin, activities_file(50, prefix="FIFTY")
    )
    assert (fifty_checking, fifty_saving) == (ten_checking, ten_saving)
    assert fifty.preview["created"] == 50
    assert Activity.objects.count() == 60
    assert ImportRow.objects.filter(batch=fifty, object_id__isnull=False).count() == 50

    # Importing the same files again finds every row unchanged, in as few queries.
    _, again_ten_checking, again_ten_saving = import_counting_queries(
        admin, activities_file(10, prefix="TEN")
    )
    again, again_fifty_checking, again_fifty_saving = import_counting_queries(
        admin, activities_file(50, prefix="FIFTY")
    )
    assert (again_fifty_checking, again_fifty_saving) == (again_ten_checking, again_ten_saving)
    assert (again.preview["created"], again.preview["skipped"]) == (0, 50)
    assert Activity.objects.count() == 60


def test_activities_saved_in_batches_keep_their_audit_trail(admin):
    project = ProjectFactory()
    ImportReference.objects.create(kind="projects", reference="PRJ-1", object_id=project.pk)

    batch, _, _ = import_counting_queries(admin, activities_file(4, prefix="ACT"))

    # Row 2 of the file is the first activity: called co-production and chosen
    # as such, with a reason, though nobody answered the evidence questions.
    first = Activity.objects.get(title="ACT workshop 0")
    assert (first.rung, first.rung_status, first.faux_production, first.created_by) == (
        7,
        "proposed",
        False,
        admin,
    )
    record = first.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        admin,
        f"Import {batch.pk}, row 2",
    )
    assert (record.rung, record.rung_status, record.project_id) == (7, "proposed", project.pk)
    classification = Classification.objects.get(activity=first)
    assert (classification.by, classification.chosen_rung, classification.reason) == (
        admin,
        7,
        "They ran it with us.",
    )
    assert (
        classification.history.get().history_user,
        classification.history.get().history_change_reason,
    ) == (admin, f"Import {batch.pk}, row 2")
    # Row 3: the evidence suggests a rung and no rung was given: it takes that one.
    second = Activity.objects.get(title="ACT workshop 1")
    assert (second.rung, second.history.get().history_change_reason) == (
        4,
        f"Import {batch.pk}, row 3",
    )
    # Row 4: no rung and no evidence: not classified.
    third = Activity.objects.get(title="ACT workshop 2")
    assert (third.rung, third.rung_status) == (None, "unclassified")
    assert not Classification.objects.filter(activity=third).exists()
    assert dict(
        ImportReference.objects.filter(kind="activities").values_list("reference", "object_id")
    ) == {
        f"ACT-{number}": Activity.objects.get(title=f"ACT workshop {number}").pk
        for number in range(4)
    }

"""The import pages: upload and check, preview with decisions, confirm, outcome."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.kinds import IMPORTERS
from imports.models import ImportBatch, Kind
from imports.reading import read_table
from projects.models import Person
from tests.factories import PersonFactory
from tests.imports.files import csv_bytes

HEADER = ["Name", "Experience", "Email", "Agrees to us keeping their details"]


def upload(client, rows, name="people.csv"):
    return client.post(
        reverse("imports:import_upload", args=["people"]),
        {"file": SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")},
        follow=True,
    )


def test_it_shows_every_problem_and_offers_to_upload_the_fixed_file(admin_client):
    page = upload(
        admin_client, [HEADER, ["", "Patient", "", "Yes"], ["<b>Bo</b>", "Carer", "x", "no"]]
    )
    html = page.content.decode()
    assert "There are problems with the file" in html
    assert "We found 4 problems. Nothing was saved." in html
    assert "Row 2, Experience: Patient is not one of the choices" in html
    assert "Row 3, Email: enter an email address in the right format" in html
    assert 'action="/imports/people/new/"' in html
    assert 'id="id_file"' in html
    assert "<b>Bo</b>" not in html
    assert not Person.objects.exists()


def test_it_refuses_a_missing_or_wrong_kind_of_file_by_the_field(admin_client):
    page = admin_client.post(reverse("imports:import_upload", args=["people"]), {})
    assert "Choose a file to upload" in page.content.decode()
    page = admin_client.post(
        reverse("imports:import_upload", args=["people"]),
        {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")},
    )
    assert "The file must be a CSV file or an Excel workbook (.xlsx)" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_it_previews_asks_about_lookalikes_and_imports_on_confirm(
    admin_client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    rita = PersonFactory(display_name="Rita", email="rita@example.org")
    page = upload(
        admin_client,
        [HEADER, ["Rita B", "Carer", "RITA@example.org", "Yes"], ["Sam", "Carer", "", "Yes"]],
    )
    html = page.content.decode()
    assert "New records" in html
    assert "People who may already be on the register" in html
    assert "The same person as Rita on the register" in html
    batch = ImportBatch.objects.get()
    confirm = reverse("imports:import_confirm", args=[batch.pk])
    refused = admin_client.post(confirm, {})
    assert "Choose who row 2 is" in refused.content.decode()
    assert ImportBatch.objects.get().status == "ready"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = admin_client.post(confirm, {"row_2": str(rita.pk)})
    done = admin_client.get(confirmed.url)
    assert "The import is done: 1 added, 1 changed and 0 with no change." in done.content.decode()
    rita.refresh_from_db()
    assert rita.display_name == "Rita B"
    assert [m.subject for m in mailoutbox] == ["Your import of people.csv is done"]
    again = admin_client.post(confirm, {"row_2": str(rita.pk)}, follow=True)
    assert "This import is already confirmed" in again.content.decode()


def test_a_running_import_shows_its_progress_and_htmx_polls_it(admin_client, admin):
    batch = ImportBatch.objects.create(
        kind="people",
        status="running",
        file_name="big.csv",
        uploaded_by=admin,
        confirmed_by=admin,
        rows_total=200,
        rows_done=50,
        heartbeat_at=__import__("django.utils.timezone").utils.timezone.now(),
    )
    url = reverse("imports:import_detail", args=[batch.pk])
    page = admin_client.get(url).content.decode()
    assert 'id="import-progress-bar" class="nhsuk-u-width-full" max="100" value="25"' in page
    assert f'hx-get="{url}?shown=running"' in page
    assert "Check again" in page
    partial = admin_client.get(url + "?shown=running", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in partial.headers
    assert "<html" not in partial.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="done", preview={"created": 1, "updated": 0, "skipped": 0}
    )
    moved_on = admin_client.get(url + "?shown=running", headers={"HX-Request": "true"})
    assert moved_on.headers["HX-Refresh"] == "true"


def test_a_stale_import_is_marked_failed_when_looked_at(admin_client, admin):
    import datetime

    from django.utils import timezone

    batch = ImportBatch.objects.create(
        kind="people",
        status="running",
        file_name="big.csv",
        uploaded_by=admin,
        confirmed_by=admin,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    page = admin_client.get(reverse("imports:import_detail", args=[batch.pk])).content.decode()
    assert "The import stopped before it finished. Nothing was saved. Try again." in page


@pytest.mark.parametrize("kind", Kind.values)
def test_each_template_downloads_with_its_headings_and_a_guide(admin_client, kind):
    xlsx = admin_client.get(reverse("imports:template_download", args=[kind, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Import", "Guide"]
    importer = IMPORTERS[kind]
    table = read_table(
        "t.xlsx", xlsx.content, known=importer.known_headings(), required=importer.required()
    )
    assert table.columns == [column.name for column in importer.columns]
    assert table.extra_columns == []
    assert len(table.rows) == 2
    csv = admin_client.get(reverse("imports:template_download", args=[kind, "csv"]))
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert (
        read_table(
            "t.csv", csv.content, known=importer.known_headings(), required=importer.required()
        ).columns
        == table.columns
    )
    guide = admin_client.get(reverse("imports:template_guide", args=[kind])).content.decode()
    for column in importer.columns:
        assert column.name.replace("'", "&#x27;") in guide


def test_the_list_reads_in_constant_queries(admin_client, admin, django_assert_num_queries):
    for number in range(3):
        ImportBatch.objects.create(
            kind="people", status="done", file_name=f"{number}.csv", uploaded_by=admin
        )
    # Session and user; stale imports; the imports with their uploaders.
    with django_assert_num_queries(4):
        admin_client.get(reverse("imports:import_list"))
    for number in range(5):
        ImportBatch.objects.create(
            kind="people", status="done", file_name=f"more{number}.csv", uploaded_by=admin
        )
    with django_assert_num_queries(4):
        admin_client.get(reverse("imports:import_list"))

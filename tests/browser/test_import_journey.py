"""An admin imports a register by keyboard: a file with problems, then the fixed
file, a look-alike to decide, the preview and the outcome. axe-core on every page
and every error state."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from imports.models import ImportBatch
from projects.models import Person
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_projects_journey import press
from tests.factories import PersonFactory
from tests.imports.files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["Reference", "Name", "Experience", "Email", "Agrees to us keeping their details"]


def choose_file(page: Page, path) -> None:
    """Open the file chooser from the keyboard, as a person tabbing to it would."""
    field = page.get_by_label("Upload a file")
    field.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def test_an_admin_imports_a_register_fixing_its_problems_by_keyboard(
    page: Page, live_server, world, tmp_path
):
    rita = PersonFactory(display_name="Rita", email="rita@example.org")
    with_problems = tmp_path / "register.csv"
    with_problems.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["R1", "Rita Begum", "Carer", "rita@example.org", "Yes"],
                ["R2", "Sam", "Patient", "sam@", "Yes"],
                ["R3", "Tariq", "Peer worker", "", "31/02/2024"],
            ],
            encoding="cp1252",
        )
    )
    fixed = tmp_path / "register.xlsx"
    fixed.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["R1", "Rita Begum", "Carer", "rita@example.org", "Yes"],
                ["R2", "Sam", "Uses or has used services", "sam@example.org", "Yes"],
                ["R3", "Tariq", "Peer worker", "", "Yes"],
            ],
            title="Our register, as of March",
        )
    )
    sign_in(page, live_server, world["admin"])

    page.goto("/imports/")
    expect(page.get_by_role("heading", name="Import records", level=1)).to_be_visible()
    assert_accessible(page, context="the imports page")
    screenshot(page, "imports-list")
    press(page.get_by_role("link", name="Import people on the register"))

    expect(page.get_by_role("heading", name="Import people on the register")).to_be_visible()
    assert_accessible(page, context="the upload page")
    screenshot(page, "imports-upload")
    press(page.get_by_role("button", name="Upload and check"))
    expect(page.get_by_role("link", name="Choose a file to upload")).to_be_visible()
    assert_accessible(page, context="uploading nothing")

    choose_file(page, with_problems)
    press(page.get_by_role("button", name="Upload and check"))
    expect(page.get_by_role("heading", name="There are problems with the file")).to_be_visible()
    problems = page.get_by_role("table", name="Problems to fix")
    expect(problems).to_contain_text("Row 3, Experience: Patient is not one of the choices")
    expect(problems).to_contain_text("Row 3, Email: enter an email address in the right format")
    expect(problems).to_contain_text(
        "Row 4, Agrees to us keeping their details: 31/02/2024 is not yes or no"
    )
    assert_accessible(page, context="a file with problems")
    screenshot(page, "imports-problems")
    assert (
        not Person.objects.exclude(pk=rita.pk)
        .exclude(user__isnull=False)
        .filter(display_name__in=["Sam", "Tariq"])
        .exists()
    )

    press(page.get_by_role("link", name="Upload the fixed file"))
    choose_file(page, fixed)
    press(page.get_by_role("button", name="Upload and check"))
    expect(page.get_by_role("heading", name="What importing it will do")).to_be_visible()
    expect(
        page.get_by_text("These rows look like someone already on the register.")
    ).to_be_visible()
    assert_accessible(page, context="the preview")
    screenshot(page, "imports-preview")
    press(page.get_by_role("button", name="Confirm and import"))
    expect(page.get_by_role("link", name="Choose who row 4 is")).to_be_visible()
    assert_accessible(page, context="confirming without deciding")
    press(page.get_by_role("link", name="Choose who row 4 is"))
    page.keyboard.press("Space")  # the first choice: the same person as Rita
    expect(page.get_by_label("The same person as Rita on the register")).to_be_checked()
    press(page.get_by_role("button", name="Confirm and import"))

    expect(
        page.get_by_text("The import is done: 2 added, 1 changed and 0 with no change.")
    ).to_be_visible()
    assert_accessible(page, context="a finished import")
    screenshot(page, "imports-done")
    rita.refresh_from_db()
    assert rita.display_name == "Rita Begum"
    assert set(
        Person.objects.filter(display_name__in=["Sam", "Tariq"]).values_list(
            "display_name", flat=True
        )
    ) == {"Sam", "Tariq"}


def test_the_progress_of_a_running_import_is_accessible(page: Page, live_server, world):
    batch = ImportBatch.objects.create(
        kind="activities",
        status="running",
        file_name="activities-2019-2024.xlsx",
        uploaded_by=world["admin"],
        confirmed_by=world["admin"],
        confirmed_at=timezone.now(),
        rows_total=20_000,
        rows_done=7_000,
        heartbeat_at=timezone.now(),
    )
    sign_in(page, live_server, world["admin"])
    page.goto(f"/imports/{batch.pk}/")
    expect(page.get_by_text("35% done")).to_be_visible()
    assert_accessible(page, context="an import in progress")
    screenshot(page, "imports-progress")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="failed",
        failure="The import stopped before it finished. Nothing was saved. Try again.",
    )
    # htmx polls every 2 seconds and reloads the page when the import moves on.
    expect(page.get_by_text("The import stopped before it finished.")).to_be_visible(timeout=10_000)
    assert_accessible(page, context="a failed import")

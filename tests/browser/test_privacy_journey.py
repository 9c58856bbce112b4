"""An admin answers a subject access request and then an erasure request, by
keyboard, with axe-core on every page and form state; a governance lead reads
who looked at the record."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from projects.models import Erasure
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_projects_journey import press, tick, type_into
from tests.projects.privacy_data import SECRETS, populated_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_copies_and_erases_a_person_by_keyboard(page: Page, live_server, world):
    person = populated_person(world)
    sign_in(page, live_server, world["admin"])

    page.goto(f"/projects/people/{person.pk}/")
    press(page.get_by_role("link", name="Make a copy of everything we hold about them"))
    expect(
        page.get_by_role("heading", name="Copy of the information we hold", level=1)
    ).to_be_visible()
    expect(page.get_by_text(SECRETS["access_needs"]).first).to_be_visible()
    assert_accessible(page, context="subject access copy")
    screenshot(page, "privacy-copy")
    with page.expect_download() as download:
        press(page.get_by_role("link", name="Download the copy (zip file)"))
    assert download.value.suggested_filename.startswith(f"subject-access-person-{person.pk}-")

    page.goto(f"/projects/people/{person.pk}/erase/")
    assert_accessible(page, context="erasure page")
    screenshot(page, "privacy-erase")
    press(page.get_by_role("button", name="Erase their details for good"))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, context="erasure page with errors")
    screenshot(page, "privacy-erase-errors")
    tick(page.get_by_label("They asked us to erase their details"))
    type_into(page.get_by_label("Case reference (optional)"), "DSR-2026-014")
    type_into(
        page.get_by_label("To confirm, type their name as it is shown on this page"),
        SECRETS["name"],
    )
    press(page.get_by_role("button", name="Erase their details for good"))

    expect(page.get_by_text("Their details are erased. Totals are unchanged.")).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name=f"Who viewed or changed Erased person {person.pk}'s record"
        )
    ).to_be_visible()
    assert Erasure.objects.get(person=person).reference == "DSR-2026-014"
    assert_accessible(page, context="record audit after erasure")
    screenshot(page, "privacy-audit")


def test_a_governance_lead_reads_who_looked_at_a_record(page: Page, live_server, world):
    person = populated_person(world)
    sign_in(page, live_server, world["governance"])
    page.goto(f"/projects/people/{person.pk}/")
    press(page.get_by_role("link", name="See who viewed or changed their record"))
    expect(page.get_by_role("cell", name="Gus Governance (governance lead)").first).to_be_visible()
    expect(page.get_by_text("Person changed: phone").first).to_be_visible()
    expect(page.get_by_role("link", name="Erase their details")).to_have_count(0)
    assert_accessible(page, context="record audit")

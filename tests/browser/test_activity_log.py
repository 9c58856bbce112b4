"""Logging an activity in a real browser, with axe-core on every state of the form."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from projects.models import Activity
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PersonFactory


def test_a_lead_logs_an_activity_and_an_expert_sees_it_in_their_record(
    page, live_server, world, csp_violations
):
    PersonFactory(display_name="Ravi", created_by=world["staff"])
    sign_in(page, live_server, world["staff"])
    page.goto(f"/projects/{world['project'].pk}/activities/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log an activity")
    assert_accessible(page, context="empty log form")
    screenshot(page, "activity-log-empty")

    # Nothing typed: one summary for the whole page, each message linked to its box.
    page.get_by_role("button", name="Save activity").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Log an activity"))
    summary.get_by_role("link", name="Enter a title").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    assert_accessible(page, context="log form with errors")
    screenshot(page, "activity-log-errors")

    # A fresh form for the rest: axe leaves empty style attributes behind, and
    # htmx's attribute settling would copy them, which the CSP (rightly) reports.
    page.goto(f"/projects/{world['project'].pk}/activities/new/")
    page.get_by_role("group", name="Date", exact=True).get_by_label("Day").fill("12")
    page.get_by_role("group", name="Date", exact=True).get_by_label("Month").fill("3")
    page.get_by_role("group", name="Date", exact=True).get_by_label("Year").fill("2026")
    page.get_by_label("Kind of activity").select_option("workshop")
    page.get_by_label("Title", exact=True).fill("Menu tasting")
    page.get_by_label("Hours", exact=True).fill("2")

    # Find someone on the register: htmx redraws only the participants.
    page.get_by_label("Find someone on the register").fill("rav")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Found 1 person: Ravi")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Menu tasting")
    person_1 = page.locator("#participant-1")
    person_1.get_by_label("Someone on the register").select_option(label="Ravi")
    person_1.get_by_label("Hours, including preparation").fill("2.5")
    person_1.get_by_label("Expenses, in pounds (optional)").fill("4.20")
    person_2 = page.locator("#participant-2")
    person_2.get_by_label("Name to show").fill("Jo")
    person_2.get_by_label("Their kind of experience").select_option("carer")
    person_2.get_by_label("Hours, including preparation").fill("2")
    person_2.get_by_label("Gave it to a charity").check()
    person_2.get_by_label("Charity, if they gave it away").fill("Mind")
    page.get_by_role("button", name="Add another person").click()
    expect(page.locator("#participant-4")).to_be_visible()
    expect(person_2.get_by_label("Name to show")).to_have_value("Jo")

    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Menu tasting")
    expect(page.get_by_role("cell", name="£50.00").first).to_be_visible()
    assert_accessible(page, context="activity page")
    screenshot(page, "activity-detail")
    assert Activity.objects.get(title="Menu tasting").involvements.count() == 2

    sign_in(page, live_server, world["expert"])
    page.goto("/projects/my-involvement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your involvement")
    expect(page.get_by_text("Night-time routine workshop")).to_be_visible()
    assert_accessible(page, context="my involvement")
    screenshot(page, "my-involvement")
    assert csp_violations == []

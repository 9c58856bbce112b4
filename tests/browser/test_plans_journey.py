"""The growth-plan journey: an admin builds a growth plan in the product's
own forms and reads it back, with axe-core on every page."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.models import Metric, Plan, Reading
from tests.browser.conftest import assert_accessible, screenshot, sign_in

LAST_MONTH = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def save(page: Page, button: str, context: str) -> None:
    page.get_by_role("button", name=button).click()
    summary = page.locator(".nhsuk-error-summary")
    assert not summary.count(), summary.inner_text()
    expect(heading(page)).to_have_text("Willow ward")
    assert_accessible(page, context=context)


def type_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_an_admin_builds_a_plan_and_enters_its_first_value(page, live_server, world):
    sign_in(page, live_server, world["admin"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Growth plans").click()
    expect(heading(page)).to_have_text("Growth plans")
    assert_accessible(page, context="plan list")

    # The plan.
    page.get_by_role("link", name="Start a growth plan").click()
    expect(heading(page)).to_have_text("Start a growth plan")
    assert_accessible(page, context="empty plan form")
    page.get_by_label("Service", exact=True).select_option(label="Willow ward")
    page.get_by_label("Executive sponsor", exact=True).fill("Dr Amara Okafor, Chief Nurse")
    page.get_by_label("Active").check()
    save(page, "Save plan", "new plan")
    plan = Plan.objects.get()
    assert plan.service == world["service"]

    # Two standards.
    for statement, principle in [
        ("People who use the ward help choose what we work on.", "Power"),
        ("We ask what went well and what did not after every activity.", "Reflection"),
    ]:
        page.get_by_role("link", name="Add a standard").click()
        assert_accessible(page, context="standard form")
        page.get_by_label("What good co-production looks like here").fill(statement)
        page.get_by_label(principle, exact=True).check()
        save(page, "Save standard", "plan with a standard")
    expect(page.get_by_text("Principle: Reflection")).to_be_visible()

    # Two priorities, one delivered by the ward's project.
    page.get_by_role("link", name="Add a priority").click()
    assert_accessible(page, context="priority form")
    page.get_by_label("Priority", exact=True).fill("Nights people choose")
    page.get_by_label("Co-design", exact=True).check()
    page.get_by_label("Better nights on Willow").check()
    save(page, "Save priority", "plan with a priority")
    page.get_by_role("link", name="Add a priority").click()
    page.get_by_label("Priority", exact=True).fill("Peer workers on every interview panel")
    page.get_by_label("Co-production", exact=True).check()
    type_date(page, "Due date (optional)", "31", "3", "2027")
    save(page, "Save priority", "plan with two priorities")
    world["project"].refresh_from_db()
    assert world["project"].priority.title == "Nights people choose"

    # Three metrics: two worked out, one entered by hand.
    for name, unit, target, computation in [
        ("Co-designed activities", "Number", "4", "Activities at co-design or above"),
        ("Doing with", "Percentage", "60", "Share of classified activities in “doing with”"),
        ("Compliments from families", "Number", "10", None),
    ]:
        page.get_by_role("link", name="Add a metric").click()
        assert_accessible(page, context="metric form")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("What it counts, in plain words").fill(f"{name}, each month.")
        page.get_by_label("Unit").select_option(label=unit)
        page.get_by_label("Target").fill(target)
        page.get_by_label("Higher is better").check()
        if computation:
            page.get_by_label("Worked out from what is logged").check()
            page.get_by_label(computation).check()
        else:
            page.get_by_label("Entered by hand").check()
        save(page, "Save metric", "plan with a metric")
    assert Metric.objects.filter(source="computed").count() == 2

    # A bad value first, then a good one.
    page.get_by_role("link", name="Enter a value for Compliments from families").click()
    expect(heading(page)).to_have_text("Enter a value for Compliments from families")
    assert_accessible(page, context="reading form")
    page.get_by_label("Value (number)").fill("lots")
    page.get_by_role("button", name="Save value").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the value as a number, like 12 or 12.5")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, context="reading form with an error")
    screenshot(page, "plans-reading-error")
    assert not Reading.objects.exists()
    page.get_by_label("Value (number)").fill("12")
    save(page, "Save value", "plan page")
    assert Reading.objects.get().value == 12

    # The plan page: standards, priorities with their project, metrics against target.
    expect(page.get_by_text("Better nights on Willow")).to_be_visible()
    expect(page.locator("#maincontent")).to_contain_text(
        f"Latest value 12 in {LAST_MONTH:%B %Y}: meets target"
    )
    expect(page.get_by_role("img", name=re.compile("Latest value 12"))).to_be_visible()
    page.get_by_text("Values for the last 12 months", exact=False).first.click()
    assert_accessible(page, context="plan page with values open")
    screenshot(page, "plans-plan-page")

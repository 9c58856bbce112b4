"""Peer-review reports in the browser: an admin asks for one now (an error
first), watches its progress update without a reload, reads it, and finds it
in the plan's list; axe-core on every page and state."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.models import Report
from dashboard.reports import services
from projects.models import Plan
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.dashboard.data import build
from tests.dashboard.data import services as dataset

pytestmark = pytest.mark.django_db(transaction=True)


def type_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_an_admin_builds_a_report_now_and_reads_it(page: Page, live_server, admin, monkeypatch):
    data = build(dataset())
    plan = Plan.objects.get(service=data.willow)
    # As if Redis were down: the request is recorded and nothing builds it yet,
    # so the queued state can be seen; the build then runs below, in-process.
    monkeypatch.setattr(services, "_queue_build", lambda report: None)
    sign_in(page, live_server, admin)

    page.goto(f"/projects/plans/{plan.pk}/")
    page.get_by_role("link", name="Peer-review reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer-review reports")
    assert_accessible(page, context="empty report list")
    page.get_by_role("link", name="Build a report now").click()
    assert_accessible(page, context="on-demand form")

    type_date(page, "First day of the period", "1", "10", "2025")
    type_date(page, "Last day of the period", "30", "9", "2025")
    page.get_by_role("button", name="Build the report").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("must be the same as or after the first day")
    assert_accessible(page, context="on-demand form with an error")
    screenshot(page, "report-request-error")

    type_date(page, "First day of the period", "1", "7", "2025")
    page.get_by_role("button", name="Build the report").click()
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text("waiting to be built")
    assert_accessible(page, context="report waiting")
    screenshot(page, "report-progress-waiting")

    report = Report.objects.get()
    assert services.report_build(report_id=report.pk) is services.Outcome.BUILT
    # htmx polls every 2 seconds and swaps in the new state: no reload.
    page.evaluate("window.notReloaded = true")
    expect(progress).to_contain_text("The report is ready", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page, context="report ready")
    screenshot(page, "report-progress-ready")

    page.get_by_role("link", name="Read the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Willow ward: 1 July 2025 to 30 September 2025"
    )
    expect(page.get_by_role("heading", name="Headlines")).to_be_visible()
    expect(page.get_by_role("link", name="Download the report (PDF)")).to_be_visible()
    assert_accessible(page, context="report page")
    screenshot(page, "report-page")

    page.get_by_role("link", name="All peer-review reports for this plan").click()
    expect(page.get_by_role("cell", name="Ready")).to_be_visible()
    assert_accessible(page, context="report list")


def test_a_failed_build_shows_its_reason_to_an_admin_who_retries_it(
    page: Page, live_server, admin, monkeypatch
):
    plan = build(dataset()).willow.plans.get()
    report = Report.objects.create(
        plan=plan,
        period_start="2025-07-01",
        period_end="2025-09-30",
        trigger="request",
        status="failed",
        error="The build stopped while trying to make the PDF (OSError).",
    )
    monkeypatch.setattr(services, "_queue_build", lambda report: None)
    sign_in(page, live_server, admin)
    page.goto(f"/dashboard/reports/{report.pk}/")
    expect(page.locator("#report-progress")).to_contain_text("(OSError)")
    assert_accessible(page, context="failed report")
    page.get_by_role("button", name="Build the report again").click()
    expect(page.locator("#report-progress")).to_contain_text("waiting to be built")
    screenshot(page, "report-retried")

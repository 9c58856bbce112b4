from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.dashboard.data import QUARTER, build, services

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_governance_lead_reads_one_service_for_one_quarter(page, live_server, governance):
    data = build(services())
    # Counted independently: Willow's activities dated in the quarter.
    willow_activities = sum(
        1
        for project in data.willow.projects.all()
        for activity in project.activities.all()
        if QUARTER[0] <= activity.date < QUARTER[1]
    )
    sign_in(page, live_server, governance)
    page.goto("/dashboard/")
    page.get_by_text("Change the period or services").click()
    page.get_by_label("Period", exact=True).select_option("2025-q3")
    page.get_by_label("Service", exact=True).select_option(label="Willow ward")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production dashboard")
    expect(page.locator('[data-headline="activities"] [data-value]')).to_have_text(
        str(willow_activities)
    )
    expect(page.locator('[data-headline="people"] [data-value]')).to_have_text("3")
    expect(page.locator('[data-headline="payments"] [data-value]')).to_have_text("£105.50")
    expect(page.get_by_text("July to September 2025: 1 July 2025")).to_be_visible()
    assert "period=2025-q3" in page.url
    assert_accessible(page, context="filtered dashboard")
    screenshot(page, "dashboard-willow-q3-2025")

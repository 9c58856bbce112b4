from __future__ import annotations

import datetime
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect

from projects.models import EqualityMonitoring, Involvement
from tests.browser.conftest import ARTIFACTS, assert_accessible, screenshot, sign_in
from tests.dashboard.data import QUARTER, build, services
from tests.factories import MetricFactory, ReadingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def willow_in_quarter(data) -> dict:
    """Willow ward's figures for July to September 2025, counted here from the rows,
    not through the dashboard's read model."""
    activities = [
        activity
        for project in data.willow.projects.all()
        for activity in project.activities.all()
        if QUARTER[0] <= activity.date < QUARTER[1]
    ]
    involvements = [
        i for i in Involvement.objects.filter(person__isnull=False) if i.activity in activities
    ]
    people = {i.person_id for i in involvements}
    paid = [
        i
        for i in Involvement.objects.filter(person__isnull=False)
        if i.activity.project.services.filter(pk=data.willow.pk).exists()
        and i.paid_on
        and QUARTER[0] <= i.paid_on < QUARTER[1]
    ]
    pence = sum(i.fee_paid_pence + i.expenses_pence for i in paid)
    answers = list(EqualityMonitoring.objects.filter(person__in=people))
    female = sum(a.sex == "female" for a in answers)
    answered_sex = sum(a.sex != "prefer_not_to_say" for a in answers)
    return {
        "activities": len(activities),
        "people": len(people),
        "payments": f"£{Decimal(pence) / 100:,.2f}",
        "shared": len(answers),
        "female_share": (Decimal(100) * female / answered_sex).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        ),
    }


def test_a_governance_lead_reads_one_service_for_one_quarter(page, live_server, governance):
    data = build(services(), copies=3)
    expected = willow_in_quarter(data)
    assert (expected["activities"], expected["people"], expected["shared"]) == (12, 9, 9)
    sign_in(page, live_server, governance)
    page.goto("/dashboard/")
    page.get_by_text("Change the period or services").click()
    page.get_by_label("Period", exact=True).select_option("2025-q3")
    page.get_by_label("Service", exact=True).select_option(label="Willow ward")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production dashboard")
    expect(page.locator('[data-headline="activities"] [data-value]')).to_have_text(
        str(expected["activities"])
    )
    expect(page.locator('[data-headline="people"] [data-value]')).to_have_text(
        str(expected["people"])
    )
    expect(page.locator('[data-headline="payments"] [data-value]')).to_have_text(
        expected["payments"]
    )
    expect(page.get_by_text("July to September 2025: 1 July 2025")).to_be_visible()
    assert "period=2025-q3" in page.url
    # Equality monitoring against Willow's population profile.
    expect(page.locator('[data-population="shared"]')).to_contain_text(
        f"{expected['shared']} of the {expected['people']} people involved shared"
    )
    sex = page.locator("section", has=page.locator("#population_sex-title"))
    sex.get_by_text("Show the data for").click()
    female = sex.get_by_role("row", name="Female")
    expect(female).to_contain_text(f"{expected['female_share']}")
    expect(female).to_contain_text("60.0")  # Willow's profile
    assert_accessible(page, context="filtered dashboard, with the equality data shown")
    screenshot(page, "dashboard-willow-q3-2025")


def test_the_dashboard_prints_on_a4(page, live_server, governance):
    """The print stylesheet, with the new equality charts, through Chromium's own
    print to PDF; the pages are written to test-artifacts to look at."""
    build(services(), copies=3)
    sign_in(page, live_server, governance)
    page.goto("/dashboard/?period=2025-q3")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "dashboard-print.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "A4" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Equality monitoring against the population served" in text
    assert "Change the period or services" not in text  # the filter form is not printed
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(ARTIFACTS / "dashboard-print")],
        check=True,
    )


def test_the_plan_page_and_the_profile_form_pass_axe(page, live_server, governance, admin):
    data = build(services(), copies=1)
    plan = data.willow.plans.first()
    metric = MetricFactory(
        plan=plan,
        name="Compliments",
        baseline_from=datetime.date(2024, 1, 1),
        baseline_to=datetime.date(2024, 12, 1),
    )
    for n in range(20):
        month = datetime.date(2024 + n // 12, n % 12 + 1, 1)
        ReadingFactory(metric=metric, period=month, value=4 + n % 3 + (3 if n > 12 else 0))
    sign_in(page, live_server, governance)
    page.goto(f"/dashboard/plans/{plan.pk}/?period=2025-q3")
    expect(page.locator('[data-spc="baseline"]')).to_contain_text(
        "Limits fixed from Jan 2024 to Dec 2024"
    )
    assert_accessible(page, context="a plan's SPC charts")
    screenshot(page, "dashboard-plan-spc")

    page.context.clear_cookies()
    sign_in(page, live_server, admin)
    page.goto(f"/projects/services/{data.community.pk}/population/")
    assert_accessible(page, context="population profile form")
    page.get_by_label("Where the figures come from").fill("Census 2021")
    page.get_by_label("Number of people the service serves").fill("800")
    sex = page.get_by_role("group", name="Sex")
    sex.get_by_label("Female", exact=True).fill("55")
    sex.get_by_label("Male", exact=True).fill("40")
    page.get_by_role("button", name="Save population profile").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The percentages for sex add up to 95. Make them add up to 100"
    )
    expect(sex.get_by_label("Female", exact=True)).to_have_value("55")
    assert_accessible(page, context="population profile form with errors")
    screenshot(page, "population-profile-errors")
    page.get_by_role("link", name="The percentages for sex add up to 95").click()
    expect(sex.get_by_label("Female", exact=True)).to_be_focused()
    sex.get_by_label("Female", exact=True).fill("60")
    page.get_by_role("button", name="Save population profile").click()
    expect(page.get_by_text("Population profile for Community team saved")).to_be_visible()


def test_the_empty_dashboard_and_its_error_state_pass_axe(page, live_server, governance):
    # No records at all: every panel says so; then a period of chosen dates with no
    # dates, which shows the error summary over the default figures.
    sign_in(page, live_server, governance)
    page.goto("/dashboard/")
    expect(
        page.get_by_text("These figures include every change recorded up to now.")
    ).to_be_visible()
    assert_accessible(page, context="dashboard with no records")
    screenshot(page, "dashboard-empty")
    page.goto("/dashboard/?period=custom")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the first day of the period"
    )
    assert_accessible(page, context="dashboard filters with errors")
    screenshot(page, "dashboard-filter-errors")


def test_the_default_period_is_whole_months_with_the_month_so_far_apart(
    page, live_server, governance
):
    build(services())
    today = datetime.date.today()
    sign_in(page, live_server, governance)
    page.goto("/dashboard/")
    expect(page.locator("[data-period]")).to_contain_text("Last 12 complete months")
    so_far = page.locator("[data-month-so-far]")
    expect(so_far.get_by_role("heading")).to_have_text(f"{today:%B %Y} so far")
    expect(so_far).to_contain_text("This month is not over")
    assert_accessible(page, context="dashboard, default period")
    screenshot(page, "dashboard-month-so-far")

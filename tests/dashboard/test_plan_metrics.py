"""A growth plan's metrics on SPC charts, with each metric's own SPC settings.

The expected limits are worked out here with plain arithmetic, not with
`charts.spc`, so a mistake there cannot hide itself.
"""

from __future__ import annotations

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import read
from projects.models import Metric
from projects.summaries import summaries_catch_up
from tests.factories import (
    ActivityFactory,
    InvolvementFactory,
    MetricFactory,
    PersonFactory,
    PlanFactory,
    ProjectFactory,
    ReadingFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

BASELINE = [7, 6, 8, 5, 7, 6, 8, 5, 7, 6, 8, 5]  # January to December 2024
AFTER = [9, 9, 9, 9, 9, 9, 6, 6, 6, 6, 6, 6]  # January to December 2025


def months(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def expected_limits() -> tuple[float, float, float]:
    """Mean, lower and upper process limits from the baseline year only."""
    mean = sum(BASELINE) / len(BASELINE)  # 78 / 12 = 6.5
    ranges = [abs(b - a) for a, b in itertools.pairwise(BASELINE)]
    mean_range = sum(ranges) / len(ranges)  # 22 / 11 = 2
    return mean, mean - 2.66 * mean_range, mean + 2.66 * mean_range


@pytest.fixture
def metric():
    plan = PlanFactory(service=ServiceFactory(name="Willow ward"))
    metric = MetricFactory(
        plan=plan,
        name="Meetings attended",
        target=8,
        shift_length=7,
        trend_length=8,
        conflict="improvement",
        baseline_from=datetime.date(2024, 1, 1),
        baseline_to=datetime.date(2024, 12, 1),
    )
    for month, value in zip(months(2024) + months(2025), BASELINE + AFTER, strict=True):
        ReadingFactory(metric=metric, period=month, value=value)
    return metric


def status_for(metric: Metric, last_day: datetime.date) -> read.MetricStatus:
    (status,) = read.metric_statuses([metric], {metric.plan_id: metric.plan}, [], last_day)
    return status


def test_the_limits_come_from_the_baseline_and_are_carried_forward(metric):
    mean, lower, upper = expected_limits()
    assert (round(mean, 4), round(lower, 4), round(upper, 4)) == (6.5, 1.18, 11.82)
    result = status_for(metric, datetime.date(2025, 12, 31)).analysis
    assert len(result.points) == 24
    assert result.baseline_points == 12
    for point in result.points:
        assert point.mean == pytest.approx(mean)
        assert point.lower_process_limit == pytest.approx(lower)
        assert point.upper_process_limit == pytest.approx(upper)
    assert [p.in_baseline for p in result.points] == [True] * 12 + [False] * 12
    # Limits from every point would differ: the mean of all 24 is 7.0.
    assert sum(BASELINE + AFTER) / 24 == 7.0


def test_the_metric_run_length_decides_what_is_a_shift(metric):
    # 2025 has 6 points above the mean, then 6 below (December 2024 is below too,
    # so the first run is only 6 long): not a shift of 7.
    result = status_for(metric, datetime.date(2025, 12, 31)).analysis
    assert result.settings.shift_length == 7
    assert result.settings.trend_length == 8
    assert result.settings.conflict == "improvement"
    assert all(p.kind == "common_cause" for p in result.points[12:])
    # With the usual 6, both runs are shifts: improvement above, concern below.
    metric.shift_length = 6
    result = status_for(metric, datetime.date(2025, 12, 31)).analysis
    assert [p.kind for p in result.points[12:]] == ["improvement"] * 6 + ["concern"] * 6


def test_a_baseline_before_the_24_months_is_still_read(metric):
    # Up to December 2026 the chart covers 2025 and 2026, but reaches back to the
    # baseline in 2024 so the limits stay fixed from it.
    result = status_for(metric, datetime.date(2026, 12, 31)).analysis
    assert result.points[0].period == datetime.date(2024, 1, 1)
    assert result.baseline_points == 12
    assert result.limits.mean == pytest.approx(expected_limits()[0])


def test_the_plan_page_draws_the_baseline_and_says_so(client, governance, metric):
    mean, lower, upper = expected_limits()
    client.force_login(governance)
    url = reverse("dashboard:plan", args=[metric.plan_id])
    response = client.get(url, {"period": "2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Upper limit {upper:.1f}" in page
    assert f"Lower limit {lower:.1f}" in page
    assert f"Mean {mean:.1f}" in page
    assert re.search(r'data-spc="baseline">.*?Limits fixed from Jan 2024 to Dec 2024', page, re.S)
    assert "The mean and limits are fixed from Jan 2024 to Dec 2024 (12 months)" in page
    assert "A shift is 7 points in a row" in page
    assert "a trend is 8 points in a row" in page
    # The dashboard's plan table says so too, and links here with the filters.
    dashboard = client.get(reverse("dashboard:dashboard"), {"period": "2025"}).content.decode()
    assert "Limits fixed from Jan 2024 to Dec 2024." in dashboard
    assert f'href="{url}?period=2025"' in dashboard

    csv = b"".join(
        client.get(
            reverse("dashboard:plan_csv", args=[metric.plan_id]), {"period": "2025"}
        ).streaming_content
    ).decode()
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == ("Metric,Month,Value,Mean,Lower limit,Upper limit,In baseline,Variation")
    assert len(lines) == 25
    assert (
        lines[1] == f"Meetings attended,Jan 2024,7.0,6.5,{lower:.1f},{upper:.1f},Yes,Common cause"
    )
    assert lines[-1] == f"Meetings attended,Dec 2025,6.0,6.5,{lower:.1f},{upper:.1f},,Common cause"


def test_the_plan_page_costs_the_same_queries_whatever_the_data(
    client, governance, django_assert_num_queries
):
    plan = PlanFactory(service=ServiceFactory())
    # A plan with no projects at all skips reading activities and involvements.
    project = ProjectFactory(services=[plan.service])
    ActivityFactory(project=project)
    client.force_login(governance)
    url = reverse("dashboard:plan", args=[plan.pk])
    # session, user, any change the summary tables have not taken in (by the view),
    # services, plan, metrics, readings, and for the computed metric: any change not
    # taken in (again, as every reader of the summaries asks), people by month (the
    # one summary its computation reads).
    typed = MetricFactory(plan=plan)
    MetricFactory(plan=plan, source="computed", computation="lived_experience_people")
    summaries_catch_up()
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(5):
        more = MetricFactory(plan=plan, baseline_from=datetime.date(2024, 1, 1))
        more.baseline_to = datetime.date(2024, 6, 1)
        more.save()
        ReadingFactory(metric=typed, period=datetime.date(2025, n + 1, 1), value=Decimal(n))
        InvolvementFactory(activity=ActivityFactory(project=project), person=PersonFactory())
    summaries_catch_up()
    with django_assert_num_queries(9):
        client.get(url)


def test_experts_are_refused_and_unknown_plans_are_not_found(client, expert, governance):
    client.force_login(expert)
    assert client.get(reverse("dashboard:plan", args=[1])).status_code == 403
    client.force_login(governance)
    assert client.get(reverse("dashboard:plan", args=[999999])).status_code == 404

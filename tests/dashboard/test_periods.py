"""Periods compare like with like: whole months by default, the month under way
shown apart and never a point on a trend, a period not over never compared with
a whole one."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from charts import month_label
from dashboard import page_cache, panels, read
from dashboard.forms import DashboardFilterForm
from projects.metrics import month_start
from projects.models import Service
from tests.factories import ActivityFactory, ProjectFactory, ServiceFactory

URL = reverse("dashboard:dashboard")
THIRD_OF_DECEMBER = datetime.date(2026, 12, 3)


def filters_on(today: datetime.date, period: str | None = None) -> read.Filters:
    services = list(Service.objects.order_by("name"))
    data = {"period": period} if period else None
    form = DashboardFilterForm(data, services=services, today=today, day_level=True)
    return form.filters()


def previous_month(day: datetime.date) -> datetime.date:
    return month_start(month_start(day) - datetime.timedelta(days=1))


@pytest.mark.django_db
def test_the_default_is_the_last_twelve_complete_months():
    filters = filters_on(THIRD_OF_DECEMBER)
    assert (filters.start, filters.last_day) == (
        datetime.date(2025, 12, 1),
        datetime.date(2026, 11, 30),
    )
    assert filters.label == "Last 12 complete months"
    assert not filters.ongoing
    assert len(filters.months()) == 12
    # Compared with the twelve whole months before, not with 11 months and 3 days.
    previous = filters.previous
    assert (previous.start, previous.last_day) == (
        datetime.date(2024, 12, 1),
        datetime.date(2025, 11, 30),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "months", "last_complete_day"),
    [
        ("2026-q4", [datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)], "2026-11-30"),
        ("2026", [datetime.date(2026, m, 1) for m in range(1, 12)], "2026-11-30"),
    ],
)
def test_a_period_not_over_leaves_its_month_under_way_out_of_trends(
    period, months, last_complete_day
):
    filters = filters_on(THIRD_OF_DECEMBER, period)
    assert filters.ongoing
    assert filters.incomplete_from == datetime.date(2026, 12, 1)
    assert filters.months() == months
    assert filters.last_complete_day == datetime.date.fromisoformat(last_complete_day)
    # Over periods stay as they were.
    assert not filters_on(THIRD_OF_DECEMBER, "2026-q3").ongoing
    assert not filters_on(THIRD_OF_DECEMBER, "2025").ongoing


@pytest.mark.django_db
def test_a_quarter_in_its_first_month_draws_empty_trends_without_failing():
    ward = ServiceFactory(name="Willow ward")
    ActivityFactory(project=ProjectFactory(services=[ward]), date=datetime.date(2026, 9, 14))
    filters = filters_on(datetime.date(2026, 10, 5), "2026-q4")
    assert filters.months() == []
    figures = page_cache.work_out(filters, list(Service.objects.all()))
    assert "Activities each month" in figures.html["top"]
    spc = read.doing_with_by_month(filters)
    assert spc[-1][0] == datetime.date(2026, 9, 1)


@pytest.mark.django_db
def test_the_trend_of_a_period_not_over_stops_at_the_last_complete_month():
    filters = filters_on(THIRD_OF_DECEMBER, "2026")
    chart = panels.activities_chart(filters, by_month={})
    months = [row[0] for row in chart.rows]
    assert months[-1] == "Nov 2026"
    assert "Dec 2026" not in months
    spc = read.doing_with_by_month(filters)
    assert spc[-1][0] == datetime.date(2026, 11, 1)
    assert len(spc) == read.SPC_MONTHS


@pytest.mark.django_db
def test_the_page_shows_the_month_so_far_apart_from_the_whole_months(client, governance):
    today = timezone.localdate()
    project = ProjectFactory(services=[ServiceFactory(name="Willow ward")])
    ActivityFactory(project=project, date=today, rung=None)
    ActivityFactory(project=project, date=previous_month(today))
    client.force_login(governance)
    response = client.get(URL)
    page = response.content.decode()
    filters = response.context["filters"]
    assert filters.end == month_start(today)
    # The activity of this month is in no headline and on no chart...
    activities = next(h for h in read.headlines(filters) if h.key == "activities")
    assert activities.value == 1
    row_for = '<th class="nhsuk-table__cell" scope="row">{}</th>'.format
    assert row_for(month_label(previous_month(today))) in page
    assert row_for(month_label(today)) not in page
    # ...but shown apart, and said to be incomplete.
    so_far = response.context["month_so_far"]
    assert (so_far.activities, so_far.classified) == (1, 0)
    assert f"{today:%B %Y} so far" in page
    assert "This month is not over" in page
    assert "1 activity logged, 0 of them classified" in page
    assert "Changes compare with the period just before it" in page


@pytest.mark.django_db
def test_a_period_not_over_is_not_compared_with_a_whole_one(client, governance):
    today = timezone.localdate()
    project = ProjectFactory(services=[ServiceFactory(name="Willow ward")])
    ActivityFactory(project=project, date=today)
    client.force_login(governance)
    quarter = f"{today.year}-q{(today.month - 1) // 3 + 1}"
    response = client.get(URL, {"period": quarter})
    page = response.content.decode()
    assert response.context["filters"].ongoing
    assert response.context["month_so_far"] is None
    assert "This period is not over yet" in page
    assert "Changes compare with the period just before it" not in page
    assert "Not compared: this period is not over yet" in page
    headlines = read.headlines(response.context["filters"])
    assert all(h.change is None for h in headlines)
    assert "on the previous period" not in page

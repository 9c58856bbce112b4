from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import panels, read
from projects.models import Activity, Involvement
from tests.dashboard.data import BEFORE, QUARTER, build, services

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")


@pytest.fixture
def data():
    return build(services())


def headline(response, key: str) -> str:
    match = re.search(
        rf'data-headline="{key}".*?data-value>([^<]*)<', response.content.decode(), re.S
    )
    assert match, key
    return match.group(1)


def in_scope(activity: Activity, service_ids: set[int]) -> bool:
    return bool(set(activity.project.services.values_list("pk", flat=True)) & service_ids)


def count_activities(service_ids: set[int], period) -> list[Activity]:
    start, end = period
    return [a for a in Activity.objects.all() if start <= a.date < end and in_scope(a, service_ids)]


def test_it_counts_one_service_in_one_quarter(client, governance, data):
    client.force_login(governance)
    response = client.get(URL, {"period": "2025-q3", "service": data.willow.pk})
    assert response.status_code == 200
    mine = count_activities({data.willow.pk}, QUARTER)
    classified = [a for a in mine if a.rung]
    doing_with = [a for a in classified if a.rung >= 6]
    people = {
        i.person_id for i in Involvement.objects.filter(person__isnull=False) if i.activity in mine
    }
    assert headline(response, "activities") == str(len(mine)) == "4"
    assert (
        headline(response, "doing_with")
        == f"{Decimal(100 * len(doing_with) / len(classified)):.1f}%"
    )
    assert headline(response, "faux") == str(sum(a.faux_production for a in mine))
    assert headline(response, "contested") == str(sum(a.rung_status == "contested" for a in mine))
    assert headline(response, "people") == str(len(people)) == "3"
    # Person 0 took part in May: returning; persons 1 and 2 are new.
    assert headline(response, "new_people") == "2"
    assert headline(response, "payments") == "£105.50"
    assert headline(response, "hours") == "6.5 hours"
    # 6 of 7 invitations answered.
    assert headline(response, "response_rate") == "85.7%"


def test_a_division_includes_the_services_below_it(client, governance, data):
    client.force_login(governance)
    whole = client.get(URL, {"period": "2025-q3"})
    division = client.get(URL, {"period": "2025-q3", "division": data.division.pk})
    ids = {data.division.pk, data.willow.pk, data.oak.pk}
    assert headline(division, "activities") == str(len(count_activities(ids, QUARTER))) == "5"
    everything = ids | {data.community.pk}
    assert headline(whole, "activities") == str(len(count_activities(everything, QUARTER))) == "6"
    assert (
        "Community team"
        not in division.content.decode().split('id="ladder"')[1].split('id="principles"')[0]
    )


def test_it_compares_with_the_previous_quarter(client, governance, data):
    client.force_login(governance)
    response = client.get(URL, {"period": "2025-q3", "service": data.willow.pk})
    before = len(count_activities({data.willow.pk}, BEFORE))
    assert before == 1
    assert f"Up {4 - before} on the previous period" in response.content.decode()


def test_a_custom_period_sets_both_ends(governance, data, rf):
    filters = read.Filters(
        start=datetime.date(2025, 9, 20), end=datetime.date(2025, 9, 22), label="custom"
    )
    figures = {h.key: h.value for h in read.headlines(filters)}
    assert figures["activities"] == 2


def test_it_refuses_a_custom_period_without_dates(client, governance, data):
    client.force_login(governance)
    response = client.get(URL, {"period": "custom"})
    assert response.status_code == 200
    assert "Enter the first day of the period" in response.content.decode()


def test_it_hides_principle_means_drawn_from_fewer_than_3_people(governance, data):
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="q")
    power = read.principle_means(filters)[0]
    assert power.means == {"lived": Decimal("2.3"), "staff": Decimal("4.3")}
    assert power.gap == Decimal("-2.0")
    # Only Community: no rounds there, nothing shown.
    alone = read.Filters(
        start=QUARTER[0], end=QUARTER[1], label="q", service_ids=frozenset({data.community.pk})
    )
    assert read.principle_means(alone)[0].means == {"lived": None, "staff": None}


def test_it_shows_each_plan_metric_with_its_variation_and_assurance(client, governance, data):
    client.force_login(governance)
    response = client.get(URL, {"period": "2025-q3"})
    page = response.content.decode()
    assert "Meetings attended 0" in page
    # 9 monthly readings: fewer than 15, so a run chart and no icons yet.
    assert "Variation: Not enough data. Assurance: No assurance yet." in page
    assert "1 on track" in page
    assert "1 at risk" in page


def test_plan_metrics_get_spc_icons_from_15_months(governance, data):
    from tests.factories import ReadingFactory

    typed = data.willow.plans.get().metrics.get(source="manual")
    for month in range(1, 10):
        ReadingFactory(metric=typed, period=datetime.date(2024, month, 1), value=5)
    rows = read.plan_rows(read.Filters(start=QUARTER[0], end=QUARTER[1], label="q"), [])
    status = next(s for s in rows[0].metrics if s.metric == typed)
    assert status.latest == 9
    assert status.variation in {"Improving (high)", "Common cause"}
    assert status.assurance in {"Hit or miss", "Consistently failing", "Consistently passing"}


def test_reach_counts_people_and_quiet_services(governance, data):
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="q")
    found = read.reach(filters, list(data.willow.__class__.objects.all()), new=3)
    assert found.people == 4
    # 5 lived-experience involvements in the quarter; the most involved person
    # (person 1) took part in 2 of them.
    assert found.top_people == 1
    assert found.top_share == Decimal("40.0")
    assert found.quiet_services == ["Acute division"]


def test_each_chart_downloads_as_csv_with_the_same_filters(client, governance, data):
    data.community.name = "=HYPERLINK(1)"
    data.community.save()
    client.force_login(governance)
    url = reverse("dashboard:chart_csv", args=["service_mix"])
    response = client.get(url, {"period": "2025-q3"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeffService,")
    assert "'=HYPERLINK(1)" in body
    ladder = b"".join(
        client.get(
            reverse("dashboard:chart_csv", args=["ladder"]),
            {"period": "2025-q3", "service": data.willow.pk},
        ).streaming_content
    ).decode()
    assert ladder.splitlines()[1:] == [
        "Jul 2025,0,0,0,0,0,0,1,0,1",
        "Aug 2025,0,0,0,0,0,1,0,0,1",
        "Sep 2025,0,0,0,1,0,0,0,1,2",
    ]
    for name in panels.CHARTS:
        response = client.get(reverse("dashboard:chart_csv", args=[name]), {"period": "2025-q3"})
        assert response.status_code == 200, name


def test_an_unknown_chart_is_not_found(client, governance):
    client.force_login(governance)
    assert client.get(reverse("dashboard:chart_csv", args=["nope"])).status_code == 404


def test_staff_read_it_and_experts_are_refused(client, staff, expert):
    client.force_login(staff)
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405
    client.force_login(expert)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name", ["ladder", "activities", "principles", "doing_with_spc", "service_mix"]
)
def test_each_chart_template_renders_its_title_summary_and_data_table(data, name):
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="July to September 2025")
    chart = panels.CHARTS[name](filters, list(data.willow.__class__.objects.all()))
    html = render_to_string("components/charts/_chart.html", {"chart": chart, "csv_url": "/x.csv"})
    assert chart.title.replace("“", "&ldquo;")[:10] in html or chart.title[:10] in html
    assert chart.summary[:20] in html.replace("&#x27;", "'")
    assert "<table" in html
    assert html.count("<tr") == len(chart.rows) + 1
    if chart.kind != "table":
        assert 'role="img"' in html
        assert f'aria-labelledby="{name}-title {name}-summary"' in html
        assert "<details" in html
        assert "style=" not in html
        assert "<script" not in html


# Queries for the page, whatever the amount of data:
#  1-2  session and user
#  3    services (for the form and the service tree)
#  4    activities per month and rung (ladder and activities charts)
#  5-8  headlines: activities, involvement and payments, first involvements, invitations
#  9    "doing with" share per month (SPC chart)
#  10   principle means per perspective
#  11-18 growth plans: plans, priorities by status, metrics, readings, and for the
#       computed metrics: projects' services, activities, involvements, first involvements
#  19   service mix by ladder group
#  20-21 reach: involvements per person, services heard from in the last 90 days
#  22-24 the session's idle clock is saved (savepoint, update, release)
PAGE_QUERIES = 24


def test_the_page_costs_the_same_queries_for_ten_times_the_data(
    client, governance, django_assert_num_queries
):
    data = build(services())
    client.force_login(governance)
    with django_assert_num_queries(PAGE_QUERIES):
        small = client.get(URL, {"period": "2025-q3"})
    build(data, copies=10)
    with django_assert_num_queries(PAGE_QUERIES):
        large = client.get(URL, {"period": "2025-q3"})
    assert headline(small, "activities") == "6"
    assert headline(large, "activities") == "66"


def test_the_query_count_does_not_depend_on_the_filters(client, governance, data):
    client.force_login(governance)
    counts = []
    for params in ({}, {"period": "2025-q3", "service": data.willow.pk}, {"period": "2025"}):
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, params)
        counts.append(len(queries))
    assert counts == [PAGE_QUERIES] * 3

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dashboard import page_cache, panels, read, tasks
from dashboard.forms import DashboardFilterForm
from dashboard.models import StoredFigures
from principles.models import Answer, Response
from projects.models import Activity, Involvement, Project, Service
from projects.summaries import summaries_catch_up
from tests.dashboard.data import BEFORE, QUARTER, build, services
from tests.factories import ActivityFactory

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
    # Person 0 took part in May: returning; persons 1 and 2 are new. 2 new and 1
    # returning are each fewer than 3 people, so neither is shown.
    assert headline(response, "new_people") == "Fewer than 3 people"
    assert "New and returning not shown" in response.content.decode()
    # Fees and expenses of £105.50 were paid to 2 people (persons 0 and 1): not shown.
    assert headline(response, "payments") == "Fewer than 3 people"
    assert "£105.50" not in response.content.decode()
    # 6.5 hours from 3 people.
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
    # 3 new and 1 returning: the 1 is hidden, and so the 3 (or 4 - 3 gives it back).
    assert (found.new, found.returning) == (None, None)
    no_one_new = read.reach(filters, [], new=0)
    assert (no_one_new.people, no_one_new.new, no_one_new.returning) == (4, 0, 4)
    # 5 lived-experience involvements in the quarter; the most involved 10% are at
    # least 3 people, never one person's share: person 1 took part in 2 of them,
    # persons 0 and 2 (or 3) in 1 each.
    assert found.top_people == 3
    assert found.top_share == Decimal("80.0")
    # Everyone was heard from in the quarter; the division through its wards.
    assert found.quiet_services == []
    # April to June 2025: only Willow heard (1 May), so the division did too, through it.
    spring = read.Filters(start=BEFORE[0], end=BEFORE[1], label="q")
    everyone = list(data.willow.__class__.objects.order_by("name"))
    assert read.reach(spring, everyone, new=0).quiet_services == ["Community team", "Oak ward"]


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


# Queries for the page, whatever the amount of data, when its figures are worked out
# (the first view of a set of filters, or once the stored ones are too old), with
# the summary tables caught up (`caught_up`):
#  1-2  session and user
#  3    any change the summary tables have not taken in yet (none)
#  4    services (for the form and the service tree)
#  5    the stored figures for these filters (none fresh)
#  6    activities per month and rung (ladder and activities charts)
#  7-11 headlines: activities, projects with activity, involvement and payments,
#       first involvements, invitations
#  12   equality answers of the people involved, as counts per group
#  13   population figures of the services in scope
#  14   "doing with" share per month (SPC chart)
#  15   principle means per perspective
#  16   service mix by ladder group
#  17   principle means per perspective per quarter (the gap over time)
#  18-23 growth plans: plans, priorities by status, metrics, readings, and for the
#       computed metrics: any change not taken in, and the summaries they read:
#       here activities by month and rung ("doing with" share); people and
#       payments by month, and first involvements, only for metrics drawn from them
#  24-25 reach: involvements per person, services heard from in the last 90 days
#  26   projects' rungs in this period and the one before (moved up or down)
#  27   the figures are stored for the views that follow
#  28   not stored, as what follows is the reader's own: the quiet services again
#  29-30 overdue actions (not stored: they change at midnight): both counts, and
#       the first ten the reader may open
# and one more when some project moved a rung: which of them the reader may open;
# and one more for a reader who may lead projects (staff, admins, not governance
# leads, as here): which of the services' projects they may post an opportunity for.
WORKED_OUT_QUERIES = 30
# When the stored figures are fresh: 1-5 as above, 28-30 as above.
STORED_QUERIES = 8


def queries_for(response, base: int) -> int:
    moved = any(move.change for move in response.context["movement"].moves)
    # The month under way, shown apart from the default period only (1 query).
    so_far = response.context["month_so_far"] is not None
    return base + moved + so_far


def test_the_page_costs_the_same_queries_for_ten_times_the_data(client, governance):
    data = build(services())
    client.force_login(governance)
    counts = []
    for copies in (0, 10):
        if copies:
            build(data, copies=copies)
            StoredFigures.objects.all().delete()  # as when they are too old to read
        summaries_catch_up()
        with CaptureQueriesContext(connection) as worked_out:
            first = client.get(URL, {"period": "2025-q3"})
        with CaptureQueriesContext(connection) as stored:
            again = client.get(URL, {"period": "2025-q3"})
        assert headline(again, "activities") == headline(first, "activities")
        counts.append(
            (
                len(worked_out) - queries_for(first, WORKED_OUT_QUERIES),
                len(stored) - queries_for(again, STORED_QUERIES),
                headline(first, "activities"),
            )
        )
    assert counts == [(0, 0, "6"), (0, 0, "66")]


def test_the_query_count_does_not_depend_on_the_filters(client, governance, data):
    client.force_login(governance)
    summaries_catch_up()
    for params in ({}, {"period": "2025-q3", "service": data.willow.pk}, {"period": "2025"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert len(queries) == queries_for(response, WORKED_OUT_QUERIES), params


# Stored figures ---------------------------------------------------------------------


def test_views_read_the_stored_figures_until_anything_behind_them_changes(
    client, governance, data, settings
):
    settings.DASHBOARD_FIGURES_MAX_AGE = 900
    client.force_login(governance)
    first = client.get(URL, {"period": "2025-q3"})
    assert headline(first, "activities") == "6"
    assert "These figures include every change recorded up to now." in first.text
    # Nothing changed: the stored figures are read back.
    again = client.get(URL, {"period": "2025-q3"})
    assert again.context["figures"].computed_at == first.context["figures"].computed_at
    # Anyone logs an activity: the next view shows it.
    ActivityFactory(project=Project.objects.get(title="Willow nights 0"), date=QUARTER[0])
    later = client.get(URL, {"period": "2025-q3"})
    assert headline(later, "activities") == "7"
    assert later.context["figures"].computed_at > first.context["figures"].computed_at
    # Other filters have their own figures, worked out on their first view.
    in_2025 = Activity.objects.filter(date__year=2025).count()
    assert headline(client.get(URL, {"period": "2025"}), "activities") == str(in_2025)
    # However long nothing changes, they are worked out again once too old.
    kept = client.get(URL, {"period": "2025-q3"}).context["figures"].computed_at
    assert kept == later.context["figures"].computed_at
    StoredFigures.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=16))
    assert client.get(URL, {"period": "2025-q3"}).context["figures"].computed_at > kept


def test_a_change_to_records_the_summaries_do_not_hold_shows_on_the_next_view(client, staff, data):
    """Project titles (moved projects), plans' readings and principles answers are
    read as they are: a change to any of them is noted too."""
    willow = _movement_data(data)[0]
    data.willow.members.add(staff)
    client.force_login(staff)
    assert "Willow nights 0" in client.get(URL, {"period": "2025-q3"}).text
    Project.objects.filter(pk=willow.pk).update(title="Willow evenings")
    page = client.get(URL, {"period": "2025-q3"}).text
    assert "Willow evenings" in page
    assert "Willow nights 0" not in page
    before = client.get(URL, {"period": "2025-q3"}).context["figures"].computed_at
    Answer.objects.filter(pk__in=Answer.objects.order_by("pk").values("pk")[:1]).update(score=1)
    after = client.get(URL, {"period": "2025-q3"}).context["figures"].computed_at
    assert after > before


def test_stored_figures_that_cannot_be_read_are_worked_out_again(client, governance, data):
    client.force_login(governance)
    client.get(URL, {"period": "2025-q3"})
    StoredFigures.objects.update(payload={"html": {"top": "written by other code"}})
    response = client.get(URL, {"period": "2025-q3"})
    assert headline(response, "activities") == "6"
    assert set(StoredFigures.objects.get().payload) == {"html", "moves"}


def test_the_refresh_task_works_out_the_default_views_and_deletes_old_ones(governance, data):
    division = data.willow.parent
    assert division.kind == division.Kind.DIVISION
    StoredFigures.objects.create(
        key="v1:old", computed_at=timezone.now() - datetime.timedelta(hours=1), payload={}
    )
    assert (
        tasks.figures_refresh_task.delay().get()
        == 1 + Service.objects.filter(kind=Service.Kind.DIVISION).count()
    )
    keys = set(StoredFigures.objects.values_list("key", flat=True))
    services_list = list(Service.objects.order_by("name"))
    today = timezone.localdate()
    default = DashboardFilterForm(None, services=services_list, today=today).filters()
    one_division = DashboardFilterForm(
        {"division": str(division.pk)}, services=services_list, today=today
    ).filters()
    query = f"division={division.pk}"
    assert page_cache.key_for(default, "") in keys
    assert page_cache.key_for(one_division, query) in keys
    assert "v1:old" not in keys
    now = timezone.now()
    assert (
        page_cache.stored(default, "", now=now).html
        == page_cache.work_out(default, services_list).html
    )
    kept = page_cache.stored(one_division, query, now=now)
    assert kept.html == page_cache.work_out(one_division, services_list, query=query).html
    assert f"?{query}" in kept.html["middle"]  # the plan links keep the division


def test_links_in_stored_figures_carry_the_filters_spelled_one_way(client, governance, data):
    client.force_login(governance)
    # An invalid custom period falls back to the default view: its stored links
    # must not carry what this reader typed.
    client.get(URL, {"period": "custom", "service": ""})
    page = client.get(URL).content.decode()
    assert "period=custom" not in page
    assert StoredFigures.objects.count() == 1
    # Two spellings of one set of filters share their figures and their links.
    client.get(URL, {"period": "2025-q3", "service": data.willow.pk, "division": ""})
    second = client.get(URL, {"service": data.willow.pk, "period": "2025-q3"})
    assert StoredFigures.objects.count() == 2
    chart_link = reverse("dashboard:chart_csv", args=["ladder"])
    assert f"{chart_link}?period=2025-q3&amp;service={data.willow.pk}" in second.content.decode()


def test_a_hostile_plan_name_is_escaped_through_the_stored_panels(client, governance, data):
    from tests.factories import PlanFactory, ServiceFactory

    hostile = '<script>alert("plan")</script>'
    PlanFactory(service=ServiceFactory(name=hostile, kind="ward", parent=data.willow.parent))
    client.force_login(governance)
    client.get(URL, {"period": "2025-q3"})
    assert StoredFigures.objects.count() == 1
    page = client.get(URL, {"period": "2025-q3"}).content.decode()  # read back
    assert hostile not in page
    assert escape(hostile) in page


def test_the_same_dates_under_another_name_have_their_own_figures(governance, data):
    services_list = list(Service.objects.order_by("name"))
    quarter = read.Filters(start=QUARTER[0], end=QUARTER[1], label="July to September 2025")
    custom = read.Filters(
        start=QUARTER[0], end=QUARTER[1], label="1 July 2025 to 30 September 2025"
    )
    assert page_cache.key_for(quarter, "") != page_cache.key_for(custom, "")
    assert page_cache.key_for(quarter, "a=1") != page_cache.key_for(quarter, "")
    worked_out = page_cache.work_out(custom, services_list)
    assert "activities in 1 July 2025 to 30 September 2025;" in worked_out.html["top"]


def test_with_a_max_age_of_0_figures_are_worked_out_on_every_view(
    client, governance, data, settings
):
    settings.DASHBOARD_FIGURES_MAX_AGE = 0
    client.force_login(governance)
    assert headline(client.get(URL, {"period": "2025-q3"}), "activities") == "6"
    ActivityFactory(project=Project.objects.get(title="Willow nights 0"), date=QUARTER[0])
    page = client.get(URL, {"period": "2025-q3"})
    assert headline(page, "activities") == "7"
    assert not StoredFigures.objects.exists()
    assert tasks.figures_refresh_task.delay().get() == 0


def test_each_reader_sees_the_stored_moves_they_may_open(client, governance, staff, data):
    willow, _oak, _cafe = _movement_data(data)
    data.willow.members.add(staff)
    client.force_login(governance)
    everyone = client.get(URL, {"period": "2025-q3"}).content.decode()
    assert "Oak menus 0" in everyone.split('data-movement="table"')[1]
    client.force_login(staff)
    summaries_catch_up()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, {"period": "2025-q3"}).content.decode()
    # Read back, not worked out again; the moves they may open, and where they may post.
    assert len(queries) == STORED_QUERIES + 2
    table = page.split('data-movement="table"')[1].split("</table>")[0]
    assert reverse("ladder:project", args=[willow.pk]) in table
    assert "Oak menus 0" not in table
    assert re.search(r'data-movement="hidden">1 other project that moved is counted', page)


# Projects that moved up or down a rung ----------------------------------------------


def _movement_data(data):
    """Adds to the quarter before (April to June 2025): Oak co-production and
    co-design, Café co-production, and a Café activity on 30 March (outside both periods)."""
    from tests.factories import ActivityFactory

    oak = Project.objects.get(title="Oak menus 0")
    cafe = Project.objects.get(title="Café 0")
    ActivityFactory(project=oak, date=datetime.date(2025, 4, 2), rung=7)
    ActivityFactory(project=oak, date=datetime.date(2025, 6, 30), rung=6)
    ActivityFactory(project=cafe, date=datetime.date(2025, 5, 5), rung=7)
    # The previous period is the quarter before, so it starts on 1 April.
    ActivityFactory(project=cafe, date=datetime.date(2025, 3, 30), rung=1)
    return Project.objects.get(title="Willow nights 0"), oak, cafe


def test_it_counts_projects_that_moved_up_or_down_a_rung(client, governance, data):
    willow, oak, cafe = _movement_data(data)
    # Worked by hand, July to September against April to June (lower median):
    #  Willow: now 7, 6, 4 (one unclassified left out) -> sorted 4, 6, 7 -> 6 Co-design;
    #          before 3 -> Informing. Up 3.
    #  Oak:    now 5 -> Engagement; before 7, 6 -> sorted 6, 7, lower middle 6 Co-design. Down 1.
    #  Café:   now 7; before 7 (the March activity is in neither period). Stayed.
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="q")
    movement = read.rung_movement(filters, governance)
    found = {m.title: (m.before, m.now) for m in movement.moves}
    assert found == {"Willow nights 0": (3, 6), "Oak menus 0": (6, 5), "Café 0": (7, 7)}
    assert (movement.up, movement.stayed, movement.down) == (1, 1, 1)
    assert [m.title for m in movement.listed()] == ["Willow nights 0", "Oak menus 0"]

    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    assert re.search(r'data-movement="up">1<', page)
    assert re.search(r'data-movement="stayed">1<', page)
    assert re.search(r'data-movement="down">1<', page)
    table = page.split('data-movement="table"')[1].split("</table>")[0]
    assert f'href="{reverse("ladder:project", args=[willow.pk])}"' in table
    assert f'href="{reverse("ladder:project", args=[oak.pk])}"' in table
    assert reverse("ladder:project", args=[cafe.pk]) not in table
    assert "Informing" in table
    assert "Co-design" in table
    assert "Engagement" in table
    assert "Up 3 rungs" in table
    assert "Down 1 rung<" in table

    # Only Willow ward: Oak and Café are out of scope.
    willow_only = client.get(URL, {"period": "2025-q3", "service": data.willow.pk})
    assert re.search(r'data-movement="up">1<', willow_only.content.decode())
    assert re.search(r'data-movement="down">0<', willow_only.content.decode())


def test_it_lists_only_the_moved_projects_the_viewer_may_open(client, staff, data):
    willow, _oak, _cafe = _movement_data(data)
    data.willow.members.add(staff)
    client.force_login(staff)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    # The counts are the charity's; the table holds only Willow, which staff can open.
    assert re.search(r'data-movement="down">1<', page)
    table = page.split('data-movement="table"')[1].split("</table>")[0]
    assert reverse("ladder:project", args=[willow.pk]) in table
    assert "Oak menus 0" not in page.split('data-movement="table"')[1]
    assert re.search(r'data-movement="hidden">1 other project that moved is counted', page)


def test_the_page_lists_the_biggest_moves_and_the_download_lists_all(
    client, governance, staff, data, monkeypatch
):
    _willow, _oak, _cafe = _movement_data(data)
    monkeypatch.setattr("dashboard.read.ladder.MOVES_LISTED", 1)
    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    table = page.split('data-movement="table"')[1].split("</table>")[0]
    # Willow moved up 3 rungs, Oak down 1: only the bigger move is in the table.
    assert "Willow nights 0" in table
    assert "Oak menus 0" not in table
    assert "Below is the 1 project that moved the most, out of 2" in page
    csv_url = reverse("dashboard:movement_csv") + "?period=2025-q3"
    assert f'href="{csv_url}"' in page
    rows = b"".join(client.get(csv_url).streaming_content).decode("utf-8-sig").splitlines()
    assert rows == [
        "Project,Rung before,Rung now,Change",
        "Willow nights 0,Informing,Co-design,Up 3 rungs",
        "Oak menus 0,Co-design,Engagement,Down 1 rung",
    ]
    # Staff download only the projects they may open.
    data.willow.members.add(staff)
    client.force_login(staff)
    rows = b"".join(client.get(csv_url).streaming_content).decode("utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["Willow nights 0"]


def test_no_project_to_compare_says_so(client, governance, data):
    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q1"}).content.decode()
    assert 'data-movement="none"' in page


# The principles gap over time -----------------------------------------------------


def _scored_round(project, opens_on, **scores):
    from principles.texts import CODES
    from tests.factories import InvitationFactory, PersonFactory, RoundFactory

    round_ = RoundFactory(project=project, opens_on=opens_on, closes_on=opens_on)
    for perspective, values in scores.items():
        for score in values:
            response = Response.objects.create(
                round=round_,
                invitation=InvitationFactory(round=round_, person=PersonFactory()),
                perspective=perspective,
                submitted_at=timezone.now(),
            )
            Answer.objects.bulk_create(
                Answer(response=response, principle=code, score=score) for code in CODES
            )


def test_the_gap_trend_is_worked_out_per_quarter_and_suppressed_below_3(client, governance, data):
    willow = Project.objects.get(title="Willow nights 0")
    # April to June 2025: lived 4, 4, 4 and a carer 5 -> 17 / 4 = 4.25 -> 4.3;
    # staff 3, 3, 4 -> 10 / 3 = 3.33 -> 3.3; gap +1.0.
    _scored_round(
        willow,
        datetime.date(2025, 5, 10),
        lived_experience=[4, 4, 4],
        carer=[5],
        staff=[3, 3, 4],
    )
    # January to March 2025: only 2 staff -> staff and the gap not shown.
    _scored_round(willow, datetime.date(2025, 2, 1), lived_experience=[3, 3, 3], staff=[5, 5])
    # July to September 2023: more than 8 quarters before the end of the period.
    _scored_round(willow, datetime.date(2023, 9, 30), lived_experience=[1, 1, 1], staff=[5, 5, 5])
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="q")
    trends = read.principle_gap_trend(filters)
    assert len(trends) == 7
    power = trends[0]
    assert power.quarters[0] == datetime.date(2023, 10, 1)
    assert power.quarters[-1] == datetime.date(2025, 7, 1)
    assert len(power.quarters) == 8
    # July to September 2025 (data.py): lived 2, 2, 3 -> 2.3; staff 4, 4, 5 -> 4.3; gap -2.0.
    assert power.gaps == [None] * 5 + [None, Decimal("1.0"), Decimal("-2.0")]
    assert power.means[5] == {"lived": Decimal("3.0"), "staff": None}
    assert power.people[5] == {"lived": 3, "staff": 2}
    assert power.means[6] == {"lived": Decimal("4.3"), "staff": Decimal("3.3")}
    assert power.means[0] == {"lived": None, "staff": None}

    charts = panels.principle_gap_charts(filters, trends)
    assert charts[0].kind == "line"
    assert charts[0].rows[5] == ["Q1 2025", "3.0 (3 people)", "Fewer than 3 people", ""]
    assert charts[0].rows[7][-1] == Decimal("-2.0")
    assert "In Q3 2025, people with lived experience rated it 2.0 points lower" in (
        charts[0].summary
    )
    # Two points on an axis from -4 to +4, the plot 236 high from y=16 to y=252:
    # +1 at 252 - 5/8 * 236 = 104.5; -2 at 252 - 2/8 * 236 = 193.
    points = charts[0].svg["points"]
    assert [(p["value"], p["y"]) for p in points] == [("1", 104.5), ("-2", 193.0)]
    assert [tick["label"] for tick in charts[0].svg["axis"]] == ["-4", "-2", "0", "2", "4"]

    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    assert page.count('id="principle_gap_') >= 7
    csv = b"".join(
        client.get(
            reverse("dashboard:chart_csv", args=["principle_gaps"]), {"period": "2025-q3"}
        ).streaming_content
    ).decode()
    lines = csv.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Principle,Quarter,")
    assert len(lines) == 1 + 7 * 8
    assert f"{power.label},Q2 2025,4.3,4,3.3,3,1.0" in lines
    assert f"{power.label},Q1 2025,3.0,3,Fewer than 3 people,,".rstrip(",") in csv
    # Only Community: no rounds, nothing shown.
    alone = read.Filters(
        start=QUARTER[0], end=QUARTER[1], label="q", service_ids=frozenset({data.community.pk})
    )
    assert read.principle_gap_trend(alone)[0].gaps == [None] * 8
    assert panels.principle_gap_charts(alone)[0].summary.startswith("No quarter had")


def test_the_gap_charts_render_with_the_chart_templates(data):
    filters = read.Filters(start=QUARTER[0], end=QUARTER[1], label="q")
    for chart in [*panels.principle_gap_charts(filters), panels.principle_gaps_table(filters)]:
        html = render_to_string("components/charts/_chart.html", {"chart": chart})
        assert "<table" in html
        assert html.count("<tr") == len(chart.rows) + 1
        if chart.kind == "line":
            assert 'role="img"' in html
            assert "style=" not in html

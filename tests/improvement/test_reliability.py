"""An Always Event's reliability measure: counts per week or month, charted by the
same SPC module (charts.spc) and chart as a growth plan's metrics, with the goal as
the target, and written into the team's growth plan metric when it is one.

The SPC arithmetic is the series worked out by hand in tests/charts/test_spc.py,
scaled to percentages, so the reliability chart is held to the same expectations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

import charts.spc
from improvement.models import AlwaysEvent, ReliabilityEntry
from improvement.services import reliability_chart, reliability_record
from projects.models import Metric, Reading
from tests.charts.test_spc import FIFTEEN, months
from tests.factories import MetricFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return AlwaysEvent.objects.create(
        service=world["service"],
        project=world["project"],
        title="Names",
        statement="Always call me by the name I choose",
        goal=95,
    )


def record_fifteen(event, world) -> None:
    """FIFTEEN x 10 per cent: 10 times out of 10 is 100%, 5 out of 10 is 50%."""
    for month, value in zip(months(15), FIFTEEN, strict=True):
        ReliabilityEntry.objects.create(
            event=event,
            service=world["service"],
            period_start=month,
            happened=value,
            should_have=10,
        )


def test_the_chart_is_the_spc_modules_with_the_goal_as_target(event, world, monkeypatch):
    record_fifteen(event, world)
    calls = []
    analyse = charts.spc.analyse
    monkeypatch.setattr(
        charts.spc, "analyse", lambda *a, **kw: calls.append((a, kw)) or analyse(*a, **kw)
    )
    chart = reliability_chart(event, world["service"], list(event.entries.all()))
    ((args, options),) = calls
    assert options == {"direction": "up", "target": 95}
    assert [value for _, value in args[0]] == [v * 10.0 for v in FIFTEEN]
    # As tests/charts/test_spc.py works out for FIFTEEN, times 10: mean 70, limits
    # 70 +/- 2.66 x 230/14, no special cause.
    guides = {guide["label"] for guide in chart.svg["guides"]}
    assert guides == {"Mean 70", "Upper limit 113.7", "Lower limit 26.3"}
    assert chart.svg["target"]["label"] == "Target 95"
    assert {point["kind"] for point in chart.svg["points"]} == {"Common cause"}
    assert chart.kind == "spc"
    assert chart.rows[0] == ["Jan 2024", 5, 10, "50.0%"]
    assert chart.summary.startswith("In the latest month, Mar 2025, it happened 10 times out of 10")


def test_fewer_than_fifteen_points_is_a_run_chart_with_the_same_note(event, world):
    record_fifteen(event, world)
    event.entries.order_by("-period_start").first().delete()
    chart = reliability_chart(event, world["service"], list(event.entries.all()))
    assert chart.note == charts.spc.analyse(list(enumerate(FIFTEEN[:14])), direction="up").note
    assert "There are only 14 points" in chart.note
    assert [guide["label"].split()[0] for guide in chart.svg["guides"]] == ["Mean"]


def test_the_page_draws_the_chart_with_its_data_table(client, world, event):
    record_fifteen(event, world)
    client.force_login(world["governance"])
    page = client.get(
        reverse("improvement:reliability", args=[event.pk, world["service"].pk])
    ).content.decode()
    assert "<svg" in page
    assert "Upper limit 113.7" in page
    assert "Target 95" in page
    assert "Show the data for" in page
    assert "<caption" in page
    assert "Mar 2025" in page
    # Governance leads read it; recording is for the team.
    assert "Record a count" not in page


def post_count(client, event, world, day, happened, should_have):
    return client.post(
        reverse("improvement:reliability_record", args=[event.pk, world["service"].pk]),
        {
            "period_start_day": str(day.day),
            "period_start_month": str(day.month),
            "period_start_year": str(day.year),
            "happened": str(happened),
            "should_have": str(should_have),
        },
    )


def test_a_weekly_count_is_kept_from_the_monday_and_replaced_not_doubled(client, world, event):
    event.period = AlwaysEvent.Period.WEEK
    event.save()
    client.force_login(world["co_lead"])
    thursday = datetime.date(2026, 3, 12)
    assert post_count(client, event, world, thursday, 7, 10).status_code == 302
    assert post_count(client, event, world, thursday, 8, 10).status_code == 302
    (entry,) = ReliabilityEntry.objects.all()
    assert (entry.period_start, entry.happened, entry.entered_by) == (
        datetime.date(2026, 3, 9),
        8,
        world["co_lead"],
    )


def test_a_count_it_cannot_be_is_refused_with_the_input_kept(client, world, event):
    client.force_login(world["staff"])
    response = post_count(client, event, world, datetime.date(2026, 3, 1), 12, 10)
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert "It cannot have happened more times than it should have happened" in page
    assert 'value="12"' in page
    response = post_count(client, event, world, datetime.date(2026, 3, 1), 0, 0)
    assert "Enter 1 or more" in response.content.decode()
    future = datetime.date.today() + datetime.timedelta(days=40)
    response = post_count(client, event, world, future, 1, 2)
    assert "The week or month must have started by today" in response.content.decode()
    assert not ReliabilityEntry.objects.exists()


def test_the_plan_metric_gets_each_months_percentage(world, event):
    plan = PlanFactory(service=world["service"])
    metric = MetricFactory(
        plan=plan, name="Names used", unit="percent", source=Metric.Source.ALWAYS_EVENT
    )
    event.plan_metric = metric
    event.period = AlwaysEvent.Period.WEEK
    event.save()
    for monday, happened in ((datetime.date(2026, 3, 2), 7), (datetime.date(2026, 3, 9), 9)):
        reliability_record(
            event=event,
            service=world["service"],
            period_start=monday,
            happened=happened,
            should_have=10,
            user=world["staff"],
        )
    # Both weeks of March: 16 out of 20.
    (reading,) = Reading.objects.filter(metric=metric)
    assert (reading.period, reading.value) == (datetime.date(2026, 3, 1), Decimal("80.00"))
    # Another team's counts are theirs, not the plan's.
    reliability_record(
        event=event,
        service=world["other_service"],
        period_start=datetime.date(2026, 3, 2),
        happened=0,
        should_have=10,
        user=world["other_staff"],
    )
    assert Reading.objects.get(metric=metric).value == Decimal("80.00")


def test_a_plan_metric_written_by_an_always_event_cannot_be_typed_in(client, world):
    metric = MetricFactory(
        plan=PlanFactory(service=world["service"]), source=Metric.Source.ALWAYS_EVENT
    )
    client.force_login(world["admin"])
    assert client.get(reverse("projects:reading_create", args=[metric.pk])).status_code == 404
    page = client.get(reverse("projects:plan_detail", args=[metric.plan_id])).content.decode()
    assert "From an Always Event's reliability measure." in page


def test_the_event_chooses_only_its_teams_always_event_metrics(client, world, event):
    ours = MetricFactory(
        plan=PlanFactory(service=world["service"]),
        name="Ours",
        source=Metric.Source.ALWAYS_EVENT,
    )
    typed = MetricFactory(plan=ours.plan, name="Typed")
    theirs = MetricFactory(
        plan=PlanFactory(service=world["other_service"]),
        name="Theirs",
        source=Metric.Source.ALWAYS_EVENT,
    )
    client.force_login(world["staff"])
    page = client.get(reverse("improvement:event_edit", args=[event.pk])).content.decode()
    assert "Ours" in page
    assert "Typed" not in page
    assert "Theirs" not in page
    data = {"title": "Names", "period": "month", "goal": "95", "plan_metric": theirs.pk}
    response = client.post(reverse("improvement:event_edit", args=[event.pk]), data)
    assert "Choose one of the team&#x27;s plan metrics" in response.content.decode()
    response = client.post(
        reverse("improvement:event_edit", args=[event.pk]), {**data, "plan_metric": ours.pk}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.plan_metric == ours
    assert typed.always_events.count() == 0


def test_choosing_the_plan_metric_later_writes_the_months_already_counted(client, world, event):
    record_fifteen(event, world)
    metric = MetricFactory(
        plan=PlanFactory(service=world["service"]), source=Metric.Source.ALWAYS_EVENT
    )
    client.force_login(world["staff"])
    response = client.post(
        reverse("improvement:event_edit", args=[event.pk]),
        {"title": "Names", "period": "month", "goal": "95", "plan_metric": metric.pk},
    )
    assert response.status_code == 302
    readings = list(Reading.objects.filter(metric=metric).order_by("period"))
    assert [r.period for r in readings] == months(15)
    assert [r.value for r in readings] == [Decimal(v * 10) for v in FIFTEEN]

"""Growth plans: admins build them in the product's own forms; others read them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from projects.models import Metric, Plan, Priority, Reading, Standard, reading_record
from projects.summaries import summaries_catch_up
from tests.factories import (
    ActivityFactory,
    MetricFactory,
    PlanFactory,
    PriorityFactory,
    ProjectFactory,
    ReadingFactory,
    StandardFactory,
)

LAST_MONTH = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


@pytest.fixture
def plan(world):
    plan = PlanFactory(service=world["service"])
    priority = PriorityFactory(plan=plan, title="Nights people choose")
    world["project"].priority = priority
    world["project"].save()
    return plan


def plan_data(world, **changes) -> dict:
    data = {
        "service": world["service"].pk,
        "start_year": 2024,
        "end_year": 2028,
        "phase": "establish",
        "establish_from_day": "1",
        "establish_from_month": "1",
        "establish_from_year": "2024",
        "implement_from_day": "1",
        "implement_from_month": "1",
        "implement_from_year": "2026",
        "review_from_day": "1",
        "review_from_month": "1",
        "review_from_year": "2028",
        "sponsor_name": "Dr Amara Okafor, Chief Nurse",
        "status": "active",
        "review_frequency": "quarterly",
    }
    return {**data, **changes}


def test_it_lets_an_admin_start_a_plan(client, world):
    client.force_login(world["admin"])
    response = client.post(reverse("projects:plan_create"), plan_data(world))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:plan_detail", args=[plan.pk])
    assert plan.service == world["service"]
    assert plan.review_frequency == "quarterly"
    assert plan.created_by == world["admin"]


def test_it_refuses_a_second_plan_for_the_same_service_and_years(client, world, plan):
    client.force_login(world["admin"])
    response = client.post(reverse("projects:plan_create"), plan_data(world))
    assert response.status_code == 200
    assert "This service already has a plan for these years." in response.content.decode()
    assert response.context["form"].errors
    assert Plan.objects.count() == 1


def test_it_allows_one_charity_wide_plan_per_period(client, world):
    client.force_login(world["admin"])
    client.post(reverse("projects:plan_create"), plan_data(world, service=""))
    response = client.post(reverse("projects:plan_create"), plan_data(world, service=""))
    assert "There is already a charity-wide plan" in response.content.decode()
    assert Plan.objects.filter(service=None).count() == 1


def test_it_hides_the_plan_from_an_expert_who_is_not_involved(client, world, plan):
    client.force_login(world["outsider_expert"])
    assert client.get(reverse("projects:plan_detail", args=[plan.pk])).status_code == 404
    assert plan not in client.get(reverse("projects:plan_list")).context["plans"]


def test_it_shows_the_plan_to_an_expert_in_a_project_that_delivers_it(client, world, plan):
    client.force_login(world["expert"])
    response = client.get(reverse("projects:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert not response.context["can_manage"]
    assert reverse("projects:plan_edit", args=[plan.pk]) not in response.content.decode()


def test_it_adds_a_standard_tied_to_a_principle(client, world, plan):
    client.force_login(world["admin"])
    url = reverse("projects:standard_create", args=[plan.pk])
    response = client.post(url, {"statement": "People choose the agenda.", "principle": "power"})
    assert response.status_code == 302
    assert plan.standards.get().get_principle_display() == "Power"
    response = client.post(url, {"statement": "", "principle": "charisma"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"statement", "principle"}
    assert Standard.objects.count() == 1


def test_it_links_projects_to_a_priority_and_unlinks_them(client, world, plan):
    client.force_login(world["admin"])
    second = ProjectFactory(services=[world["service"]], title="Menus together")
    url = reverse("projects:priority_create", args=[plan.pk])
    response = client.post(
        url,
        {
            "title": "Co-design meals",
            "target_rung": 6,
            "status": "not_started",
            "projects": [second.pk],
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get(title="Co-design meals")
    assert list(priority.projects.all()) == [second]
    response = client.post(
        reverse("projects:priority_edit", args=[priority.pk]),
        {"title": "Co-design meals", "target_rung": 6, "status": "not_started", "projects": []},
    )
    assert response.status_code == 302
    assert not priority.projects.exists()


def test_it_offers_only_projects_of_the_plans_services(client, world, plan):
    client.force_login(world["admin"])
    response = client.get(reverse("projects:priority_create", args=[plan.pk]))
    offered = set(response.context["form"].fields["projects"].queryset)
    assert world["project"] in offered
    assert world["other_project"] not in offered


def test_it_asks_why_when_a_priority_status_changes(client, world, plan):
    priority = plan.priorities.get()
    client.force_login(world["admin"])
    url = reverse("projects:priority_edit", args=[priority.pk])
    data = {"title": priority.title, "target_rung": 6, "status": "at_risk", "projects": []}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"status_reason": ["Say why the status is changing"]}
    assert response.content.decode().count("<title>Error: ") == 1
    priority.refresh_from_db()
    assert priority.status == "not_started"
    response = client.post(url, {**data, "status_reason": "The lead is on leave until June."})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.status == "at_risk"
    assert priority.status_changed_at is not None


def test_it_needs_a_computation_for_a_worked_out_metric(client, world, plan):
    client.force_login(world["admin"])
    url = reverse("projects:metric_create", args=[plan.pk])
    data = {
        "name": "Doing with",
        "definition": "Share of classified activities in doing with.",
        "unit": "percent",
        "target": "60",
        "direction": "higher",
        "frequency": "monthly",
        "source": "computed",
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {"computation": ["Choose what to count"]}
    response = client.post(url, {**data, "computation": "doing_with_share"})
    assert response.status_code == 302
    assert Metric.objects.get().computation == "doing_with_share"


def test_it_has_no_reading_form_for_a_worked_out_metric(client, world, plan):
    metric = MetricFactory(plan=plan, source="computed", computation="new_people")
    client.force_login(world["admin"])
    assert client.get(reverse("projects:reading_create", args=[metric.pk])).status_code == 404


def test_it_refuses_a_typed_reading_for_a_worked_out_metric_whoever_asks(world, plan):
    metric = MetricFactory(plan=plan, source="computed", computation="new_people")
    with pytest.raises(ValidationError):
        reading_record(metric=metric, period=datetime.date(2026, 1, 1), value=Decimal(3), user=None)
    assert not Reading.objects.exists()


@pytest.mark.parametrize(
    ("unit", "typed", "message"),
    [
        ("people", "twelve", "Enter the value as a number, like 12 or 12.5"),
        ("people", "NaN", "Enter the value as a number, like 12 or 12.5"),
        ("people", "-3", "Enter a number that is 0 or more"),
        ("people", "99999999", "Enter a number no bigger than 1,000,000"),
        ("percent", "101", "Enter a number no bigger than 100"),
        ("people", "1.234", "Enter the value with no more than 2 decimal places"),
        ("people", "", "Enter the value"),
    ],
)
def test_it_saves_nothing_when_a_reading_is_wrong(client, world, plan, unit, typed, message):
    metric = MetricFactory(plan=plan, unit=unit)
    client.force_login(world["admin"])
    response = client.post(
        reverse("projects:reading_create", args=[metric.pk]),
        {"month": LAST_MONTH.month, "year": LAST_MONTH.year, "value": typed},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"value": [message]}
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Reading.objects.exists()


def test_it_records_and_replaces_a_months_reading(client, world, plan):
    metric = MetricFactory(plan=plan, unit="score")
    client.force_login(world["admin"])
    url = reverse("projects:reading_create", args=[metric.pk])
    month = {"month": LAST_MONTH.month, "year": LAST_MONTH.year}
    assert client.post(url, {**month, "value": "-2.5"}).status_code == 302
    assert client.post(url, {**month, "value": "1,204"}).status_code == 302
    reading = Reading.objects.get()
    assert reading.value == Decimal(1204)
    assert reading.period == LAST_MONTH.replace(day=1)
    assert reading.entered_by == world["admin"]


def test_it_refuses_a_reading_for_a_month_that_has_not_started(client, world, plan):
    metric = MetricFactory(plan=plan)
    client.force_login(world["admin"])
    future = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    response = client.post(
        reverse("projects:reading_create", args=[metric.pk]),
        {"month": future.month, "year": future.year, "value": "3"},
    )
    assert response.status_code == 200
    assert not Reading.objects.exists()


def test_it_shows_standards_priorities_projects_and_metrics(client, world, plan):
    StandardFactory(plan=plan, statement="People choose the agenda.", principle="reflection")
    ActivityFactory(project=world["project"], date=LAST_MONTH, rung=6, rung_status="confirmed")
    manual = MetricFactory(plan=plan, name="Compliments", target=10)
    ReadingFactory(metric=manual, period=LAST_MONTH.replace(day=1), value=12)
    MetricFactory(
        plan=plan,
        name="Co-design count",
        source="computed",
        computation="co_design_or_above",
        target=3,
    )
    client.force_login(world["staff"])
    response = client.get(reverse("projects:plan_detail", args=[plan.pk]))
    page = response.content.decode()
    assert "People choose the agenda." in page
    assert "Principle: Reflection" in page
    assert "Better nights on Willow" in page
    project = response.context["priorities"][0].projects.all()[0]
    assert project.current_rung_label == "Co-design"
    assert project.effective_target_label == "Co-design"  # from the priority
    histories = {h.metric.name: h for h in response.context["histories"]}
    assert len(histories["Compliments"].values) == 24
    assert histories["Compliments"].latest.value == 12
    assert histories["Compliments"].latest.verdict == "Meets target"
    assert histories["Co-design count"].latest.value == 1
    assert histories["Co-design count"].latest.verdict == "Below target"
    assert 'role="img"' in page
    assert "below target" in page


def test_it_reads_the_plan_page_in_a_fixed_number_of_queries(
    client, world, plan, django_assert_num_queries
):
    def grow(n: int) -> None:
        for i in range(n):
            StandardFactory(plan=plan)
            priority = PriorityFactory(plan=plan)
            ProjectFactory(services=[world["service"]], priority=priority)
            MetricFactory(plan=plan, name=f"Hand {i}{n}")
            MetricFactory(
                plan=plan, name=f"Counted {i}{n}", source="computed", computation="new_people"
            )
            MetricFactory(
                plan=plan, name=f"Share {i}{n}", source="computed", computation="doing_with_share"
            )

    client.force_login(world["governance"])
    url = reverse("projects:plan_detail", args=[plan.pk])
    grow(1)
    summaries_catch_up()
    # 1 session, 2 user, 3 plan with its service, 4 priorities, 5 their projects with
    # current rung and visibility, 6 metrics, 7 any change the summary tables have
    # not taken in, 8 activities by month and rung and 9 first involvements by month
    # (the two computations' summaries; people by month are not needed by them),
    # 10 readings, 11 owners, 12 standards.
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    grow(3)
    summaries_catch_up()
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


def test_it_lists_plans_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for _ in range(3):
        plan = PlanFactory()
        StandardFactory(plan=plan)
        MetricFactory(plan=plan)
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 plans with their service and counts (subqueries).
    with django_assert_num_queries(3):
        response = client.get(reverse("projects:plan_list"))
    assert len(response.context["plans"]) == 3


def test_a_project_takes_its_target_rung_from_the_priority_it_delivers(client, world):
    from tests.factories import PlanFactory, PriorityFactory

    plan = PlanFactory(service=world["service"])
    priority = PriorityFactory(plan=plan, title="Nights people choose", target_rung=7)
    project = world["project"]
    project.priority = priority
    project.save()
    client.force_login(world["staff"])
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "Target: Co-production, from the growth plan priority “Nights people choose”." in (
        " ".join(page.split())
    )
    ladder = client.get(reverse("ladder:project", args=[project.pk])).content.decode()
    assert "comes from the growth plan priority" in ladder
    # A target set on the project itself wins.
    project.target_rung = 6
    project.save()
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "Target: Co-design." in " ".join(page.split())
    assert "from the growth plan priority" not in page

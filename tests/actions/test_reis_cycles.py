"""REIS cycles: a ward's assessments over time, compared domain by domain, with
the next one due and the actions raised from the findings."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from actions.reis import DOWN, FIRST, SAME, UP, months_after, reis_cycle
from actions.services import action_raise
from tests.factories import ProjectFactory, ServiceFactory, reis_assessment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 2), 6, datetime.date(2026, 9, 2)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 12, 15), 1, datetime.date(2028, 1, 15)),
    ],
)
def test_months_after_keeps_the_day_or_the_month_end(day, months, expected):
    assert months_after(day, months) == expected


@pytest.fixture
def assessments(world):
    first = reis_assessment(
        world["project"],
        date=datetime.date(2025, 10, 1),
        ratings={"space": 2, "objects": 3, "relationships": 3, "activities": 1},
    )
    second = reis_assessment(
        world["project"],
        date=datetime.date(2026, 4, 1),
        ratings={"space": 3, "objects": 3, "relationships": 2},
        findings={"relationships": "Staff rarely sit with people at meals."},
    )
    return first, second


def test_it_compares_each_domain_with_the_last_time(world, assessments, settings):
    settings.REIS_REASSESSMENT_MONTHS = 6
    first, second = assessments
    cycle = reis_cycle(world["service"], today=datetime.date(2026, 11, 1))
    assert [a.activity for a in cycle.assessments] == [second, first], "newest first"
    latest = {r.domain: (r.change, r.previous) for r in cycle.assessments[0].results}
    assert latest == {
        "space": (UP, 2),
        "objects": (SAME, 3),
        "relationships": (DOWN, 3),
        "activities": ("", 1),  # not scored this time
    }
    assert {r.change for r in cycle.assessments[1].results} == {FIRST}
    assert cycle.next_due == datetime.date(2026, 10, 1)
    assert cycle.reassessment_overdue
    assert not reis_cycle(world["service"], today=datetime.date(2026, 9, 1)).reassessment_overdue


def test_a_domain_missed_once_is_compared_with_its_last_score(world, assessments):
    reis_assessment(world["project"], date=datetime.date(2026, 10, 1), ratings={"activities": 2})
    cycle = reis_cycle(world["service"], today=datetime.date(2026, 11, 1))
    activities = next(r for r in cycle.assessments[0].results if r.domain == "activities")
    assert (activities.change, activities.previous) == (UP, 1)


def test_the_page_shows_scores_changes_next_due_and_actions(client, world, assessments):
    _first, second = assessments
    finding = second.reis_scores.get(domain="relationships")
    action = action_raise(
        what="Staff eat lunch with people twice a week",
        by=world["staff"],
        owner=world["staff"],
        service=world["service"],
        due_on=datetime.date(2026, 7, 1),
        source=finding,
    )
    client.force_login(world["staff"])
    page = client.get(reverse("actions:service_reis", args=[world["service"].pk])).content.decode()
    assert "Staff rarely sit with people at meals." in page
    assert "Down</strong> from 3" in page
    assert "Up</strong> from 2" in page
    assert reverse("actions:action_detail", args=[action.pk]) in page
    assert reverse("actions:raise", args=["reis", finding.pk]) in page
    assert "1 October 2026" in page


def test_governance_reads_the_cycle_but_is_not_offered_to_raise(client, world, assessments):
    client.force_login(world["governance"])
    page = client.get(reverse("actions:service_reis", args=[world["service"].pk])).content.decode()
    assert "Everyday space" in page
    assert "/actions/new/" not in page


def test_the_page_costs_the_same_queries_for_many_assessments(
    client, world, django_assert_num_queries
):
    other_ward_project = ProjectFactory(services=[ServiceFactory(name="Elm ward")])
    reis_assessment(other_ward_project, date=datetime.date(2026, 1, 1), ratings={"space": 1})
    client.force_login(world["staff"])
    url = reverse("actions:service_reis", args=[world["service"].pk])

    def add(n: int, start: int) -> None:
        for month in range(start, start + n):
            activity = reis_assessment(
                world["project"],
                date=datetime.date(2024 + month // 12, month % 12 + 1, 1),
                ratings={"space": 2, "objects": 3},
            )
            action_raise(
                what="Something",
                by=world["staff"],
                service=world["service"],
                source=activity.reis_scores.get(domain="space"),
            )

    add(1, 0)
    # 1 session, 2 user, 3 the service, 4 the service tree, 5 the assessments with
    # their projects, 6 their scores, 7 the actions raised from them with owners.
    with django_assert_num_queries(7):
        client.get(url)
    add(5, 3)
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert page.count("REIS 2024") == 6
    assert "Elm" not in page

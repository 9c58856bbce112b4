"""The reference page, a project's movement and target, and the list by rung."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ladder import services
from ladder.movement import lower_median, rung_over_time, target_gap_text
from projects.models import Activity
from projects.rungs import Rung, RungStatus
from tests.factories import CONSULTATION_ANSWERS, ActivityFactory

pytestmark = pytest.mark.django_db


def classified(project, day: datetime.date, rung: int, **fields) -> Activity:
    """An activity with the ladder's fields set directly, as the service leaves them."""
    fields.setdefault("rung_status", RungStatus.PROPOSED)
    return ActivityFactory(project=project, date=day, rung=rung, **fields)


# The reference page ----------------------------------------------------------------


def test_the_reference_lists_rungs_top_down_with_examples_the_viewer_can_see(client, world):
    mine = classified(world["project"], datetime.date(2026, 2, 1), Rung.CO_DESIGN, title="Menu")
    classified(world["other_project"], datetime.date(2026, 3, 1), Rung.CO_DESIGN, title="Café")
    client.force_login(world["expert"])
    response = client.get(reverse("ladder:reference"))
    assert response.status_code == 200
    text = response.text
    assert (
        text.index("Co-production</h3>")
        < text.index("Co-design</h3>")
        < text.index("Coercion</h3>")
    )
    assert reverse("projects:activity_detail", args=[mine.pk]) in text
    assert "Café" not in text
    assert "Think Local Act Personal" in text


def test_the_reference_shows_the_latest_example_of_each_rung(client, world):
    project = world["project"]
    classified(project, datetime.date(2025, 1, 1), Rung.ENGAGEMENT, title="Older one")
    classified(project, datetime.date(2026, 1, 1), Rung.ENGAGEMENT, title="Newer one")
    client.force_login(world["staff"])
    text = client.get(reverse("ladder:reference")).text
    assert "Newer one" in text
    assert "Older one" not in text


# Movement ---------------------------------------------------------------------------


def test_a_quarter_takes_the_lower_middle_rung():
    assert lower_median([7, 3]) == 3
    assert lower_median([4, 7, 5]) == 5


def test_movement_compares_each_quarter_with_the_last_one_classified():
    periods = rung_over_time(
        [
            (datetime.date(2025, 1, 10), Rung.CONSULTATION),
            (datetime.date(2025, 2, 10), Rung.INFORMING),
            (datetime.date(2025, 8, 1), Rung.CO_DESIGN),
            (datetime.date(2025, 11, 1), Rung.ENGAGEMENT),
        ]
    )
    assert [(p.label, p.rung, p.movement) for p in periods] == [
        ("January to March 2025", Rung.INFORMING, 0),
        ("July to September 2025", Rung.CO_DESIGN, 3),
        ("October to December 2025", Rung.ENGAGEMENT, -1),
    ]
    assert periods[1].movement_text == "Up 3 rungs"
    assert periods[2].movement_text == "Down 1 rung"


def test_the_gap_to_the_target_is_in_words():
    assert target_gap_text(Rung.CONSULTATION, Rung.CO_DESIGN) == (
        "2 rungs below its target of Co-design."
    )
    assert target_gap_text(Rung.CO_PRODUCTION, Rung.CO_DESIGN).startswith("At or above")
    assert target_gap_text(None, None) == "No target set yet."


def test_the_project_page_shows_movement_target_and_contested_activities(client, world):
    project = world["project"]
    project.target_rung = Rung.CO_PRODUCTION
    project.save()
    classified(project, datetime.date(2025, 1, 10), Rung.CONSULTATION)
    classified(
        project,
        datetime.date(2025, 4, 10),
        Rung.CO_PRODUCTION,
        title="Garden day",
        rung_status=RungStatus.CONTESTED,
        faux_production=True,
    )
    client.force_login(world["expert"])
    response = client.get(reverse("ladder:project", args=[project.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Up 3 rungs" in text
    assert "At or above its target of Co-production." in text
    assert "Garden day" in text
    assert "Contested" in text
    assert "<svg" in text
    assert "<table" in text
    assert "Set a target" not in text
    assert "Change" not in text


def test_a_lead_sets_the_target(client, world):
    project = world["project"]
    client.force_login(world["co_lead"])
    url = reverse("ladder:project_target", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"target_rung": Rung.CO_DESIGN})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.target_rung == Rung.CO_DESIGN
    assert project.history.first().target_rung == Rung.CO_DESIGN


def test_the_target_needs_a_rung(client, world):
    client.force_login(world["staff"])
    response = client.post(reverse("ladder:project_target", args=[world["project"].pk]), {})
    assert response.status_code == 200
    assert "Choose the rung this project should reach" in response.text


def test_the_target_refuses_members_outsiders_and_other_methods(client, world):
    url = reverse("ladder:project_target", args=[world["project"].pk])
    client.force_login(world["expert"])
    assert client.post(url, {"target_rung": 7}).status_code == 403
    client.force_login(world["other_staff"])
    assert client.post(url, {"target_rung": 7}).status_code == 404
    client.force_login(world["staff"])
    assert client.delete(url).status_code == 405
    client.logout()
    assert client.post(url, {"target_rung": 7})["Location"].startswith(reverse("accounts:login"))
    world["project"].refresh_from_db()
    assert world["project"].target_rung is None


# The list by rung -------------------------------------------------------------------


def test_the_list_filters_by_rung_group_status_and_flag(client, world):
    project = world["project"]
    classified(project, datetime.date(2026, 1, 1), Rung.CO_DESIGN, title="Designing menus")
    classified(
        project,
        datetime.date(2026, 1, 2),
        Rung.CONSULTATION,
        title="Survey said co-production",
        faux_production=True,
    )
    classified(world["other_project"], datetime.date(2026, 1, 3), Rung.CO_DESIGN, title="Café")
    client.force_login(world["staff"])
    url = reverse("projects:activity_list")

    def titles(**query) -> set[str]:
        page = client.get(url, query).context["page"]
        return {activity.title for activity in page}

    assert titles(rung=Rung.CO_DESIGN) == {"Designing menus"}
    assert titles(group="doing_for") == {"Survey said co-production"}
    assert titles(flagged="on") == {"Survey said co-production"}
    assert titles(rung_status="unclassified") == {"Night-time routine workshop"}
    assert "Café" not in titles()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_project_page_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, rows
):
    project = world["project"]
    for n in range(rows):
        classified(project, datetime.date(2025, n % 12 + 1, 1), Rung(n % 7 + 1))
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 the project with its edit right, 4 classified activities,
    # 5 the count not classified.
    with django_assert_num_queries(5):
        assert client.get(reverse("ladder:project", args=[project.pk])).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_reference_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, rows
):
    for n in range(rows):
        classified(world["project"], datetime.date(2025, 1, n % 28 + 1), Rung(n % 7 + 1))
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 the latest visible activity per rung (one window query).
    with django_assert_num_queries(3):
        assert client.get(reverse("ladder:reference")).status_code == 200


def test_the_activity_ladder_page_shows_history_to_readers(client, world):
    services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )
    client.force_login(world["governance"])
    response = client.get(reverse("ladder:activity", args=[world["activity"].pk]))
    assert response.status_code == 200
    assert "Were they asked for their views?" in response.text
    assert "Classify again" not in response.text

"""Overdue actions on the dashboard, within its services filter."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActionFactory, ServiceFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def panel(response) -> str:
    content = response.content.decode()
    return content.split('data-panel="overdue-actions"')[1].split("</section>")[0]


@pytest.fixture
def overdue(world):
    elm = ServiceFactory(name="Elm ward")
    return {
        "willow": ActionFactory(
            service=world["service"], owner=world["staff"], due_on=days(-3), what="Willow late"
        ),
        "elm": ActionFactory(service=elm, due_on=days(-10), what="Elm late"),
        "not_yet": ActionFactory(service=world["service"], due_on=days(3), what="Willow soon"),
        "done": ActionFactory(
            service=world["service"], due_on=days(-3), status="done", evidence="Yes."
        ),
        "elm_service": elm,
    }


def test_it_lists_overdue_actions_longest_overdue_first(client, world, overdue):
    client.force_login(world["governance"])
    shown = panel(client.get(URL))
    assert "2 actions</strong> are past their due date" in shown
    assert shown.index("Elm late") < shown.index("Willow late")
    assert "Willow soon" not in shown


def test_it_keeps_to_the_services_chosen(client, world, overdue):
    client.force_login(world["governance"])
    shown = panel(client.get(URL, {"service": overdue["elm_service"].pk}))
    assert "1 action</strong> is past its due date" in shown
    assert "Elm late" in shown
    assert "Willow late" not in shown


def test_staff_see_the_count_and_only_the_actions_they_may_open(client, world, overdue):
    client.force_login(world["other_staff"])
    shown = panel(client.get(URL))
    assert "2 actions</strong>" in shown
    assert "Willow late" not in shown
    assert "Elm late" not in shown
    assert "None of them belongs to a service you are in." in shown
    client.force_login(world["staff"])
    shown = panel(client.get(URL))
    assert "Willow late" in shown
    assert "Elm late" not in shown


def test_the_panel_costs_the_same_queries_for_many_actions(client, world, overdue):
    client.force_login(world["governance"])
    client.get(URL)  # the figures are worked out and stored; both views below read them
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        counts.append(len(queries))
        for _ in range(15):
            ActionFactory(service=world["service"], due_on=days(-1))
    assert counts[0] == counts[1]
    assert panel(client.get(URL)).count("/actions/") >= 10

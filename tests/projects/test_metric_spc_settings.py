"""Admins set how a metric's SPC chart reads it: run lengths, conflicts, a baseline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.models import Metric
from tests.factories import MetricFactory, PlanFactory

pytestmark = pytest.mark.django_db


def metric_data(**overrides) -> dict:
    data = {
        "name": "Compliments",
        "definition": "Compliments each month.",
        "unit": "count",
        "target": "8",
        "direction": "higher",
        "frequency": "monthly",
        "source": "manual",
        "shift_length": "7",
        "trend_length": "8",
        "conflict": "neither",
        "baseline_from_day": "15",
        "baseline_from_month": "1",
        "baseline_from_year": "2025",
        "baseline_to_day": "3",
        "baseline_to_month": "12",
        "baseline_to_year": "2025",
    }
    return {**data, **overrides}


def test_an_admin_sets_run_lengths_conflict_and_a_baseline_in_whole_months(client, admin):
    plan = PlanFactory()
    client.force_login(admin)
    page = client.get(reverse("projects:metric_create", args=[plan.pk])).content.decode()
    assert "How the SPC chart reads it" in page
    assert "A <strong>baseline</strong> fixes" in page
    response = client.post(reverse("projects:metric_create", args=[plan.pk]), metric_data())
    assert response.status_code == 302
    metric = Metric.objects.get()
    assert (metric.shift_length, metric.trend_length, metric.conflict) == (7, 8, "neither")
    # Any day in the month stands for the month.
    assert metric.baseline_from == datetime.date(2025, 1, 1)
    assert metric.baseline_to == datetime.date(2025, 12, 1)
    assert metric.history.count() == 1


def test_a_metric_saved_without_the_settings_keeps_the_usual_ones(client, admin):
    metric = MetricFactory(plan=PlanFactory(), shift_length=8)
    client.force_login(admin)
    data = metric_data()
    for name in ("shift_length", "trend_length", "conflict"):
        del data[name]
    response = client.post(reverse("projects:metric_edit", args=[metric.pk]), data)
    assert response.status_code == 302
    metric.refresh_from_db()
    assert (metric.shift_length, metric.trend_length, metric.conflict) == (8, 6, "concern")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"baseline_to_month": "1"},
            "baseline_to",
            "The last month of the baseline must be after the first month",
        ),
        (
            {"baseline_to_day": "", "baseline_to_month": "", "baseline_to_year": ""},
            "baseline_to",
            "Enter the last month of the baseline, or clear both",
        ),
        (
            {"baseline_from_day": "", "baseline_from_month": "", "baseline_from_year": ""},
            "baseline_from",
            "Enter the first month of the baseline, or clear both",
        ),
        ({"shift_length": "5"}, "shift_length", "Select a valid choice"),
        ({"trend_length": "9"}, "trend_length", "Select a valid choice"),
    ],
)
def test_it_explains_a_wrong_setting_and_keeps_what_was_typed(
    client, admin, changes, field, message
):
    plan = PlanFactory()
    client.force_login(admin)
    response = client.post(
        reverse("projects:metric_create", args=[plan.pk]), metric_data(**changes)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}' in page
    assert 'value="Compliments"' in page
    assert not Metric.objects.exists()

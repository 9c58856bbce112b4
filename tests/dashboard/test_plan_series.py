"""The dashboard's computed metric series for every plan at once, from rows read
once and filed by plan and month, must say what each named computation says for
that plan alone, month by month; and so must the plan page's, read plan by plan."""

from __future__ import annotations

import datetime

import pytest

from dashboard.read.plans import _filed_records
from projects.metrics import COMPUTATIONS, metric_series, months_ending, next_month
from projects.models import Computation, Metric, Plan, Service
from tests.dashboard.data import build, services
from tests.factories import InvolvementFactory, MetricFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_every_plan_gets_what_each_computation_says_for_it_alone():
    data = build(services(), copies=2)
    # A payment in a later month than the activity, and a person new to Oak.
    oak_activity = data.oak.projects.first().activities.first()
    InvolvementFactory(
        activity=oak_activity,
        person=data.people[0],
        hours=2,
        fee_paid_pence=3000,
        paid_on=datetime.date(2025, 10, 3),
    )
    division_plan = PlanFactory(service=data.division, start_year=2030, end_year=2032)
    charity_plan = PlanFactory(service=None, start_year=2030, end_year=2032)
    for plan in (division_plan, charity_plan, *Plan.objects.filter(service=data.willow)):
        for computation in Computation.values:
            MetricFactory(plan=plan, source="computed", computation=computation)
    computed = list(Metric.objects.filter(source="computed").order_by("plan", "order", "pk"))
    months = months_ending(datetime.date(2025, 12, 31), 12)

    # What the dashboard hides is tested in tests/dashboard/test_disclosure.py.
    filed = _filed_records(
        computed,
        {plan.pk: plan for plan in Plan.objects.all()},
        list(Service.objects.all()),
        months,
    )
    series = metric_series(computed, months, filed=filed)
    plan_by_plan = metric_series(computed, months)

    checked = 0
    for metric in computed:
        scope = metric.plan.service_ids()
        expected = [
            COMPUTATIONS[metric.computation](scope, month, next_month(month)) for month in months
        ]
        assert series[metric.pk] == expected, metric.computation
        assert plan_by_plan[metric.pk] == expected, metric.computation
        checked += sum(1 for value in expected if value)
    assert checked > 20  # the data really exercises the computations

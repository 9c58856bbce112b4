"""Growth plans: each metric's latest value against target, with SPC icons."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q

from dashboard import spc
from dashboard.read.filters import (
    SPC_MONTHS,
    Filters,
    _children,
    _descendants,
)
from projects.metrics import COMPUTATIONS, Records, months_ending, next_month
from projects.models import Activity, Involvement, Metric, Plan, Priority, Project, Reading, Service

# Growth plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class MetricStatus:
    metric: Metric
    latest_month: datetime.date | None
    latest: Decimal | None
    analysis: spc.SpcResult

    @property
    def variation(self) -> str:
        return VARIATION_LABELS.get(self.analysis.variation_icon or "", "Not enough data")

    @property
    def assurance(self) -> str:
        return ASSURANCE_LABELS.get(self.analysis.assurance_icon or "", "No assurance yet")


VARIATION_LABELS = {
    "common_cause": "Common cause",
    "improvement_high": "Improving (high)",
    "improvement_low": "Improving (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neither_high": "Unusually high",
    "neither_low": "Unusually low",
}
ASSURANCE_LABELS = {
    "pass": "Consistently passing",
    "fail": "Consistently failing",
    "hit_or_miss": "Hit or miss",
}


@dataclass
class PlanRow:
    plan: Plan
    priorities: dict[str, int] = field(default_factory=dict)  # status -> count
    metrics: list[MetricStatus] = field(default_factory=list)

    @property
    def priority_summary(self) -> list[tuple[str, int]]:
        return [
            (label, self.priorities[value])
            for value, label in Priority.Status.choices
            if self.priorities.get(value)
        ]


def plan_rows(filters: Filters, services: list[Service]) -> list[PlanRow]:
    """Every active or draft plan in scope, its priorities by status, and each metric's
    latest value in the period with its SPC icons over the months up to then.

    Queries: plans (1), priorities by status (1), metrics (1), readings (1), and the
    records behind computed metrics for every plan at once: projects' services (1),
    activities (1), involvements (1), first involvements (1).
    """
    plans = Plan.objects.exclude(status=Plan.Status.ARCHIVED).select_related("service")
    if filters.service_ids is not None:
        plans = plans.filter(service__in=filters.service_ids)
    rows = {plan.pk: PlanRow(plan) for plan in plans.order_by("service__name", "-start_year")}
    if not rows:
        return []
    for plan_id, status, n in (
        Priority.objects.filter(plan__in=rows)
        .order_by()
        .values_list("plan", "status")
        .annotate(n=Count("pk"))
    ):
        rows[plan_id].priorities[status] = n
    plan_metrics = list(Metric.objects.filter(plan__in=rows).order_by("plan", "order", "pk"))
    months = months_ending(filters.last_day, SPC_MONTHS)
    typed: dict[tuple[int, datetime.date], Decimal] = {}
    if any(not metric.is_computed for metric in plan_metrics):
        typed = {
            (metric_id, period): value
            for metric_id, period, value in Reading.objects.filter(
                metric__in=[m.pk for m in plan_metrics if not m.is_computed],
                period__gte=months[0],
                period__lte=months[-1],
            ).values_list("metric_id", "period", "value")
        }
    computed = _computed_series(
        [metric for metric in plan_metrics if metric.is_computed],
        {pk: row.plan for pk, row in rows.items()},
        services,
        months,
    )
    for metric in plan_metrics:
        if metric.is_computed:
            values = computed[metric.pk]
        else:
            values = [typed.get((metric.pk, month)) for month in months]
        points = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
        analysis = spc.analyse(points, direction=metric.direction, target=metric.target)
        latest = points[-1] if points else (None, None)
        rows[metric.plan_id].metrics.append(MetricStatus(metric, latest[0], latest[1], analysis))
    return list(rows.values())


def _computed_series(
    computed: list[Metric],
    plans: dict[int, Plan],
    services: list[Service],
    months: list[datetime.date],
) -> dict[int, list[Decimal | None]]:
    """Each computed metric's monthly values, with the rows for every plan read once.

    `projects.metrics.Records` reads rows for one set of services; here the rows for
    all services are read once and each plan's share is handed to a `Records`, so
    the tested computations do the reducing and the query count does not grow with
    the number of plans.
    """
    if not computed:
        return {}
    start, end = months[0], next_month(months[-1])
    project_services: dict[int, set[int]] = defaultdict(set)
    for project_id, service_id in Project.services.through.objects.values_list(
        "project_id", "service_id"
    ):
        project_services[project_id].add(service_id)
    activities = list(
        Activity.objects.in_period(start, end)
        .order_by()
        .values_list("project_id", "date", "rung", "rung_status")
    )
    involvements = list(
        Involvement.objects.lived_experience()
        .filter(
            Q(activity__date__gte=start, activity__date__lt=end)
            | Q(paid_on__gte=start, paid_on__lt=end)
        )
        .order_by()
        .values_list("activity__project_id", "activity__date", "person_id", "hours", "paid_on")
    )
    firsts = list(
        Involvement.objects.lived_experience()
        .order_by()
        .values("person", "activity__project")
        .annotate(first=Min("activity__date"))
        .values_list("person", "activity__project", "first")
    )
    tree = _children(services)
    series: dict[int, list[Decimal | None]] = {}
    for plan_id, plan_metrics in itertools.groupby(computed, key=lambda m: m.plan_id):
        plan = plans[plan_id]
        scope = _descendants(tree, plan.service_id) if plan.service_id else None
        projects = {pk for pk, ids in project_services.items() if scope is None or ids & scope}
        records = Records(frozenset(scope or ()), start, end)
        # Records' rows are cached properties: set them instead of querying again.
        records.activities = [(d, r, s) for p, d, r, s in activities if p in projects]
        records.involvements = [
            (d, who, h, paid) for p, d, who, h, paid in involvements if p in projects
        ]
        first: dict[int, datetime.date] = {}
        for person, project, day in firsts:
            if project in projects and (person not in first or day < first[person]):
                first[person] = day
        records.first_involved = [day for day in first.values() if start <= day < end]
        for metric in plan_metrics:
            reduce = COMPUTATIONS[metric.computation].reduce
            series[metric.pk] = [reduce(records, month, next_month(month)) for month in months]
    return series

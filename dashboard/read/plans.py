"""Growth plans: each metric's latest value against target, with SPC icons."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q

from charts import spc
from dashboard.read import suppression
from dashboard.read.filters import (
    SPC_MONTHS,
    Filters,
    _children,
    _descendants,
)
from projects.metrics import (
    Records,
    involvements_in_window,
    metric_series,
    months_ending,
    next_month,
)
from projects.models import (
    Activity,
    Computation,
    Involvement,
    Metric,
    Plan,
    Priority,
    Project,
    Service,
)
from projects.models.summaries import ORGANISATION

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
    activities (1), involvements (1), and first involvements (1) only when a plan
    counts people involved for the first time.
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
    plans = {pk: row.plan for pk, row in rows.items()}
    for status in metric_statuses(plan_metrics, plans, services, filters.last_complete_day):
        rows[status.metric.plan_id].metrics.append(status)
    return list(rows.values())


def spc_settings(metric: Metric) -> spc.SpcSettings:
    return spc.SpcSettings(
        shift_length=metric.shift_length,
        trend_length=metric.trend_length,
        conflict=metric.conflict,
    )


def metric_months(metric: Metric, last_day: datetime.date) -> list[datetime.date]:
    """The months a metric's SPC chart covers: the 24 up to `last_day`, reaching back
    further when its baseline starts earlier (the limits come from the baseline)."""
    months = months_ending(last_day, SPC_MONTHS)
    if metric.has_baseline and metric.baseline_from < months[0]:
        month, earlier = metric.baseline_from, []
        while month < months[0]:
            earlier.append(month)
            month = next_month(month)
        months = earlier + months
    return months


def metric_statuses(
    plan_metrics: list[Metric],
    plans: dict[int, Plan],
    services: list[Service],
    last_day: datetime.date,
    *,
    raw: bool = False,
) -> list[MetricStatus]:
    """Each metric's values by month up to `last_day` and its SPC analysis, with its
    own run lengths, conflict setting and baseline.

    Queries: readings (1), and for computed metrics their values for every plan at
    once from the summary tables (`projects.metrics.metric_series`: 3, or 4 when a
    metric counts new people, after catching the summaries up). `raw` works them out
    from the raw rows instead (projects' services, activities, involvements, and
    first involvements for new people): what `manage.py summaries --check` compares.
    """
    windows = {metric.pk: metric_months(metric, last_day) for metric in plan_metrics}
    first = min((w[0] for w in windows.values()), default=None)
    if first is None:
        return []
    everything = [first]
    while everything[-1] < windows[plan_metrics[0].pk][-1]:
        everything.append(next_month(everything[-1]))
    computed = [metric for metric in plan_metrics if metric.is_computed]
    series = metric_series(
        plan_metrics,
        everything,
        filed=_filed_records(computed, plans, services, everything) if raw else None,
        shown=suppression.figure,
        scopes={pk: plan.service_id or ORGANISATION for pk, plan in plans.items()},
    )
    statuses = []
    for metric in plan_metrics:
        months = windows[metric.pk]
        by_month = dict(zip(everything, series[metric.pk], strict=True))
        values = [by_month[month] for month in months]
        points = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
        analysis = spc.analyse(
            points,
            direction=metric.direction,
            target=metric.target,
            baseline=(metric.baseline_from, metric.baseline_to) if metric.has_baseline else None,
            settings=spc_settings(metric),
        )
        latest = points[-1] if points else (None, None)
        statuses.append(MetricStatus(metric, latest[0], latest[1], analysis))
    return statuses


def _projects_of_plans(
    plans: set[Plan],
    tree: dict[int | None, list[int]],
    projects_of_service: dict[int, set[int]],
) -> set[int] | None:
    """Every project some plan's metrics count, or None when a plan counts all."""
    needed: set[int] = set()
    for plan in plans:
        if not plan.service_id:
            return None
        for service_id in _descendants(tree, plan.service_id):
            needed |= projects_of_service[service_id]
    return needed


def _involvement_rows(lived, start: datetime.date, end: datetime.date, needed: set[int] | None):
    """(project, activity date, person, hours, paid on) of each involvement whose
    activity or payment falls in the window. For some projects, the indexed UNION
    of `projects.metrics`; for the whole organisation one query with OR reads every
    row once, which is quicker when nearly every row is wanted."""
    fields = ("activity__project_id", "activity__date", "person_id", "hours", "paid_on")
    if needed is not None:
        return involvements_in_window(lived, start, end, *fields)
    return lived.filter(
        Q(activity__date__gte=start, activity__date__lt=end)
        | Q(paid_on__gte=start, paid_on__lt=end)
    ).values_list(*fields)


def _filed_records(
    computed: list[Metric],
    plans: dict[int, Plan],
    services: list[Service],
    months: list[datetime.date],
) -> dict[int, list[Records]]:
    """For each plan with computed metrics, one `Records` a month, filled from rows
    read once for every plan, for `projects.metrics.metric_series` to reduce.

    `projects.metrics.Records` reads rows for one set of services; here the rows for
    all services are read once and each plan's share is handed to a `Records`, so
    the tested computations do the reducing and the query count does not grow with
    the number of plans.

    The rows are filed by project and then by month before reducing, so each
    plan touches only its own projects' rows and each month's reduction only
    that month's rows: the work grows with the rows, not rows x plans x months.
    The reductions still check their own dates, so a row filed under two months
    (an involvement paid in a later month) is counted where it belongs.
    """
    if not computed:
        return {}
    start, end = months[0], next_month(months[-1])
    slot = {(month.year, month.month): n for n, month in enumerate(months)}
    projects_of_service: dict[int, set[int]] = defaultdict(set)
    for project_id, service_id in Project.services.through.objects.values_list(
        "project_id", "service_id"
    ):
        projects_of_service[service_id].add(project_id)
    tree = _children(services)
    # Only the rows of the plans' own projects, unless a plan covers everything (the
    # dashboard): one plan's page or report then reads a service's rows, not the
    # whole organisation's.
    needed = _projects_of_plans(
        {plans[metric.plan_id] for metric in computed}, tree, projects_of_service
    )
    activity_rows = Activity.objects.in_period(start, end).order_by()
    lived = Involvement.objects.lived_experience().order_by()
    if needed is not None:
        activity_rows = activity_rows.filter(project_id__in=needed)
        lived = lived.filter(activity__project_id__in=needed)
    activities: dict[int, list] = defaultdict(list)
    for project_id, day, rung, status in activity_rows.values_list(
        "project_id", "date", "rung", "rung_status"
    ):
        activities[project_id].append((day, rung, status))
    involvements: dict[int, list] = defaultdict(list)
    for project_id, day, person, hours, paid_on in _involvement_rows(lived, start, end, needed):
        involvements[project_id].append((day, person, hours, paid_on))
    # Everyone's first involvement, project by project: the costliest read, so
    # only when a plan counts new people.
    firsts: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    if any(metric.computation == Computation.NEW_PEOPLE for metric in computed):
        for person, project, day in (
            lived.values("person", "activity__project")
            .annotate(first=Min("activity__date"))
            .values_list("person", "activity__project", "first")
        ):
            firsts[project].append((person, day))
    filed: dict[int, list[Records]] = {}
    for plan_id, _metrics in itertools.groupby(computed, key=lambda m: m.plan_id):
        plan = plans[plan_id]
        scope = _descendants(tree, plan.service_id) if plan.service_id else None
        service_ids = scope if scope is not None else projects_of_service.keys()
        projects = set().union(*(projects_of_service[pk] for pk in service_ids))
        monthly = [Records(frozenset(scope or ()), month, next_month(month)) for month in months]
        for records in monthly:
            # Records' rows are cached properties: set them instead of querying again.
            records.activities, records.involvements, records.first_involved = [], [], []
        first: dict[int, datetime.date] = {}
        for project in projects:
            for row in activities.get(project, ()):
                monthly[slot[row[0].year, row[0].month]].activities.append(row)
            for row in involvements.get(project, ()):
                day, paid_on = row[0], row[3]
                done = None
                if start <= day < end:
                    done = slot[day.year, day.month]
                    monthly[done].involvements.append(row)
                if paid_on is not None and start <= paid_on < end:
                    paid_slot = slot[paid_on.year, paid_on.month]
                    if paid_slot != done:
                        monthly[paid_slot].involvements.append(row)
            for person, day in firsts.get(project, ()):
                if person not in first or day < first[person]:
                    first[person] = day
        for day in first.values():
            if start <= day < end:
                monthly[slot[day.year, day.month]].first_involved.append(day)
        filed[plan_id] = monthly
    return filed

"""The dashboard's read model: every figure on the page, for one set of filters.

Each function takes a `Filters` and runs one or two aggregate queries, whatever
the amount of data; nothing here loops over rows to query again. The scope is a
set of service ids (a service and everything below it) or None for the whole
charity; a project shared by two services in scope counts once.

Periods are half-open: `start` is included, `end` is not. The previous period is
the one of the same length that ends where this one starts.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth

from dashboard import spc
from principles.models import Answer, Invitation
from principles.results import MIN_GROUP, SIDES, side_of
from principles.texts import CODES
from principles.texts import Principle as PrincipleText
from projects.metrics import COMPUTATIONS, Records, month_start, months_ending, next_month
from projects.models import Activity, Involvement, Metric, Plan, Priority, Project, Reading, Service
from projects.rungs import RUNGS_IN_GROUP, Group, Rung, RungStatus

DOING_WITH = frozenset(RUNGS_IN_GROUP[Group.DOING_WITH])
SPC_MONTHS = 24  # enough points for process limits (15) with room to see a shift
QUIET_DAYS = 90  # a service with no lived-experience involvement for this long is flagged
TOP_SHARE = Decimal("0.1")  # "the most involved 10% of people"


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date  # not included
    label: str
    service_ids: frozenset[int] | None = None  # None: every service
    scope_label: str = "All services"

    @property
    def previous(self) -> Filters:
        length = self.end - self.start
        return Filters(
            start=self.start - length,
            end=self.start,
            label="the previous period",
            service_ids=self.service_ids,
            scope_label=self.scope_label,
        )

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches, oldest first."""
        found, month = [], month_start(self.start)
        while month < self.end:
            found.append(month)
            month = next_month(month)
        return found


def projects_in(filters: Filters):
    """The projects in scope, as a subquery (so a shared project counts once)."""
    if filters.service_ids is None:
        return Project.objects.values("pk")
    return Project.objects.filter(services__in=filters.service_ids).values("pk")


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


# Headlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: Decimal | int | None
    previous: Decimal | int | None
    unit: str = ""  # "percent", "pounds", "hours" or "" for a count
    hint: str = ""
    higher_is_better: bool | None = True

    @property
    def change(self) -> Decimal | int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def shown(self) -> str:
        return _format(self.value, self.unit)

    @property
    def change_words(self) -> str:
        change = self.change
        if change is None:
            return "No figure for the previous period"
        if change == 0:
            return "No change on the previous period"
        amount = _format(abs(change), self.unit)
        if self.unit == "percent":
            amount = f"{abs(change)} percentage points"
        return f"{'Up' if change > 0 else 'Down'} {amount} on the previous period"


def _format(value: Decimal | int | None, unit: str) -> str:
    if value is None:
        return "No data"
    if unit == "percent":
        return f"{value}%"
    if unit == "pounds":
        return f"£{value:,.2f}"
    if unit == "hours":
        return f"{value.normalize() if isinstance(value, Decimal) else value:,f} hours"
    return f"{value:,}"


def headlines(filters: Filters) -> list[Headline]:
    """The page's headline figures for the period and the one before it.

    Queries: activities (1), lived-experience involvement and payments (1), people
    involved for the first time (1), principle invitations and responses (1).
    """
    previous = filters.previous
    now = Q(date__gte=filters.start, date__lt=filters.end)
    before = Q(date__gte=previous.start, date__lt=previous.end)
    classified = Q(rung__isnull=False)
    doing_with = Q(rung__in=DOING_WITH)
    activity = (
        Activity.objects.filter(project__in=projects_in(filters))
        .filter(date__gte=previous.start, date__lt=filters.end)
        .aggregate(
            projects=Count("project", distinct=True, filter=now),
            projects_before=Count("project", distinct=True, filter=before),
            activities=Count("pk", filter=now),
            activities_before=Count("pk", filter=before),
            classified=Count("pk", filter=now & classified),
            classified_before=Count("pk", filter=before & classified),
            doing_with=Count("pk", filter=now & doing_with),
            doing_with_before=Count("pk", filter=before & doing_with),
            faux=Count("pk", filter=now & Q(faux_production=True)),
            faux_before=Count("pk", filter=before & Q(faux_production=True)),
            contested=Count("pk", filter=now & Q(rung_status=RungStatus.CONTESTED)),
            contested_before=Count("pk", filter=before & Q(rung_status=RungStatus.CONTESTED)),
        )
    )
    involved_now = Q(activity__date__gte=filters.start, activity__date__lt=filters.end)
    involved_before = Q(activity__date__gte=previous.start, activity__date__lt=previous.end)
    paid_now = Q(paid_on__gte=filters.start, paid_on__lt=filters.end)
    paid_before = Q(paid_on__gte=previous.start, paid_on__lt=previous.end)
    involvement = (
        Involvement.objects.lived_experience()
        .filter(activity__project__in=projects_in(filters))
        .filter(
            Q(activity__date__gte=previous.start, activity__date__lt=filters.end)
            | Q(paid_on__gte=previous.start, paid_on__lt=filters.end)
        )
        .aggregate(
            people=Count("person", distinct=True, filter=involved_now),
            people_before=Count("person", distinct=True, filter=involved_before),
            hours_now=Sum("hours", filter=involved_now),
            hours_before=Sum("hours", filter=involved_before),
            fees=Sum("fee_paid_pence", filter=paid_now),
            fees_before=Sum("fee_paid_pence", filter=paid_before),
            expenses=Sum("expenses_pence", filter=paid_now),
            expenses_before=Sum("expenses_pence", filter=paid_before),
        )
    )
    firsts = first_involvements(filters, since=previous.start)
    new = sum(1 for day in firsts if filters.start <= day < filters.end)
    new_before = sum(1 for day in firsts if previous.start <= day < previous.end)
    rates = response_rates(filters)

    def pounds(pence: int | None, expenses: int | None) -> Decimal:
        return Decimal((pence or 0) + (expenses or 0)) / 100

    a, i = activity, involvement
    return [
        Headline(
            "projects",
            "Projects with activity",
            a["projects"],
            a["projects_before"],
            hint="Projects that logged at least one activity in the period.",
        ),
        Headline("activities", "Activities", a["activities"], a["activities_before"]),
        Headline(
            "doing_with",
            "Activities in “doing with”",
            _share(a["doing_with"], a["classified"]),
            _share(a["doing_with_before"], a["classified_before"]),
            unit="percent",
            hint="Share of classified activities at co-design or co-production.",
        ),
        Headline(
            "people",
            "People with lived experience involved",
            i["people"],
            i["people_before"],
            hint=f"{new} new and {i['people'] - new} returning.",
        ),
        Headline(
            "new_people",
            "People involved for the first time",
            new,
            new_before,
        ),
        Headline(
            "hours",
            "Hours given by people with lived experience",
            i["hours_now"] or Decimal(0),
            i["hours_before"] or Decimal(0),
            unit="hours",
        ),
        Headline(
            "payments",
            "Payments made",
            pounds(i["fees"], i["expenses"]),
            pounds(i["fees_before"], i["expenses_before"]),
            unit="pounds",
            hint="Fees and expenses paid in the period, by the date paid.",
            higher_is_better=None,
        ),
        Headline(
            "faux",
            "Possible faux-production",
            a["faux"],
            a["faux_before"],
            hint="Called co-production, but the evidence says otherwise.",
            higher_is_better=False,
        ),
        Headline(
            "contested",
            "Contested classifications",
            a["contested"],
            a["contested_before"],
            hint="People who took part disagreed with the rung given.",
            higher_is_better=None,
        ),
        Headline(
            "response_rate",
            "Principles ratings returned",
            rates.rate,
            rates.previous_rate,
            unit="percent",
            hint=f"{rates.responses} of {rates.invitations} invitations to rounds that "
            "opened in the period."
            if rates.invitations
            else "No rounds opened in the period.",
        ),
    ]


def first_involvements(filters: Filters, *, since: datetime.date) -> list[datetime.date]:
    """The date each person first took part in the services in scope, for people
    whose first time is on or after `since` and before the period ends (1 query)."""
    return list(
        Involvement.objects.lived_experience()
        .filter(activity__project__in=projects_in(filters))
        .order_by()
        .values("person")
        .annotate(first=Min("activity__date"))
        .filter(first__gte=since, first__lt=filters.end)
        .values_list("first", flat=True)
    )


@dataclass(frozen=True)
class ResponseRates:
    invitations: int
    responses: int
    previous_invitations: int
    previous_responses: int

    @property
    def rate(self) -> Decimal | None:
        return _share(self.responses, self.invitations)

    @property
    def previous_rate(self) -> Decimal | None:
        return _share(self.previous_responses, self.previous_invitations)


def response_rates(filters: Filters) -> ResponseRates:
    """Invitations and submitted responses for rounds that opened in the period
    and in the one before (1 query)."""
    previous = filters.previous
    now = Q(round__opens_on__gte=filters.start, round__opens_on__lt=filters.end)
    before = Q(round__opens_on__gte=previous.start, round__opens_on__lt=previous.end)
    submitted = Q(response__submitted_at__isnull=False)
    counts = (
        Invitation.objects.filter(round__project__in=projects_in(filters))
        .filter(round__opens_on__gte=previous.start, round__opens_on__lt=filters.end)
        .aggregate(
            invitations=Count("pk", filter=now),
            responses=Count("pk", filter=now & submitted),
            previous_invitations=Count("pk", filter=before),
            previous_responses=Count("pk", filter=before & submitted),
        )
    )
    return ResponseRates(**counts)


# Ladder ----------------------------------------------------------------------------


def rungs_by_month(filters: Filters) -> dict[tuple[datetime.date, int | None], int]:
    """Activities per (month, rung) in the period; rung None is unclassified (1 query)."""
    rows = (
        Activity.objects.filter(project__in=projects_in(filters))
        .in_period(filters.start, filters.end)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "rung")
        .annotate(n=Count("pk"))
    )
    return {(row["month"], row["rung"]): row["n"] for row in rows}


@dataclass(frozen=True)
class ServiceMix:
    service: str
    counts: dict[str, int]  # group value -> classified activities
    unclassified: int

    @property
    def classified(self) -> int:
        return sum(self.counts.values())

    def share(self, group: str) -> Decimal | None:
        return _share(self.counts.get(group, 0), self.classified)


def group_mix_by_service(filters: Filters, services: list[Service]) -> list[ServiceMix]:
    """Each service's activities in the period by ladder group (1 query). A project
    shared by two services counts for each of them."""
    rows = (
        Project.services.through.objects.filter(
            project__activities__date__gte=filters.start,
            project__activities__date__lt=filters.end,
        )
        .order_by()
        .values("service", "project__activities__rung")
        .annotate(n=Count("project__activities"))
    )
    if filters.service_ids is not None:
        rows = rows.filter(service__in=filters.service_ids)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        rung = row["project__activities__rung"]
        key = Rung(rung).group.value if rung else ""
        counts[row["service"]][key] += row["n"]
    names = {service.pk: service.name for service in services}
    mixes = []
    for pk, by_group in counts.items():
        unclassified = by_group.pop("", 0)
        mixes.append(ServiceMix(names.get(pk, "?"), dict(by_group), unclassified))
    return sorted(mixes, key=lambda mix: mix.service)


# Principles -------------------------------------------------------------------------


@dataclass(frozen=True)
class PrincipleMeans:
    code: str
    label: str
    means: dict[str, Decimal | None]  # side -> mean, None when fewer than MIN_GROUP people
    people: dict[str, int]

    @property
    def gap(self) -> Decimal | None:
        lived, staff = self.means.get(SIDES[0]), self.means.get(SIDES[1])
        if lived is None or staff is None:
            return None
        return lived - staff


def principle_means(filters: Filters) -> list[PrincipleMeans]:
    """The mean score per principle for each side (lived experience, staff) from
    submitted responses to rounds that opened in the period (1 query). A side with
    fewer than 3 people scoring a principle is not shown."""
    rows = (
        Answer.objects.filter(
            response__submitted_at__isnull=False,
            response__round__project__in=projects_in(filters),
            response__round__opens_on__gte=filters.start,
            response__round__opens_on__lt=filters.end,
            score__isnull=False,
        )
        .order_by()
        .values("principle", "response__perspective")
        .annotate(total=Sum("score"), people=Count("response", distinct=True))
    )
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        side = side_of(row["response__perspective"])
        if side is not None:
            totals[(row["principle"], side)][0] += row["total"]
            totals[(row["principle"], side)][1] += row["people"]
    results = []
    for code in CODES:
        means: dict[str, Decimal | None] = {}
        people: dict[str, int] = {}
        for side in SIDES:
            total, count = totals.get((code, side), (0, 0))
            people[side] = count
            means[side] = (
                (Decimal(total) / count).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if count >= MIN_GROUP
                else None
            )
        results.append(PrincipleMeans(code, PrincipleText(code).label, means, people))
    return results


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


def _children(services: Iterable[Service]) -> dict[int | None, list[int]]:
    tree: dict[int | None, list[int]] = defaultdict(list)
    for service in services:
        tree[service.parent_id].append(service.pk)
    return tree


def _descendants(tree: dict[int | None, list[int]], root: int) -> set[int]:
    found, queue = {root}, [root]
    while queue:
        for child in tree.get(queue.pop(), []):
            if child not in found:
                found.add(child)
                queue.append(child)
    return found


def scope_of(services: list[Service], *ids: int | None) -> frozenset[int] | None:
    """The services under every chosen root (the intersection when both a division
    and a service are chosen); None when nothing is chosen."""
    tree = _children(services)
    chosen = [_descendants(tree, pk) for pk in ids if pk]
    if not chosen:
        return None
    return frozenset(set.intersection(*chosen))


# Reach ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    people: int
    new: int
    returning: int
    top_share: Decimal | None  # percent of involvements by the most involved 10% of people
    top_people: int
    quiet_services: list[str]


def reach(filters: Filters, services: list[Service], *, new: int) -> Reach:
    """Who took part in the period and how concentrated it is (1 query), and which
    services in scope had no lived-experience involvement in the 90 days up to the
    end of the period (1 query)."""
    per_person = sorted(
        (
            Involvement.objects.lived_experience()
            .filter(activity__project__in=projects_in(filters))
            .filter(activity__date__gte=filters.start, activity__date__lt=filters.end)
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        ),
        reverse=True,
    )
    people = len(per_person)
    top = max(1, -(-people // 10)) if people else 0  # ceiling of 10%, at least one person
    top_share = _share(sum(per_person[:top]), sum(per_person)) if people else None
    quiet_from = filters.end - datetime.timedelta(days=QUIET_DAYS)
    heard = set(
        Project.services.through.objects.filter(
            project__activities__date__gte=quiet_from,
            project__activities__date__lt=filters.end,
            project__activities__involvements__person__isnull=False,
        ).values_list("service_id", flat=True)
    )
    quiet = [
        service.name
        for service in services
        if service.is_active
        and service.pk not in heard
        and (filters.service_ids is None or service.pk in filters.service_ids)
    ]
    return Reach(people, new, people - new, top_share, top, quiet)


# Activity over time, for the SPC chart ----------------------------------------------


def doing_with_by_month(filters: Filters) -> list[tuple[datetime.date, Decimal | None, int]]:
    """The share of classified activities in "doing with", per month, for the
    24 months up to the end of the period, with how many were classified (1 query)."""
    months = months_ending(filters.last_day, SPC_MONTHS)
    rows = (
        Activity.objects.filter(project__in=projects_in(filters), rung__isnull=False)
        .in_period(months[0], filters.end)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), doing_with=Count("pk", filter=Q(rung__in=DOING_WITH)))
    )
    found = {row["month"]: (row["doing_with"], row["n"]) for row in rows}
    return [
        (month, _share(*found.get(month, (0, 0))), found.get(month, (0, 0))[1]) for month in months
    ]

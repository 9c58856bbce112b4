"""The named computations behind computed output metrics.

Each computation answers one question for a set of services (a service and the
services under it) over a period: `start` is included, `end` is not, so a month
is `(date(2026, 3, 1), date(2026, 4, 1))`. Each public function has the shape
`(services, start, end) -> Decimal | None`; None means "nothing to measure"
(a share of no activities, a median of no payments), never zero.

An activity counts in the period of its date; a payment in the period of the
day it was paid; a new person in the period of their first involvement in any
of the services. Only classified activities count towards shares.

The work is split in two so that a chart of 24 months costs the same few
queries as one month: `Records.load` reads the rows for a whole window (at most
three queries, each run only if a computation needs it), and each computation
reduces those rows for one period in Python.

`metric_series` gives a growth plan's metrics month by month, entered or computed:
the plan page and the dashboard both read their values from it.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth

from projects.models import (
    Activity,
    ActivityMonth,
    Computation,
    FirstInvolvement,
    Involvement,
    Metric,
    Project,
    Reading,
    ScopeMonth,
)
from projects.models.summaries import ORGANISATION
from projects.rungs import RUNGS_IN_GROUP, Group, Rung, RungStatus
from projects.summaries import summaries_catch_up

DOING_WITH = frozenset(RUNGS_IN_GROUP[Group.DOING_WITH])
SETTLED = frozenset({RungStatus.PROPOSED, RungStatus.CONFIRMED, RungStatus.CONTESTED})


@dataclass
class Records:
    """The rows the computations need for `services` over `start` to `end`."""

    services: frozenset[int]
    start: datetime.date
    end: datetime.date
    # A month's records cut from a whole window's (`month`): no query of their own.
    source: Records | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, services: Iterable[int], start: datetime.date, end: datetime.date) -> Records:
        return cls(frozenset(services), start, end)

    def month(self, month: datetime.date) -> Records:
        """The rows of one month of this window, filed by month once for the window,
        so that each month's reduction reads its own rows, not the window's: a
        24-month chart then costs the window's rows once, not 24 times. The rows
        are read (or not) as the window's are; the reductions still check their
        own dates, so a row filed under two months (an involvement paid in a later
        month) counts where it belongs."""
        return Records(self.services, month, next_month(month), source=self)

    def _filed(self, name: str, month: datetime.date) -> list:
        filed = self.__dict__.setdefault("_rows_by_month", {})
        if name not in filed:
            by_month: dict[tuple[int, int], list] = {}
            for row in getattr(self, name):
                if name == "first_involved":
                    days = {(row.year, row.month)}
                elif name == "involvements":  # the activity's month and the payment's
                    days = {(row[0].year, row[0].month)}
                    if row[3] is not None:
                        days.add((row[3].year, row[3].month))
                else:
                    days = {(row[0].year, row[0].month)}
                for key in days:
                    by_month.setdefault(key, []).append(row)
            filed[name] = by_month
        return filed[name].get((month.year, month.month), [])

    def _projects(self):
        # A subquery, so a project shared by two of the services counts once.
        return Project.objects.filter(services__in=self.services).values("pk")

    @cached_property
    def activities(self) -> list[tuple[datetime.date, int | None, str]]:
        """(date, rung, rung_status) of each activity in the window."""
        if self.source is not None:
            return self.source._filed("activities", self.start)
        return list(
            Activity.objects.filter(project__in=self._projects())
            .in_period(self.start, self.end)
            .order_by()
            .values_list("date", "rung", "rung_status")
        )

    @cached_property
    def involvements(self) -> list[tuple[datetime.date, int, Decimal, datetime.date | None]]:
        """(activity date, person, hours, paid on) of each lived-experience
        involvement whose activity or payment falls in the window."""
        if self.source is not None:
            return self.source._filed("involvements", self.start)
        in_window = Involvement.objects.lived_experience().filter(
            activity__project__in=self._projects()
        )
        return list(
            involvements_in_window(
                in_window, self.start, self.end, "activity__date", "person_id", "hours", "paid_on"
            )
        )

    @cached_property
    def first_involved(self) -> list[datetime.date]:
        """The date each person first took part in any of the services, for the
        people whose first time falls in the window."""
        if self.source is not None:
            return self.source._filed("first_involved", self.start)
        return list(
            Involvement.objects.lived_experience()
            .filter(activity__project__in=self._projects())
            .order_by()
            .values("person")
            .annotate(first=Min("activity__date"))
            .filter(first__gte=self.start, first__lt=self.end)
            .values_list("first", flat=True)
        )


def involvements_in_window(involvements, start: datetime.date, end: datetime.date, *fields: str):
    """`fields` of each of `involvements` whose activity or payment falls in the
    window, for involvements already narrowed to some projects.

    Two queries joined by UNION, each able to follow the indexes from the projects
    to their activities and involvements; one query with OR across the two tables
    scans every involvement. The id keeps apart two involvements with the same
    figures (UNION drops duplicate rows).
    """
    involvements = involvements.order_by()
    by_activity = involvements.filter(activity__date__gte=start, activity__date__lt=end)
    by_payment = involvements.filter(paid_on__gte=start, paid_on__lt=end)
    rows = by_activity.values_list("pk", *fields).union(by_payment.values_list("pk", *fields))
    return (row[1:] for row in rows.order_by())


def _between(day: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return day is not None and start <= day < end


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _co_design_or_above(records: Records, start: datetime.date, end: datetime.date):
    return Decimal(
        sum(
            1
            for day, rung, _status in records.activities
            if _between(day, start, end) and rung is not None and rung >= Rung.CO_DESIGN
        )
    )


def _doing_with_share(records: Records, start: datetime.date, end: datetime.date):
    rungs = [
        rung
        for day, rung, _status in records.activities
        if _between(day, start, end) and rung is not None
    ]
    return _share(sum(1 for rung in rungs if rung in DOING_WITH), len(rungs))


def _lived_experience_people(records: Records, start: datetime.date, end: datetime.date):
    return Decimal(
        len({person for day, person, _h, _p in records.involvements if _between(day, start, end)})
    )


def _new_people(records: Records, start: datetime.date, end: datetime.date):
    return Decimal(sum(1 for day in records.first_involved if _between(day, start, end)))


def _lived_experience_hours(records: Records, start: datetime.date, end: datetime.date):
    return sum(
        (hours for day, _person, hours, _p in records.involvements if _between(day, start, end)),
        Decimal(0),
    )


def _confirmed_share(records: Records, start: datetime.date, end: datetime.date):
    statuses = [
        status
        for day, _rung, status in records.activities
        if _between(day, start, end) and status in SETTLED
    ]
    return _share(sum(1 for status in statuses if status == RungStatus.CONFIRMED), len(statuses))


def _days_to_payment(records: Records, start: datetime.date, end: datetime.date):
    waits = [
        (paid_on - day).days
        for day, _person, _hours, paid_on in records.involvements
        if paid_on is not None and _between(paid_on, start, end)
    ]
    if not waits:
        return None
    return Decimal(str(statistics.median(waits))).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ComputationSpec:
    name: str
    label: str
    unit: str
    reduce: Callable[[Records, datetime.date, datetime.date], Decimal | None] = field(repr=False)

    def __call__(
        self, services: Iterable[int], start: datetime.date, end: datetime.date
    ) -> Decimal | None:
        return self.reduce(Records.load(services, start, end), start, end)


def _spec(name: Computation, unit: str, reduce) -> ComputationSpec:
    return ComputationSpec(name=name.value, label=name.label, unit=unit, reduce=reduce)


COMPUTATIONS: dict[str, ComputationSpec] = {
    spec.name: spec
    for spec in [
        _spec(Computation.CO_DESIGN_OR_ABOVE, "count", _co_design_or_above),
        _spec(Computation.DOING_WITH_SHARE, "percent", _doing_with_share),
        _spec(Computation.LIVED_EXPERIENCE_PEOPLE, "people", _lived_experience_people),
        _spec(Computation.NEW_PEOPLE, "people", _new_people),
        _spec(Computation.LIVED_EXPERIENCE_HOURS, "hours", _lived_experience_hours),
        _spec(Computation.CONFIRMED_SHARE, "percent", _confirmed_share),
        _spec(Computation.DAYS_TO_PAYMENT, "days", _days_to_payment),
    ]
}

# The public, named computations: `(services, start, end) -> Decimal | None`.
activities_at_co_design_or_above = COMPUTATIONS[Computation.CO_DESIGN_OR_ABOVE]
share_of_activities_doing_with = COMPUTATIONS[Computation.DOING_WITH_SHARE]
lived_experience_people_involved = COMPUTATIONS[Computation.LIVED_EXPERIENCE_PEOPLE]
new_people_involved = COMPUTATIONS[Computation.NEW_PEOPLE]
lived_experience_hours = COMPUTATIONS[Computation.LIVED_EXPERIENCE_HOURS]
share_of_classifications_confirmed = COMPUTATIONS[Computation.CONFIRMED_SHARE]
median_days_to_payment = COMPUTATIONS[Computation.DAYS_TO_PAYMENT]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def months_ending(last: datetime.date, count: int) -> list[datetime.date]:
    """The first days of `count` months, oldest first, ending with `last`'s month."""
    months = [month_start(last)]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[::-1]


def metric_series(
    metrics: Sequence[Metric],
    months: list[datetime.date],
    *,
    filed: Mapping[int, list[Records]] | None = None,
    shown: Callable[[Decimal | None, int], Decimal | None] | None = None,
    scopes: Mapping[int, int] | None = None,
    raw: bool = False,
) -> dict[int, list[Decimal | None]]:
    """Each metric's value for each of `months`, by metric id: what was entered for an
    entered metric (one query for all of them), the computation month by month for a
    computed one. The plan page and the dashboard both read their series here.

    `filed` gives, by plan id, one `Records` a month, already filled: the dashboard
    reads the rows for every plan at once and files them (`dashboard.read.plans`).
    Without it, each plan's records are read for its services over the whole window,
    and only the rows its computations need (at most three queries a plan).

    `shown(value, people)` gives what may be shown of a computed value drawn from
    `people` people (the dashboard hides one from 1 or 2); without it, every value.

    Computed values come from the summary tables (`projects.summaries`, caught up
    first: 3 or 4 queries for every plan at once), by each plan's scope in `scopes`
    (plan id -> its service, 0 for the charity-wide plan; read from `metric.plan`
    when not given). `raw` or `filed` works them out from the raw rows instead:
    the reference the summaries are checked against.
    """
    series: dict[int, list[Decimal | None]] = {}
    entered = [metric.pk for metric in metrics if not metric.is_computed]
    if entered and months:
        typed = {
            (metric_id, period): value
            for metric_id, period, value in Reading.objects.filter(
                metric__in=entered, period__gte=months[0], period__lte=months[-1]
            ).values_list("metric_id", "period", "value")
        }
        for metric_id in entered:
            series[metric_id] = [typed.get((metric_id, month)) for month in months]
    computed = [metric for metric in metrics if metric.is_computed]
    if computed and months and filed is None and not raw:
        if scopes is None:
            scopes = {metric.plan_id: metric.plan.service_id or ORGANISATION for metric in computed}
        for metric_id, pairs in _summed_series(computed, months, scopes).items():
            series[metric_id] = [
                shown(value, people) if shown is not None else value for value, people in pairs
            ]
        return series
    loaded: dict[int, list[Records]] = {}
    for metric in computed:
        reduce = COMPUTATIONS[metric.computation].reduce
        if filed is not None:
            monthly = filed[metric.plan_id]
        else:
            if metric.plan_id not in loaded:
                window = Records.load(metric.plan.service_ids(), months[0], next_month(months[-1]))
                loaded[metric.plan_id] = [window.month(month) for month in months]
            monthly = loaded[metric.plan_id]
        values = []
        for records, month in zip(monthly, months, strict=True):
            value = reduce(records, month, next_month(month))
            if shown is not None:
                value = shown(value, people_behind(metric.computation, records, month))
            values.append(value)
        series[metric.pk] = values
    return series


FROM_ACTIVITIES = frozenset(
    {Computation.CO_DESIGN_OR_ABOVE, Computation.DOING_WITH_SHARE, Computation.CONFIRMED_SHARE}
)
FROM_PEOPLE = frozenset(
    {
        Computation.LIVED_EXPERIENCE_PEOPLE,
        Computation.LIVED_EXPERIENCE_HOURS,
        Computation.DAYS_TO_PAYMENT,
    }
)


def _summed_series(
    computed: Sequence[Metric], months: list[datetime.date], scopes: Mapping[int, int]
) -> dict[int, list[tuple[Decimal | None, int]]]:
    """Each computed metric's (value, people drawn from) for each month, read from the
    summary tables for every plan at once, each only when a metric needs it:
    activities by rung (1 query), people, hours and payments (1), first
    involvements (1), after catching the summaries up (1 when nothing changed)."""
    summaries_catch_up()
    wanted = {scopes[metric.plan_id] for metric in computed}
    start, end = months[0], next_month(months[-1])
    in_window = Q(scope__in=wanted, month__gte=start, month__lt=end)
    kinds = {metric.computation for metric in computed}
    activities: dict[tuple[int, datetime.date], Mapping] = {}
    if kinds & FROM_ACTIVITIES:
        for row in (
            ActivityMonth.objects.filter(in_window)
            .order_by()
            .values("scope", "month")
            .annotate(
                co_design=Sum("activities", filter=Q(rung__gte=Rung.CO_DESIGN)),
                classified=Sum("activities", filter=~Q(rung=0)),
                doing_with=Sum("activities", filter=Q(rung__in=DOING_WITH)),
                settled=Sum("settled"),
                confirmed=Sum("confirmed"),
            )
        ):
            activities[row["scope"], row["month"]] = row
    people: dict[tuple[int, datetime.date], ScopeMonth] = {}
    if kinds & FROM_PEOPLE:
        for found in ScopeMonth.objects.filter(in_window).only(
            "scope",
            "month",
            "people",
            "people_with_hours",
            "hours",
            "people_paid_on",
            "days_to_payment",
        ):
            people[found.scope, found.month] = found
    firsts: dict[tuple[int, datetime.date], int] = {}
    if Computation.NEW_PEOPLE in kinds:
        for scope, month, n in (
            FirstInvolvement.objects.filter(scope__in=wanted, day__gte=start, day__lt=end)
            .annotate(month=TruncMonth("day"))
            .order_by()
            .values("scope", "month")
            .annotate(n=Count("pk"))
            .values_list("scope", "month", "n")
        ):
            firsts[scope, month] = n
    values: dict[int, list[tuple[Decimal | None, int]]] = {}
    for metric in computed:
        scope = scopes[metric.plan_id]
        pairs = []
        for month in months:
            a = activities.get((scope, month), {})
            p = people.get((scope, month))
            pairs.append(_summed_value(metric.computation, a, p, firsts.get((scope, month), 0)))
        values[metric.pk] = pairs
    return values


def _summed_value(
    computation: str, a: Mapping, p: ScopeMonth | None, new: int
) -> tuple[Decimal | None, int]:
    """One computed metric's month from its summaries, as `COMPUTATIONS` and
    `people_behind` give it from the raw rows."""
    if computation == Computation.CO_DESIGN_OR_ABOVE:
        return Decimal(a.get("co_design") or 0), 0
    if computation == Computation.DOING_WITH_SHARE:
        return _share(a.get("doing_with") or 0, a.get("classified") or 0), 0
    if computation == Computation.CONFIRMED_SHARE:
        return _share(a.get("confirmed") or 0, a.get("settled") or 0), 0
    if computation == Computation.NEW_PEOPLE:
        return Decimal(new), new
    # A month with no row: nobody took part or was paid (counts 0, no median).
    if computation == Computation.LIVED_EXPERIENCE_PEOPLE:
        return (Decimal(p.people), p.people) if p else (Decimal(0), 0)
    if computation == Computation.LIVED_EXPERIENCE_HOURS:
        return (p.hours, p.people_with_hours) if p else (Decimal(0), 0)
    return (p.days_to_payment, p.people_paid_on) if p else (None, 0)


# Computed metrics drawn from people: a month's value from 1 or 2 people is hidden on
# the dashboard (left out of the chart and its table, as a month with no value is).
DRAWN_FROM_PEOPLE = frozenset(
    {
        Computation.LIVED_EXPERIENCE_PEOPLE,
        Computation.NEW_PEOPLE,
        Computation.LIVED_EXPERIENCE_HOURS,
        Computation.DAYS_TO_PAYMENT,
    }
)


def people_behind(computation: str, records: Records, month: datetime.date) -> int:
    """How many people a computed metric's value for `month` is drawn from (0 for
    metrics that count activities)."""
    end = next_month(month)
    if computation == Computation.NEW_PEOPLE:
        return sum(1 for day in records.first_involved if month <= day < end)
    if computation == Computation.DAYS_TO_PAYMENT:
        return len({p for _d, p, _h, paid in records.involvements if paid and month <= paid < end})
    if computation == Computation.LIVED_EXPERIENCE_HOURS:
        return len(
            {p for day, p, hours, _p in records.involvements if month <= day < end and hours}
        )
    if computation == Computation.LIVED_EXPERIENCE_PEOPLE:
        return len({p for day, p, _h, _p in records.involvements if month <= day < end})
    return 0

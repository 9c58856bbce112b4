"""Are the summary tables right? Every dashboard figure read from them, against the
same figure worked out from the raw rows (`manage.py summaries --check`).

For every scope (the whole organisation, each division, each service) and every
period the filters list, with the period before each: the headlines, the ladder by
month, the "doing with" trend, reach and quiet services, and each growth plan's
metrics with their SPC reading. Figures that are worked out from the raw rows
either way (principles, population, moved projects) are not compared.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import replace

from django.db import connection, transaction

from dashboard import read
from dashboard.forms import period_choices, period_dates
from projects.models import (
    ActivityMonth,
    FirstInvolvement,
    Metric,
    PersonMonth,
    Plan,
    ScopeMonth,
    Service,
)
from projects.summaries import summaries_rebuild

SHOWN = 20  # differing rows printed per table


def periods(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """Every listed period: (label, start, end)."""
    found = []
    for value, label in period_choices(today):
        for choice, name in label if isinstance(label, list) else [(value, label)]:
            dates = period_dates(choice, today)
            if dates is not None:
                found.append((name, *dates))
    return found


def _figures(filters: read.Filters, services: list[Service]) -> dict[str, object]:
    headlines = read.headlines(filters)
    new = next(h.value for h in headlines if h.key == "new_people")
    return {
        "headlines": [(h.key, h.value, h.previous) for h in headlines],
        "rungs by month": read.rungs_by_month(filters),
        "doing with by month": read.doing_with_by_month(filters),
        "reach": read.reach(filters, services, new=new),
        "first involvements": sorted(
            read.first_involvements(filters, since=filters.previous.start)
        ),
    }


def _scopes(services: list[Service]) -> Iterator[tuple[str, int, frozenset[int] | None]]:
    yield "All services", 0, None
    for service in services:
        yield service.name, service.pk, read.scope_of(services, service.pk)


def differences(
    *, today: datetime.date, progress: Callable[[str], None] | None = None
) -> list[str]:
    """Each figure that differs, in words; an empty list when all agree."""
    services = list(Service.objects.order_by("name"))
    found: list[str] = []
    for name, scope, service_ids in _scopes(services):
        if progress is not None:
            progress(name)
        for label, start, end in periods(today):
            summed = read.Filters(
                start=start,
                end=end,
                label=label,
                service_ids=service_ids,
                scope_label=name,
                scope=scope,
            )
            raw = replace(summed, scope=None)
            ours, theirs = _figures(summed, services), _figures(raw, services)
            for figure, value in ours.items():
                if value != theirs[figure]:
                    found.append(
                        f"{name}, {label}, {figure}: {value!r} from the summaries, "
                        f"{theirs[figure]!r} from the raw rows"
                    )
    found += _plan_differences(services, today)
    return found


def _plan_differences(services: list[Service], today: datetime.date) -> list[str]:
    plans = {plan.pk: plan for plan in Plan.objects.select_related("service")}
    metrics = list(Metric.objects.filter(plan__in=plans).order_by("plan", "order", "pk"))
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    ours = read.metric_statuses(metrics, plans, services, last_day)
    theirs = read.metric_statuses(metrics, plans, services, last_day, raw=True)
    return [
        f"{plans[a.metric.plan_id]}, {a.metric.name}: {a.analysis.points!r} from the "
        f"summaries, {b.analysis.points!r} from the raw rows"
        for a, b in zip(ours, theirs, strict=True)
        if a != b
    ]


def table_differences() -> list[str]:
    """Each summary row that a rebuild from scratch would change, in words: the
    tables as they are are kept aside, rebuilt, compared row for row in the
    database, and the rebuild is rolled back."""
    found: list[str] = []
    with transaction.atomic():
        tables = []
        for model in (ActivityMonth, ScopeMonth, PersonMonth, FirstInvolvement):
            table = model._meta.db_table
            columns = ", ".join(
                field.column for field in model._meta.concrete_fields if not field.primary_key
            )
            tables.append((table, columns))
            with connection.cursor() as cursor:
                # Table and column names from the models, no input: nothing to inject.
                statement = f"CREATE TEMPORARY TABLE kept_{table} AS SELECT {columns} FROM {table}"  # noqa: S608
                cursor.execute(statement)
        summaries_rebuild()
        with connection.cursor() as cursor:
            for table, columns in tables:
                for label, first, second in (
                    ("kept but not rebuilt", f"kept_{table}", table),
                    ("rebuilt but not kept", table, f"kept_{table}"),
                ):
                    cursor.execute(
                        f"SELECT {columns} FROM {first} EXCEPT SELECT {columns} FROM {second}"  # noqa: S608
                    )
                    rows = cursor.fetchall()
                    found += [f"{table}: {label}: {row}" for row in rows[:SHOWN]]
                    if len(rows) > SHOWN:
                        found.append(f"{table}: {len(rows) - SHOWN} more {label}")
                cursor.execute(f"DROP TABLE kept_{table}")
        transaction.set_rollback(True)
    return found

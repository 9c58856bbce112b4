"""The ladder: activities by rung over time and the mix of groups per service."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from dashboard.read.filters import (
    DOING_WITH,
    SPC_MONTHS,
    Filters,
    _share,
    projects_in,
)
from projects.metrics import months_ending
from projects.models import Activity, Project, Service
from projects.rungs import Rung

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

"""Principle ratings by perspective, and the gap between them quarter by quarter,
with small groups suppressed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncQuarter

from dashboard.read.filters import (
    Filters,
    projects_in,
)
from principles.models import Answer
from principles.results import MIN_GROUP, SIDES, side_of
from principles.texts import CODES
from principles.texts import Principle as PrincipleText

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
    submitted responses to rounds that opened in the period and have closed (1 query).
    A side with fewer than 3 people scoring a principle is not shown."""
    rows = (
        Answer.objects.in_results()
        .filter(
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


# The gap over time ------------------------------------------------------------------

TREND_QUARTERS = 8


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarters_ending(day: datetime.date, count: int = TREND_QUARTERS) -> list[datetime.date]:
    """The first days of the `count` quarters up to and including the one holding
    `day`, oldest first."""
    first = quarter_start(day)
    found = []
    for back in range(count - 1, -1, -1):
        months = first.year * 12 + first.month - 1 - 3 * back
        found.append(datetime.date(months // 12, months % 12 + 1, 1))
    return found


def quarter_label(quarter: datetime.date) -> str:
    return f"Q{(quarter.month - 1) // 3 + 1} {quarter.year}"


@dataclass(frozen=True)
class GapTrend:
    code: str
    label: str
    quarters: list[datetime.date]
    means: list[dict[str, Decimal | None]]  # one per quarter: side -> mean or None
    people: list[dict[str, int]]  # one per quarter: side -> people who scored it

    @property
    def gaps(self) -> list[Decimal | None]:
        """The lived-experience mean minus the staff mean (each rounded to 0.1 as
        shown), or None when either side had fewer than 3 people that quarter."""
        return [
            None
            if means[SIDES[0]] is None or means[SIDES[1]] is None
            else means[SIDES[0]] - means[SIDES[1]]
            for means in self.means
        ]


def principle_gap_trend(filters: Filters) -> list[GapTrend]:
    """The mean per principle and side for each of the last 8 quarters up to the end
    of the period, by the quarter each round opened in (1 query). Each response
    counts as one person, as in `principle_means`; a side with fewer than 3 in a
    quarter is not shown, and neither is that quarter's gap."""
    quarters = quarters_ending(filters.last_day)
    end = quarters_ending(quarters[-1] + datetime.timedelta(days=92), 1)[0]
    rows = (
        Answer.objects.in_results()
        .filter(
            response__round__project__in=projects_in(filters),
            response__round__opens_on__gte=quarters[0],
            response__round__opens_on__lt=end,
            score__isnull=False,
        )
        .annotate(quarter=TruncQuarter("response__round__opens_on"))
        .order_by()
        .values("principle", "response__perspective", "quarter")
        .annotate(total=Sum("score"), people=Count("response", distinct=True))
    )
    totals: dict[tuple[str, str, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        side = side_of(row["response__perspective"])
        if side is not None:
            key = (row["principle"], side, row["quarter"])
            totals[key][0] += row["total"]
            totals[key][1] += row["people"]
    trends = []
    for code in CODES:
        means, people = [], []
        for quarter in quarters:
            quarter_means: dict[str, Decimal | None] = {}
            quarter_people: dict[str, int] = {}
            for side in SIDES:
                total, count = totals.get((code, side, quarter), (0, 0))
                quarter_people[side] = count
                quarter_means[side] = (
                    (Decimal(total) / count).quantize(Decimal("0.1"), ROUND_HALF_UP)
                    if count >= MIN_GROUP
                    else None
                )
            means.append(quarter_means)
            people.append(quarter_people)
        trends.append(GapTrend(code, PrincipleText(code).label, quarters, means, people))
    return trends

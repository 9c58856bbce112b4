"""Principle ratings by perspective, with small groups suppressed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

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

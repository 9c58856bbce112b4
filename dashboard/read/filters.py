"""Filters, the scope of services, and small helpers shared by the read model."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from projects.metrics import month_start, next_month
from projects.models import Project, Service
from projects.rungs import RUNGS_IN_GROUP, Group

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
    # The first day of the month under way, when the period reaches into it. Its
    # figures are a month so far: never a point on a trend or SPC chart, and the
    # period as a whole is not compared with the whole period before it.
    incomplete_from: datetime.date | None = None
    # The scope as the summary tables key it (`projects.models.summaries`): the
    # service whose subtree `service_ids` is, or 0 for every service; None when
    # not known, and then every figure is worked out from the raw rows.
    scope: int | None = None

    @property
    def ongoing(self) -> bool:
        return self.incomplete_from is not None

    @property
    def previous(self) -> Filters:
        """The period of the same length just before: as many whole months when this
        one is whole months (a quarter's is the quarter before, a year's the year
        before), else as many days. Never a period a day off one a reader can
        choose: the two compared would give that day's figures."""
        if self.start.day == 1 and self.end.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            index = self.start.year * 12 + self.start.month - 1 - months
            start = datetime.date(index // 12, index % 12 + 1, 1)
        else:
            start = self.start - (self.end - self.start)
        return Filters(
            start=start,
            end=self.start,
            label="the previous period",
            service_ids=self.service_ids,
            scope_label=self.scope_label,
            scope=self.scope,
        )

    @property
    def summed(self) -> bool:
        """Whether the summary tables answer for these filters: a known scope and a
        period of whole months (each listed period; not every chosen pair of dates)."""
        return self.scope is not None and self.start.day == 1 and self.end.day == 1

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def last_complete_day(self) -> datetime.date:
        """Where trends end: the period's last day, or the day before the month under way."""
        if self.incomplete_from is None:
            return self.last_day
        return min(self.last_day, self.incomplete_from - datetime.timedelta(days=1))

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches, oldest first, leaving
        out the month under way."""
        found, month = [], month_start(self.start)
        stop = min(self.end, self.incomplete_from) if self.incomplete_from else self.end
        while month < stop:
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


def scope_root(services: list[Service], *ids: int | None) -> int | None:
    """The scope key of `scope_of`'s services for the summary tables: 0 for every
    service, the chosen service when it sits under (or is) the chosen division,
    None when the two do not meet (no services)."""
    chosen = [pk for pk in ids if pk]
    if not chosen:
        return 0
    tree = _children(services)
    deepest = [pk for pk in chosen if all(pk in _descendants(tree, other) for other in chosen)]
    return deepest[0] if deepest else None


def scope_of(services: list[Service], *ids: int | None) -> frozenset[int] | None:
    """The services under every chosen root (the intersection when both a division
    and a service are chosen); None when nothing is chosen."""
    tree = _children(services)
    chosen = [_descendants(tree, pk) for pk in ids if pk]
    if not chosen:
        return None
    return frozenset(set.intersection(*chosen))

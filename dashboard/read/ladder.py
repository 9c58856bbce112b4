"""The ladder: activities by rung over time, the mix of groups per service, and the
projects that moved up or down a rung."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncMonth

from dashboard.read import summed
from dashboard.read.filters import (
    DOING_WITH,
    SPC_MONTHS,
    Filters,
    _share,
    projects_in,
)
from ladder.movement import lower_median
from projects.metrics import months_ending
from projects.models import Activity, Project, Service
from projects.rungs import Rung

# Ladder ----------------------------------------------------------------------------


def rungs_by_month(filters: Filters) -> dict[tuple[datetime.date, int | None], int]:
    """Activities per (month, rung) in the period; rung None is unclassified (1 query)."""
    if filters.summed:
        return summed.rungs_by_month(filters)
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
    months = months_ending(filters.last_complete_day, SPC_MONTHS)
    if filters.summed:
        found = summed.doing_with_by_month(filters, months[0])
        return [
            (month, _share(*found.get(month, (0, 0))), found.get(month, (0, 0))[1])
            for month in months
        ]
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


# Projects that moved up or down a rung ---------------------------------------------


MOVES_LISTED = 20  # the page lists the biggest moves; the download lists every one


@dataclass(frozen=True)
class ProjectMove:
    project_id: int
    title: str
    before: Rung  # the rung in the previous period of the same length
    now: Rung  # the rung in this period
    visible: bool  # whether the viewer may open the project

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def change_text(self) -> str:
        steps = abs(self.change)
        if not steps:
            return "No change"
        return f"{'Up' if self.change > 0 else 'Down'} {steps} rung{'s' if steps > 1 else ''}"


@dataclass(frozen=True)
class Movement:
    """Projects in scope with classified activities in both this period and the one
    before it, by how their rung changed. `moves` holds every such project; the page
    lists only those the viewer may open."""

    moves: list[ProjectMove]

    @property
    def up(self) -> int:
        return sum(move.change > 0 for move in self.moves)

    @property
    def stayed(self) -> int:
        return sum(move.change == 0 for move in self.moves)

    @property
    def down(self) -> int:
        return sum(move.change < 0 for move in self.moves)

    @property
    def compared(self) -> int:
        return len(self.moves)

    def listed(self) -> list[ProjectMove]:
        """The projects that moved and the viewer may open, biggest moves first."""
        return sorted(
            (move for move in self.moves if move.change and move.visible),
            key=lambda move: (-abs(move.change), move.title),
        )

    def top(self) -> list[ProjectMove]:
        """The first `MOVES_LISTED` of `listed`: the page's table (the download has all)."""
        return self.listed()[:MOVES_LISTED]

    @property
    def hidden(self) -> int:
        """Projects that moved but the viewer may not open: counted, not listed."""
        return sum(1 for move in self.moves if move.change and not move.visible)


def rung_movement(filters: Filters, user=None) -> Movement:
    """Each project's rung in this period against the previous one of the same length,
    by the rule of the project ladder page (`ladder.movement.lower_median` of the
    classified activities' rungs in each period). One query, grouped by project,
    period and rung, so the rows grow with projects, not activities.

    With no `user`, no project is marked as one the viewer may open: the stored
    dashboard figures are the same for every reader, and `movement_for` marks them
    for each."""
    previous = filters.previous
    if user is None:
        visible = Value(False)
    else:
        visible = Exists(Project.objects.visible_to(user).filter(pk=OuterRef("project")))
    rows = (
        Activity.objects.filter(project__in=projects_in(filters), rung__isnull=False)
        .in_period(previous.start, filters.end)
        .annotate(
            now=Case(When(date__gte=filters.start, then=Value(True)), default=Value(False)),
            visible=visible,
        )
        .order_by()
        .values("project", "project__title", "visible", "now", "rung")
        .annotate(n=Count("pk"))
    )
    rungs: dict[int, dict[bool, list[int]]] = defaultdict(lambda: {True: [], False: []})
    about: dict[int, tuple[str, bool]] = {}
    for row in rows:
        rungs[row["project"]][row["now"]] += [row["rung"]] * row["n"]
        about[row["project"]] = (row["project__title"], row["visible"])
    moves = [
        ProjectMove(
            project_id=pk,
            title=about[pk][0],
            before=Rung(lower_median(periods[False])),
            now=Rung(lower_median(periods[True])),
            visible=about[pk][1],
        )
        for pk, periods in rungs.items()
        if periods[True] and periods[False]
    ]
    return Movement(sorted(moves, key=lambda move: move.title))


def movement_for(movement: Movement, user) -> Movement:
    """`movement` with each project marked as one `user` may open only if it moved
    and they may open it. Queries: 1, over the projects that moved (none when
    nothing moved)."""
    moved = [move.project_id for move in movement.moves if move.change]
    visible = set()
    if moved:
        visible = set(
            Project.objects.visible_to(user).filter(pk__in=moved).values_list("pk", flat=True)
        )
    # Most projects keep their mark: only the others are copied.
    return Movement(
        [
            move
            if move.visible == (move.project_id in visible)
            else replace(move, visible=not move.visible)
            for move in movement.moves
        ]
    )

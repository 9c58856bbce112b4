"""A project's rung over time, and how it moved: pure functions over (date, rung).

The rule (shown on the project ladder page): a project's rung for a quarter is the
middle rung of the activities classified in that quarter. With an even number of
activities we take the lower of the two middle rungs, so a single strong activity
cannot lift a quarter on its own. Quarters with no classified activity are left
out, and movement compares each quarter with the one before it that had a rung.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from projects.rungs import Rung

QUARTER_NAMES = {
    1: "January to March",
    2: "April to June",
    3: "July to September",
    4: "October to December",
}


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int
    rung: Rung
    activity_count: int
    movement: int  # rungs up (+) or down (-) since the previous period; 0 for the first

    @property
    def label(self) -> str:
        return f"{QUARTER_NAMES[self.quarter]} {self.year}"

    @property
    def short_label(self) -> str:
        return f"Q{self.quarter} {self.year}"

    @property
    def movement_text(self) -> str:
        if self.movement > 0:
            return f"Up {self.movement} rung{'s' if self.movement > 1 else ''}"
        if self.movement < 0:
            return f"Down {-self.movement} rung{'s' if self.movement < -1 else ''}"
        return "No change"


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def rung_over_time(classified: Iterable[tuple[datetime.date, int]]) -> list[Period]:
    """Periods oldest first, from (activity date, rung) pairs."""
    by_quarter: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day, rung in classified:
        by_quarter[quarter_of(day)].append(rung)
    periods: list[Period] = []
    for (year, quarter), rungs in sorted(by_quarter.items()):
        rung = Rung(lower_median(rungs))
        movement = rung - periods[-1].rung if periods else 0
        periods.append(Period(year, quarter, rung, len(rungs), movement))
    return periods


def target_gap_text(current: int | None, target: int | None) -> str:
    """How far the latest rung is from the target, in words."""
    if target is None:
        return "No target set yet."
    if current is None:
        return f"The target is {Rung(target).label}. No activities are classified yet."
    gap = target - current
    if gap <= 0:
        return f"At or above its target of {Rung(target).label}."
    return f"{gap} rung{'s' if gap > 1 else ''} below its target of {Rung(target).label}."

"""Review periods: calendar months, quarters, half-years and years.

A report covers the last complete period of its plan's frequency: a quarterly
plan reviewed on 23 November 2026 gets July to September 2026. The next report
is due on the first day after the following period ends (1 January 2027 here),
so each period is reported once, as soon as it is over.

A plan with no due date yet is due at once: its first report covers the last
complete period, and from then on the dates follow on. If the schedule was not
running for a while, only the latest complete period is built (an admin can ask
for any earlier one).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from projects.models import Plan

MONTHS_IN_PERIOD = {
    Plan.ReviewFrequency.MONTHLY: 1,
    Plan.ReviewFrequency.QUARTERLY: 3,
    Plan.ReviewFrequency.TWICE_A_YEAR: 6,
    Plan.ReviewFrequency.YEARLY: 12,
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day, included

    @property
    def next_start(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 + months
    return datetime.date(total // 12, total % 12 + 1, 1)


def period_containing(frequency: str, day: datetime.date) -> Period:
    length = MONTHS_IN_PERIOD[Plan.ReviewFrequency(frequency)]
    first_month = (day.month - 1) // length * length + 1
    start = datetime.date(day.year, first_month, 1)
    return Period(start, _add_months(start, length) - datetime.timedelta(days=1))


def last_complete_period(frequency: str, today: datetime.date) -> Period:
    """The latest period of this frequency that ended before `today`."""
    current = period_containing(frequency, today)
    return period_containing(frequency, current.start - datetime.timedelta(days=1))


def next_due_after(frequency: str, today: datetime.date) -> datetime.date:
    """When the report for the period running now is due: the day after it ends."""
    return period_containing(frequency, today).next_start


def period_words(start: datetime.date, end: datetime.date) -> str:
    """ "July to September 2025", "March 2026", "December 2025 to February 2026",
    or the dates themselves for a period that is not whole months."""
    whole_months = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if not whole_months:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"

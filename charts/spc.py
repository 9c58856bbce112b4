"""Statistical process control (SPC) by NHS England's "Making Data Count" method.

A pure module (no Django): give it a metric's values in time order and it returns an
XmR chart, the special-cause points and the variation and assurance icons. NHS England's
published SPC SQL query v2.6 is the reference. The logic below follows v2.4 and v2.5
(which v2.6 builds on), with the v2.6 default run length of 6 for shifts and trends
(v2.4 and v2.5 defaulted to 7); it is not checked line by line against v2.6's text.

Limits. Mean of the points, moving ranges (absolute difference between consecutive
points), mean moving range; process limits at mean +/- 2.66 x mean moving range; two-
and one-sigma lines at two thirds and one third of that distance. With a baseline, the
mean and mean moving range come from the baseline points only (moving ranges within the
baseline) and are carried forward to every point; the rules then run over all points.

Minimum points. `min_points_for_limits` defaults to 15 because that is the SQL's
`@SettingMinimumPoints` default: a chart with fewer points is shown as a run chart with
its SPC elements (limits, flags, icons) removed. As in the SQL it counts every point of
the chart, whatever the baseline. It is a setting, as "at least 13" is also quoted
for a chart's minimum.

Rules (every point that is part of a pattern is marked):
- single point: beyond a process limit (a point exactly on a limit is not beyond it);
- two of three: two or three of three consecutive points beyond the same two-sigma line,
  all three on that side of the mean. As in the SQL, a point counts towards this rule
  only while it is beyond the two-sigma line but not beyond the process limit (a point
  beyond the limit is the single-point rule's), and only those points are marked;
- shift: `shift_length` (6..8) or more consecutive points all above, or all below, the
  mean. A point exactly on the mean is neither, so it breaks a shift (as in the SQL);
- trend: `trend_length` (6..8) or more consecutive points each strictly higher (or
  lower) than the one before, endpoints included. An equal consecutive value is neither
  rising nor falling, so it breaks a trend (as in the SQL).
The SQL looks for shifts and two-of-three within one partition (a baseline is its own
partition); here the limits are one set carried forward, so a pattern may run across the
end of the baseline.

Improvement or concern. "High" signals (above the mean, rising) are improvement when the
direction is up and concern when it is down, and the reverse for "low" signals; with
direction "neither" every signal is "neither". When one point is both, the stronger rule
wins (trend > shift > two-of-three > single point); at equal strength (only possible for
a point that ends a rising trend and starts a falling one) the metric's conflict setting
decides: improvement, concern (the default: a concern is never hidden), or neither.

Numbers are floats internally (Decimal inputs are converted); nothing is rounded here, so
templates round for display. Comparisons with a computed mean, line or limit treat values
within 1e-9 (relative) as equal, so binary fractions do not move a point across a line.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Direction = Literal["up", "down", "neither"]
Conflict = Literal["improvement", "concern", "neither"]
Kind = Literal["common_cause", "improvement", "concern", "neither"]
Side = Literal["high", "low"]
Rule = Literal["trend", "shift", "two_of_three", "single_point"]
Baseline = int | tuple[Any, Any] | None

PROCESS_LIMIT_FACTOR = 2.66
RULE_STRENGTH: dict[Rule, int] = {"trend": 4, "shift": 3, "two_of_three": 2, "single_point": 1}
# The SQL warns (it does not refuse) when a baseline or partition has fewer points.
RECOMMENDED_BASELINE_POINTS = 12
VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
)
ASSURANCE_ICONS = ("pass", "fail", "hit_or_miss")
_DIRECTION_ALIASES: dict[str, Direction] = {
    "up": "up",
    "higher": "up",
    "down": "down",
    "lower": "down",
    "neither": "neither",
}


@dataclass(frozen=True)
class SpcSettings:
    """How the rules are applied; the defaults are the SQL v2.6 defaults."""

    shift_length: int = 6
    trend_length: int = 6
    min_points_for_limits: int = 15
    conflict: Conflict = "concern"

    def __post_init__(self) -> None:
        for name in ("shift_length", "trend_length"):
            if not 6 <= getattr(self, name) <= 8:
                raise ValueError(f"{name} must be from 6 to 8, not {getattr(self, name)}.")
        if self.min_points_for_limits < 2:
            raise ValueError("min_points_for_limits must be at least 2 (a moving range).")
        if self.conflict not in ("improvement", "concern", "neither"):
            raise ValueError(f"conflict must be improvement, concern or neither: {self.conflict!r}")


@dataclass(frozen=True)
class Signal:
    """One rule that a point is part of, and on which side ("high": above the mean or
    rising; "low": below the mean or falling)."""

    rule: Rule
    side: Side

    @property
    def name(self) -> str:
        return f"{self.rule}_{self.side}"


@dataclass(frozen=True)
class Limits:
    mean: float
    mean_moving_range: float
    upper_process_limit: float
    lower_process_limit: float
    upper_two_sigma: float
    lower_two_sigma: float
    upper_one_sigma: float
    lower_one_sigma: float

    @classmethod
    def from_mean(cls, mean: float, mean_moving_range: float) -> Limits:
        three_sigma = PROCESS_LIMIT_FACTOR * mean_moving_range
        return cls(
            mean=mean,
            mean_moving_range=mean_moving_range,
            upper_process_limit=mean + three_sigma,
            lower_process_limit=mean - three_sigma,
            upper_two_sigma=mean + three_sigma * 2 / 3,
            lower_two_sigma=mean - three_sigma * 2 / 3,
            upper_one_sigma=mean + three_sigma / 3,
            lower_one_sigma=mean - three_sigma / 3,
        )


@dataclass(frozen=True)
class SpcPoint:
    period: Any
    value: float
    moving_range: float | None  # None for the first point
    mean: float
    limits: Limits | None  # None on a run chart
    in_baseline: bool  # limits come from this point (False when no baseline is set)
    special_cause: bool
    kind: Kind
    side: Side | None  # the side of the deciding signal; None for common cause
    rule: Rule | None  # the rule that decided the kind
    signals: tuple[Signal, ...]  # every rule the point is part of, strongest first
    conflict: bool  # part of both improvement and concern patterns

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(signal.name for signal in self.signals)

    @property
    def upper_process_limit(self) -> float | None:
        return self.limits.upper_process_limit if self.limits else None

    @property
    def lower_process_limit(self) -> float | None:
        return self.limits.lower_process_limit if self.limits else None


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    direction: Direction
    target: float | None
    settings: SpcSettings
    limits: Limits | None
    baseline_points: int  # how many points the limits were calculated from
    variation_icon: str | None  # None on a run chart or with no data
    assurance_icon: str | None  # None without a target, limits, or a better direction
    note: str  # plain words for the reader; "" when there is nothing to say

    @property
    def has_limits(self) -> bool:
        return self.limits is not None

    @property
    def latest(self) -> SpcPoint | None:
        return self.points[-1] if self.points else None


def analyse(
    data: Sequence[tuple[Any, float | int | Decimal]],
    *,
    direction: str,
    target: float | int | Decimal | None = None,
    baseline: Baseline = None,
    settings: SpcSettings | None = None,
) -> SpcResult:
    """Build an XmR chart from `(period, value)` pairs in time order.

    `direction` is up, down or neither (the growth-plan spellings higher and lower are
    accepted too). `baseline` fixes the limits: a number of points from the start, or a
    `(first, last)` period range (inclusive, compared with <=, so periods must be
    comparable, e.g. dates). Baseline limits apply to every point, before and after it.
    A baseline longer than the data uses every point, with a note.
    """
    settings = settings or SpcSettings()
    if direction not in _DIRECTION_ALIASES:
        raise ValueError(f"direction must be up, down or neither, not {direction!r}")
    way = _DIRECTION_ALIASES[direction]
    periods = [period for period, _ in data]
    values = [_finite(value) for _, value in data]
    goal = None if target is None else _finite(target)
    chosen = _baseline_indices(periods, baseline)
    n = len(values)
    used = [i for i in (range(n) if chosen is None else chosen) if i < n]
    in_baseline = set(used) if chosen is not None else set()
    limits: Limits | None = None
    signals: list[list[Signal]] = [[] for _ in values]
    if n == 0:
        note = "There is no data to chart yet."
    elif n < settings.min_points_for_limits:
        note = (
            f"There {'is only 1 point' if n == 1 else f'are only {n} points'}. Process "
            f"limits need at least {settings.min_points_for_limits}, so this is a run "
            "chart: no limits, special causes or icons yet."
        )
    elif len(used) < 2:
        note = "The baseline covers fewer than 2 points, so this is a run chart without limits."
    else:
        ranges = [abs(values[i] - values[j]) for j, i in itertools.pairwise(used) if i == j + 1]
        if not ranges:
            raise ValueError("A baseline must be consecutive points.")
        mean = math.fsum(values[i] for i in used) / len(used)
        limits = Limits.from_mean(mean, math.fsum(ranges) / len(ranges))
        signals = _signals(values, limits, settings)
        notes = []
        if isinstance(baseline, int) and baseline > n:
            notes.append(
                f"The baseline is set to {baseline} points but there are only {n}, so the "
                "limits use every point and will move until the baseline is complete."
            )
        if chosen is not None and len(used) < RECOMMENDED_BASELINE_POINTS:
            notes.append(
                f"The limits come from a baseline of only {len(used)} points; "
                f"{RECOMMENDED_BASELINE_POINTS} or more make them more reliable."
            )
        note = " ".join(notes)
    centre = limits.mean if limits else math.fsum(values) / n if n else 0.0
    points: list[SpcPoint] = []
    for i, (period, value) in enumerate(zip(periods, values, strict=True)):
        kind, side, rule, both = _classify(signals[i], way, settings.conflict, value, centre)
        points.append(
            SpcPoint(
                period=period,
                value=value,
                moving_range=abs(value - values[i - 1]) if i else None,
                mean=centre,
                limits=limits,
                in_baseline=i in in_baseline,
                special_cause=kind != "common_cause",
                kind=kind,
                side=side,
                rule=rule,
                signals=tuple(signals[i]),
                conflict=both,
            )
        )
    latest = points[-1] if points and limits else None
    return SpcResult(
        points=tuple(points),
        direction=way,
        target=goal,
        settings=settings,
        limits=limits,
        baseline_points=len(used) if limits else 0,
        variation_icon=None if latest is None else _variation_icon(latest),
        assurance_icon=_assurance_icon(goal, limits, way),
        note=note,
    )


def _finite(value: float | int | Decimal) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"SPC needs finite numbers, not {value!r}")
    return number


def _baseline_indices(periods: list[Any], baseline: Baseline) -> list[int] | None:
    if baseline is None:
        return None
    if isinstance(baseline, bool) or not isinstance(baseline, int | tuple):
        raise ValueError(
            f"baseline must be a number of points or a (first, last) range: {baseline!r}"
        )
    if isinstance(baseline, int):
        if baseline < 2:
            raise ValueError("A baseline needs at least 2 points (one moving range).")
        return list(range(baseline))
    first, last = baseline
    if last < first:
        raise ValueError(f"The baseline range ends ({last}) before it starts ({first}).")
    return [i for i, period in enumerate(periods) if first <= period <= last]


def _compare(a: float, b: float) -> int:
    """-1, 0 or 1 as a is below, on or above b, within float noise."""
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return 0
    return -1 if a < b else 1


def _runs(flags: list[bool]) -> list[range]:
    """The maximal stretches of consecutive True flags."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append(range(start, i))
            start = None
    return runs


def _signals(values: list[float], limits: Limits, settings: SpcSettings) -> list[list[Signal]]:
    n = len(values)
    found: list[set[Signal]] = [set() for _ in values]
    mean = limits.mean
    sides: tuple[tuple[Side, int, float, float], ...] = (
        ("high", 1, limits.upper_two_sigma, limits.upper_process_limit),
        ("low", -1, limits.lower_two_sigma, limits.lower_process_limit),
    )
    for side, sign, two_sigma, limit in sides:
        beyond_mean = [_compare(v, mean) == sign for v in values]
        # Trend: a step i runs from point i-1 to point i; N points are N-1 steps.
        steps = [i > 0 and _compare(values[i], values[i - 1]) == sign for i in range(n)]
        for run in _runs(steps):
            if len(run) >= settings.trend_length - 1:
                for i in range(run.start - 1, run.stop):
                    found[i].add(Signal("trend", side))
        for run in _runs(beyond_mean):
            if len(run) >= settings.shift_length:
                for i in run:
                    found[i].add(Signal("shift", side))
        in_zone = [_compare(v, two_sigma) == sign and _compare(v, limit) != sign for v in values]
        for start in range(n - 2):
            window = range(start, start + 3)
            if all(beyond_mean[i] for i in window) and sum(in_zone[i] for i in window) >= 2:
                for i in window:
                    if in_zone[i]:
                        found[i].add(Signal("two_of_three", side))
        for i, v in enumerate(values):
            if _compare(v, limit) == sign:
                found[i].add(Signal("single_point", side))
    return [sorted(hits, key=lambda s: (-RULE_STRENGTH[s.rule], s.side)) for hits in found]


def _variation_icon(point: SpcPoint) -> str:
    """Improvement and concern already carry the side that the direction makes them
    (improvement_high only when higher is better), so the icon is kind and side."""
    return f"{point.kind}_{point.side}" if point.special_cause else "common_cause"


def _classify(
    signals: list[Signal], direction: Direction, conflict: Conflict, value: float, mean: float
) -> tuple[Kind, Side | None, Rule | None, bool]:
    """The point's kind, side and deciding rule from its signals (strongest first)."""
    if not signals:
        return "common_cause", None, None, False
    strongest: dict[Side, Signal] = {}
    for signal in signals:
        strongest.setdefault(signal.side, signal)
    high, low = strongest.get("high"), strongest.get("low")
    by_mean: Side = "high" if _compare(value, mean) >= 0 else "low"
    if high and low and RULE_STRENGTH[high.rule] == RULE_STRENGTH[low.rule]:
        # A tie is a point that ends a rising trend and starts a falling one (or back).
        tied = direction != "neither"
        if tied and conflict != "neither":
            improving: Side = "high" if direction == "up" else "low"
            if conflict == "improvement":
                return "improvement", improving, high.rule, True
            return "concern", _other(improving), high.rule, True
        return "neither", by_mean, high.rule, tied
    winner = signals[0]
    if direction == "neither":
        return "neither", winner.side, winner.rule, False
    good = (winner.side == "high") == (direction == "up")
    return ("improvement" if good else "concern"), winner.side, winner.rule, bool(high and low)


def _other(side: Side) -> Side:
    return "low" if side == "high" else "high"


def _assurance_icon(
    target: float | None, limits: Limits | None, direction: Direction
) -> str | None:
    """Pass when the target is on or beyond the limit on the worse side (the process
    always meets it), fail when on or beyond the limit on the better side (it never
    does), hit or miss in between."""
    if target is None or limits is None or direction == "neither":
        return None
    low, high = limits.lower_process_limit, limits.upper_process_limit
    if direction == "down":
        low, high, target = -high, -low, -target
    if _compare(target, low) <= 0:
        return "pass"
    if _compare(target, high) >= 0:
        return "fail"
    return "hit_or_miss"

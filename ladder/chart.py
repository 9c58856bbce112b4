"""The rung-over-time chart: a project's rung each period, drawn as SVG in the
template from the geometry `charts.levels` works out.

The chart is a picture of the data table printed under it, which screen readers
read instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import charts
from ladder.movement import Period
from projects.rungs import Rung


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    period: Period


def rung_chart(periods: list[Period], *, target: int | None) -> dict[str, object] | None:
    chart = charts.levels(
        scale=[(rung.value, rung.label) for rung in Rung],
        values=[period.rung for period in periods],
        target=target,
    )
    if chart is None:
        return None
    chart["rungs"] = chart.pop("levels")
    chart["points"] = [
        Point(point["x"], point["y"], period)
        for point, period in zip(chart["points"], periods, strict=True)
    ]
    return chart

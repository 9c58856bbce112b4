"""Coordinates for the rung-over-time chart, drawn as SVG in the template.

Only presentation attributes are used (no inline styles), because the Content
Security Policy allows stylesheets from our own origin only. The chart is a
picture of the data table printed under it, which screen readers read instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from ladder.movement import Period
from projects.rungs import Rung

LEFT = 120  # room for the rung names
TOP = 16
ROW = 36  # height of one rung
STEP = 72  # width of one period
RIGHT = 24
BOTTOM = 40  # room for the period names


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    period: Period


def _y(rung: int) -> int:
    return TOP + (Rung.CO_PRODUCTION - rung) * ROW


def rung_chart(periods: list[Period], *, target: int | None) -> dict[str, object] | None:
    if not periods:
        return None
    points = [Point(LEFT + STEP // 2 + i * STEP, _y(p.rung), p) for i, p in enumerate(periods)]
    # At least a few periods wide, so one point still reads as a chart.
    width = LEFT + STEP * max(len(periods), 4) + RIGHT
    plot_bottom = _y(Rung.COERCION) + ROW // 2
    return {
        "width": width,
        "height": plot_bottom + BOTTOM,
        "left": LEFT,
        "right": width - RIGHT,
        "plot_bottom": plot_bottom,
        "label_y": plot_bottom + 24,
        "rungs": [{"label": rung.label, "y": _y(rung)} for rung in Rung],
        "points": points,
        "line": " ".join(f"{point.x},{point.y}" for point in points),
        "target_y": _y(target) if target else None,
    }

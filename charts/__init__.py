"""Every SVG chart's geometry: scales, ticks, paths and labels, worked out here so the
templates only place shapes.

The dashboard's and reports' charts are data: a title, a one-sentence summary, a data
table, and the shapes the SVG templates in `templates/components/charts/` draw. The
plan page's sparklines (`sparkline`) and the ladder's rung-over-time chart (`levels`)
are drawn by their own templates from the shapes worked out here.

The same chart renders in a page and in a PDF (no JavaScript, no external files, no
inline styles, which the Content Security Policy would refuse). This app imports no
other app of ours: callers hand it plain values.
Colour is never the only cue: each series has a pattern and a label in the legend,
bars carry their values, and SPC points have a shape for their kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48

# NHS identity colours. Patterns tell series apart without colour.
BLUE, DARK_BLUE, LIGHT_BLUE = "#005eb8", "#003087", "#41b6e6"
YELLOW, ORANGE, RED, GREEN = "#ffb81c", "#ed8b00", "#d5281b", "#009639"
PURPLE, MID_GREY, PALE_GREY, TEXT = "#330072", "#4c6272", "#d8dde0", "#212b32"
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal")


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    pattern: str = "solid"


@dataclass
class Chart:
    name: str  # also the CSV's name in the URL
    title: str
    summary: str
    kind: str  # bar, stacked_bar, line, spc
    header: list[str]
    rows: list[list[Any]]
    series: list[Series] = field(default_factory=list)
    svg: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def template(self) -> str:
        return f"components/charts/_{self.kind}.html"

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return int(self.svg.get("height", HEIGHT))


def _nice_top(value: float) -> float:
    """A round number at or above `value` for the top of an axis."""
    if value <= 4:
        return 4  # four whole-number steps for small counts
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * -(-value // step)
    return value


def _ticks(top: float, bottom: float = 0) -> list[float]:
    step = (top - bottom) / 4
    return [bottom + step * i for i in range(5)]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def month_label(month: datetime.date) -> str:
    return f"{month:%b %Y}"


def stacked_bar(
    *,
    name: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[int]],  # values[series][category]
    header: list[str],
    rows: list[list[Any]],
) -> Chart:
    """Vertical columns, one per category, stacked by series."""
    totals = [sum(v[i] for v in values) for i in range(len(categories))]
    top = _nice_top(max(totals, default=0))
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    slot = plot_w / max(len(categories), 1)
    bar_w = min(slot * 0.7, 48)
    columns = []
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar_w) / 2
        y: float = TOP + plot_h
        segments = []
        for s, _series in enumerate(series):
            h = values[s][i] / top * plot_h
            if h:
                y -= h
                segments.append(
                    {"series": s, "y": round(y, 1), "h": round(h, 1), "value": values[s][i]}
                )
        columns.append(
            {
                "x": round(x, 1),
                "w": round(bar_w, 1),
                "label": category,
                "label_x": round(x + bar_w / 2, 1),
                "total": totals[i],
                "total_y": round(y - 4, 1),
                "segments": segments,
                "show_label": len(categories) <= 13 or i % 2 == 0,
            }
        )
    return Chart(
        name=name,
        title=title,
        summary=summary,
        kind="stacked_bar",
        header=header,
        rows=rows,
        series=list(series),
        svg={"columns": columns, "axis": _axis(top), "baseline": TOP + plot_h},
    )


def _axis(top: float, bottom: float = 0) -> list[dict[str, Any]]:
    plot_h = HEIGHT - TOP - BOTTOM
    span = (top - bottom) or 1
    return [
        {"y": round(TOP + plot_h - (tick - bottom) / span * plot_h, 1), "label": _number(tick)}
        for tick in _ticks(top, bottom)
    ]


def line(
    *,
    name: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    header: list[str],
    rows: list[list[Any]],
    unit: str = "",
    bottom: float = 0,
    top: float | None = None,
) -> Chart:
    """One series over time. The axis runs from `bottom` (0 unless given, e.g. below
    zero for a gap) to `top` (a round number above the highest value unless given)."""
    known = [float(v) for v in values if v is not None]
    top = _nice_top(max(known, default=0)) if top is None else top
    points = _points(values, top, bottom)
    return Chart(
        name=name,
        title=title,
        summary=summary,
        kind="line",
        header=header,
        rows=rows,
        series=[Series(title, BLUE)],
        svg={
            "axis": _axis(top, bottom),
            "points": points,
            "path": _path(points),
            "labels": _x_labels(categories),
            "baseline": HEIGHT - BOTTOM,
            "unit": unit,
        },
    )


def _x(i: int, count: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return round(LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)


def _y(value: float, top: float, bottom: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return round(TOP + plot_h - (value - bottom) / ((top - bottom) or 1) * plot_h, 1)


def _points(values: Sequence[float | None], top: float, bottom: float) -> list[dict[str, Any]]:
    return [
        {"x": _x(i, len(values)), "y": _y(float(v), top, bottom), "value": _number(float(v))}
        for i, v in enumerate(values)
        if v is not None
    ]


def _path(points: list[dict[str, Any]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(points))


def _x_labels(categories: Sequence[str]) -> list[dict[str, Any]]:
    """Labels under the x axis: every one, or every third with the last, leaving out
    one that would crowd the last. The last is anchored at its end so it stays inside
    the chart."""
    every = 1 if len(categories) <= 12 else 3
    count, last = len(categories), len(categories) - 1
    gap = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    labels = []
    for i, label in enumerate(categories):
        # A middle-anchored label reaches half its width (about 25) to the right; the
        # end-anchored last one its whole width (about 50) to the left.
        if i != last and (i % every or (last - i) * gap < 80):
            continue
        anchor = "end" if count > 1 and i == last else "middle"
        labels.append({"x": _x(i, count), "label": label, "anchor": anchor})
    return labels


def grouped_bar(
    *,
    name: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[Decimal | None]],  # values[series][category]
    maximum: float,
    header: list[str],
    rows: list[list[Any]],
    notes: Sequence[str] = (),  # one per category, drawn at the right (e.g. the gap)
    highlight: Sequence[bool] = (),
    missing: str | Sequence[str] = "Not shown",  # one for all series, or one per series
    label_w: int = 130,
    step: int = 1,  # between the scale's ticks
) -> Chart:
    """Horizontal bars: a group per category, a bar per series, each labelled.
    `label_w` is the room on the left for the category names."""
    bar_h, gap, note_w = 14, 14, 120
    missing_text = [missing] * len(series) if isinstance(missing, str) else list(missing)
    group_h = bar_h * len(series) + gap
    height = TOP + group_h * len(categories) + 24
    plot_w = WIDTH - label_w - note_w - RIGHT
    groups = []
    for c, category in enumerate(categories):
        y0 = TOP + group_h * c
        bars = []
        for s, _series in enumerate(series):
            value = values[s][c]
            w = 0 if value is None else float(value) / maximum * plot_w
            bars.append(
                {
                    "series": s,
                    "y": y0 + bar_h * s,
                    "w": round(w, 1),
                    "text": missing_text[s] if value is None else str(value),
                    "text_x": round(label_w + w + 4, 1),
                }
            )
        groups.append(
            {
                "label": category,
                "label_y": y0 + bar_h * len(series) / 2 + 4,
                "bars": bars,
                "note": notes[c] if notes else "",
                "highlight": bool(highlight and highlight[c]),
            }
        )
    scale = [
        {"x": round(label_w + plot_w * i / maximum, 1), "label": str(i)}
        for i in range(0, int(maximum) + 1, step)
    ]
    return Chart(
        name=name,
        title=title,
        summary=summary,
        kind="bar",
        header=header,
        rows=rows,
        series=list(series),
        svg={
            "groups": groups,
            "height": height,
            "label_w": label_w,
            "note_x": WIDTH - RIGHT,
            "scale": scale,
            "scale_y": height - 8,
            "plot_bottom": height - 22,
            "bar_h": bar_h,
        },
    )


# What an XmR chart draws, read-only: `charts.spc.SpcResult` has this shape.


class SpcPoint(Protocol):
    @property
    def value(self) -> float: ...
    @property
    def kind(self) -> str: ...  # a key of SPC_KINDS
    @property
    def mean(self) -> float: ...
    @property
    def in_baseline(self) -> bool: ...


class SpcLimits(Protocol):
    @property
    def upper_process_limit(self) -> float: ...
    @property
    def lower_process_limit(self) -> float: ...


class SpcAnalysis(Protocol):
    @property
    def points(self) -> Sequence[SpcPoint]: ...
    @property
    def limits(self) -> SpcLimits | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def note(self) -> str: ...


SPC_KINDS = {
    "common_cause": ("Common cause", MID_GREY, "circle"),
    "improvement": ("Improvement", BLUE, "square"),
    "concern": ("Concern", ORANGE, "triangle"),
    "neither": ("Special cause, neither better nor worse", PURPLE, "diamond"),
}


def spc_chart(
    *,
    name: str,
    title: str,
    summary: str,
    result: SpcAnalysis,
    labels: Sequence[str],
    header: list[str],
    rows: list[list[Any]],
) -> Chart:
    """An XmR chart: the values, the mean, the process limits, the target, and each
    point's kind as a colour and a shape."""
    values = [p.value for p in result.points]
    lines = list(values)
    if result.limits:
        lines += [result.limits.upper_process_limit, result.limits.lower_process_limit]
    if result.target is not None:
        lines.append(result.target)
    top = _nice_top(max(lines, default=0))
    bottom = min(0.0, min(lines, default=0))
    points = _points(values, top, bottom)
    for point, spc_point in zip(points, result.points, strict=True):
        label, colour, shape = SPC_KINDS[spc_point.kind]
        point.update(kind=label, colour=colour, shape=shape)
    centre = result.points[0].mean if result.points else None
    guides = []
    if centre is not None:
        guides.append(
            {"y": _y(centre, top, bottom), "label": f"Mean {_number(centre)}", "dash": ""}
        )
    if result.limits:
        for limit, words in (
            (result.limits.upper_process_limit, "Upper limit"),
            (result.limits.lower_process_limit, "Lower limit"),
        ):
            if bottom <= limit <= top:
                guides.append(
                    {
                        "y": _y(limit, top, bottom),
                        "label": f"{words} {_number(limit)}",
                        "dash": "6 4",
                    }
                )
    target = None
    if result.target is not None:
        target = {"y": _y(result.target, top, bottom), "label": f"Target {_number(result.target)}"}
    # A baseline: a bracket under the points the limits come from, labelled, and a
    # dashed line where it ends, so the reader sees which points set the limits.
    baseline_span = None
    inside = [i for i, p in enumerate(result.points) if p.in_baseline]
    if inside and result.limits:
        first, last = points[inside[0]], points[inside[-1]]
        baseline_span = {
            "x1": first["x"],
            "x2": last["x"],
            "y": TOP + 2,
            "label": f"Limits fixed from {labels[inside[0]]} to {labels[inside[-1]]}",
            "end": last["x"] if inside[-1] < len(points) - 1 else None,
            "anchor": "start" if first["x"] < WIDTH / 2 else "end",
            "label_x": first["x"] if first["x"] < WIDTH / 2 else last["x"],
        }
    return Chart(
        name=name,
        title=title,
        summary=summary,
        kind="spc",
        header=header,
        rows=rows,
        note=result.note,
        svg={
            "axis": _axis(top, bottom),
            "points": points,
            "path": _path(points),
            "labels": _x_labels(labels),
            "guides": guides,
            "target": target,
            "baseline_span": baseline_span,
            "baseline": HEIGHT - BOTTOM,
            "kinds": [
                {"label": label, "colour": colour, "shape": shape}
                for label, colour, shape in SPC_KINDS.values()
            ],
        },
    )


# Sparklines: a small line per metric on a growth plan's page --------------------------

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 240, 60, 6


def sparkline(values: Sequence[Decimal | None], target: Decimal) -> dict[str, Any]:
    """Points for a small SVG line, scaled to include the target. A month with no
    value breaks the line; a value on its own is a dot."""
    width, height, pad = SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD
    known = [v for v in values if v is not None]
    top = max([*known, target, Decimal(1)])
    bottom = min([*known, target, Decimal(0)])
    span = (top - bottom) or Decimal(1)
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(value: Decimal) -> float:
        return round(float(height - pad - (value - bottom) / span * (height - 2 * pad)), 1)

    segments: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((round(pad + i * step, 1), y(value)))
    return {
        "width": width,
        "height": height,
        "lines": [
            " ".join(f"{x},{y}" for x, y in points) for points in segments if len(points) > 1
        ],
        "dots": [{"x": points[0][0], "y": points[0][1]} for points in segments if len(points) == 1],
        "target_y": y(target),
    }


# Levels: a line over ordered levels, such as a project's rung each quarter -----------

LEVEL_LEFT = 120  # room for the levels' names
LEVEL_TOP = 16
LEVEL_ROW = 36  # height of one level
LEVEL_STEP = 72  # width of one column
LEVEL_RIGHT = 24
LEVEL_BOTTOM = 40  # room for the columns' names
LEVEL_MIN_COLUMNS = 4  # so one point still reads as a chart


def levels(
    *, scale: Sequence[tuple[int, str]], values: Sequence[int], target: int | None
) -> dict[str, Any] | None:
    """A line through one value per column, on a scale of levels drawn as rows with
    the highest at the top. `scale` is every level's (value, label), lowest first.
    None when there are no values."""
    if not values:
        return None
    highest, lowest = scale[-1][0], scale[0][0]

    def y(level: int) -> int:
        return LEVEL_TOP + (highest - level) * LEVEL_ROW

    points = [
        {"x": LEVEL_LEFT + LEVEL_STEP // 2 + i * LEVEL_STEP, "y": y(value)}
        for i, value in enumerate(values)
    ]
    width = LEVEL_LEFT + LEVEL_STEP * max(len(values), LEVEL_MIN_COLUMNS) + LEVEL_RIGHT
    plot_bottom = y(lowest) + LEVEL_ROW // 2
    return {
        "width": width,
        "height": plot_bottom + LEVEL_BOTTOM,
        "left": LEVEL_LEFT,
        "right": width - LEVEL_RIGHT,
        "plot_bottom": plot_bottom,
        "label_y": plot_bottom + 24,
        "levels": [{"label": label, "y": y(level)} for level, label in scale],
        "points": points,
        "line": " ".join(f"{point['x']},{point['y']}" for point in points),
        "target_y": y(target) if target else None,
    }

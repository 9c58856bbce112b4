"""A report drawn from its snapshot alone: charts, tables, the page and the PDF.

Nothing here reads records: the charts are rebuilt from the frozen numbers with
the dashboard's own chart functions and SVG templates, so the page, the PDF and
the dashboard look alike and a report reads the same in five years.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from charts import Chart, month_label, spc, spc_chart
from dashboard import panels, read
from dashboard.read.filters import Filters
from principles.results import SIDES
from projects.rungs import Rung

KIND_LABELS = panels.LABELS_FOR_KIND

# On paper, a metric's data table gives its latest months only; its chart keeps all
# 24, and the report's CSV download (`metric_csv_rows`) has every month (issue 22).
PRINTED_MONTHS = 12


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _filters(snapshot: dict) -> Filters:
    period = snapshot["period"]
    return Filters(
        start=_day(period["start"]),
        end=_day(period["last_day"]) + datetime.timedelta(days=1),
        label="The period",  # chart summaries read "4 activities in the period"
        scope_label=snapshot["scope"]["label"],
    )


def _by_month(snapshot: dict) -> dict[tuple[datetime.date, int | None], int]:
    return {(_day(month), rung): n for month, rung, n in snapshot["activity"]["rungs_by_month"]}


def _principle_results(snapshot: dict) -> list[read.PrincipleMeans]:
    return [
        read.PrincipleMeans(
            code=row["code"],
            label=row["label"],
            means={side: _decimal(row["means"][side]) for side in SIDES},
            people={side: row["people"][side] or 0 for side in SIDES},
        )
        for row in snapshot["principles"]
    ]


def _spc_result(metric: dict) -> spc.SpcResult:
    """The frozen SPC analysis, put back together for the chart template."""
    frozen = metric["limits"]
    limits = (
        None
        if frozen is None
        else spc.Limits.from_mean(frozen["mean"], frozen["mean_moving_range"])
    )
    points = tuple(
        spc.SpcPoint(
            period=_day(point["month"]),
            value=point["value"],
            moving_range=None,
            mean=point["mean"],
            limits=limits,
            in_baseline=False,
            special_cause=point["kind"] != "common_cause",
            kind=point["kind"],
            side=None,
            rule=None,
            signals=(),
            conflict=False,
        )
        for point in metric["points"]
    )
    return spc.SpcResult(
        points=points,
        direction=metric["spc_direction"],
        target=None if metric["target"] is None else float(metric["target"]),
        settings=spc.SpcSettings(),
        limits=limits,
        baseline_points=len(points) if limits else 0,
        variation_icon=metric["variation_icon"],
        assurance_icon=metric["assurance_icon"],
        note=metric["note"],
    )


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def metric_chart(metric: dict, index: int) -> Chart:
    result = _spc_result(metric)
    latest = (
        f"Latest value {metric['latest']} in {metric['latest_month']} against a target of "
        f"{metric['target']}. Variation: {metric['variation'].lower()}; assurance: "
        f"{metric['assurance'].lower()}."
        if metric["latest"] is not None
        else "No values in the 24 months up to the end of the period."
    )
    return spc_chart(
        name=f"metric_{index}",
        title=f"{metric['name']}, each month (SPC chart)",
        summary=latest,
        result=result,
        labels=[month_label(p.period) for p in result.points],
        header=["Month", metric["name"], "Mean", "Lower limit", "Upper limit", "Variation"],
        rows=[
            [
                month_label(p.period),
                _number(p.value),
                _number(p.mean),
                _number(p.lower_process_limit),
                _number(p.upper_process_limit),
                KIND_LABELS[p.kind],
            ]
            for p in result.points
        ],
    )


NO_SOURCE = "Not from the Co-Production Model"


def standard_groups(standards: list[dict]) -> list[tuple[str, list[dict]]]:
    """The plan's standards grouped by the value or step of the Co-Production
    Model each came from, in the plan's order; one unnamed group when none did."""
    if not any(standard.get("source") for standard in standards):
        return [("", standards)] if standards else []
    groups: dict[str, list[dict]] = {}
    for standard in standards:
        groups.setdefault(standard.get("source") or NO_SOURCE, []).append(standard)
    return sorted(groups.items(), key=lambda group: group[0] == NO_SOURCE)


def printed(chart: Chart) -> Chart:
    """The chart as the PDF prints it: the table cut to the latest PRINTED_MONTHS."""
    if len(chart.rows) <= PRINTED_MONTHS:
        return chart
    cut = (
        f"The table gives the latest {PRINTED_MONTHS} of the chart's {len(chart.rows)} "
        "months; every month is in the report's CSV download, on the report's page."
    )
    return dataclasses.replace(
        chart,
        rows=chart.rows[-PRINTED_MONTHS:],
        note=f"{chart.note} {cut}" if chart.note else cut,
    )


METRIC_CSV_HEADER = [
    "Metric",
    "Month",
    "Value",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Variation",
    "Target",
    "Unit",
]


def metric_csv_rows(snapshot: dict) -> list[list[str]]:
    """Every metric's every month, as frozen: one row per metric and month."""
    if snapshot.get("version") != 1:
        raise ValueError(f"Unknown report snapshot version: {snapshot.get('version')!r}")
    rows = []
    for metric in snapshot["metrics"]:
        for point in _spc_result(metric).points:
            rows.append(
                [
                    metric["name"],
                    f"{point.period:%Y-%m}",
                    _number(point.value),
                    _number(point.mean),
                    _number(point.lower_process_limit),
                    _number(point.upper_process_limit),
                    KIND_LABELS[point.kind],
                    metric["target"] or "",
                    metric["unit"],
                ]
            )
    return rows


def report_context(snapshot: dict, *, for_print: bool = False) -> dict[str, Any]:
    """What the report templates need, from a version 1 snapshot; `for_print` cuts
    the metrics' data tables to their latest months (`printed`)."""
    if snapshot.get("version") != 1:
        raise ValueError(f"Unknown report snapshot version: {snapshot.get('version')!r}")
    filters = _filters(snapshot)
    by_month = _by_month(snapshot)
    return {
        "snapshot": snapshot,
        "standard_groups": standard_groups(snapshot["plan"]["standards"]),
        "suppression_note": read.suppression.NOTE,
        "period_start": _day(snapshot["period"]["start"]),
        "period_last_day": _day(snapshot["period"]["last_day"]),
        "previous_start": _day(snapshot["period"]["previous_start"]),
        "previous_last_day": _day(snapshot["period"]["previous_last_day"]),
        "charts": {
            "ladder": panels.ladder_chart(filters, by_month),
            "activities": panels.activities_chart(filters, by_month),
            "principles": panels.principles_chart(filters, _principle_results(snapshot)),
        },
        "metrics": [
            {
                "metric": metric,
                "chart": printed(chart) if for_print else chart,
            }
            for n, metric in enumerate(snapshot["metrics"], start=1)
            for chart in [metric_chart(metric, n)]
        ],
        "rungs": [label for _value, label in Rung.choices],
        "built_at": datetime.datetime.fromisoformat(snapshot["frozen_at"]),
        "flags": {
            **snapshot["flags"],
            **{
                name: [{**row, "day": _day(row["date"])} for row in snapshot["flags"][name]]
                for name in ("faux", "contested")
            },
        },
        "changes": [
            {**change, "day": _day(change["date"])} for change in snapshot["changes"]["latest"]
        ],
    }


def report_html(*, snapshot: dict, title: str) -> str:
    """The whole report as one HTML document for WeasyPrint (no page shell)."""
    return render_to_string(
        "dashboard/reports/report_pdf.html",
        {**report_context(snapshot, for_print=True), "title": title},
    )


def report_pdf(*, snapshot: dict, title: str) -> bytes:
    """A tagged PDF (PDF/UA-1): title, language, headings, tables with headers."""
    # Imported here: WeasyPrint is slow to load and only workers need it.
    from core.pdf import pdf_from_html

    return pdf_from_html(report_html(snapshot=snapshot, title=title))

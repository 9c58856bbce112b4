"""The dashboard's charts and tables, built from the read model.

`CHARTS` names every downloadable data set: the page shows them and
`dashboard:chart_csv` serves each one's table on its own with the same filters.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from charts import (
    BLUE,
    DARK_BLUE,
    MID_GREY,
    PALE_GREY,
    RED,
    YELLOW,
    Chart,
    Series,
    grouped_bar,
    line,
    month_label,
    spc,
    spc_chart,
    stacked_bar,
)
from dashboard import read
from dashboard.read.population import LARGE_DIFFERENCE
from principles.results import SIDE_LABELS, SIDES
from projects.models import Service
from projects.rungs import Group, Rung

RUNG_SERIES = {
    Rung.COERCION: Series("Coercion", RED, "solid"),
    Rung.EDUCATING: Series("Educating", RED, "diagonal"),
    Rung.INFORMING: Series("Informing", YELLOW, "solid"),
    Rung.CONSULTATION: Series("Consultation", YELLOW, "diagonal"),
    Rung.ENGAGEMENT: Series("Engagement", YELLOW, "dots"),
    Rung.CO_DESIGN: Series("Co-design", BLUE, "diagonal"),
    Rung.CO_PRODUCTION: Series("Co-production", DARK_BLUE, "solid"),
}
UNCLASSIFIED = Series("Not classified yet", PALE_GREY, "cross")
LARGE_GAP = Decimal("0.5")


def _in_sentence(label: str) -> str:
    """A period's name inside a sentence: "last 12 months", but month names keep
    their capitals ("July to September 2025")."""
    return label[0].lower() + label[1:] if label.startswith("Last ") else label


def ladder_chart(filters: read.Filters, by_month: dict | None = None) -> Chart:
    by_month = read.rungs_by_month(filters) if by_month is None else by_month
    months = filters.months()
    keys: list[int | None] = [*RUNG_SERIES, None]
    values = [[by_month.get((month, rung), 0) for month in months] for rung in keys]
    total = sum(map(sum, values))
    doing_with = sum(
        sum(values[i]) for i, rung in enumerate(keys) if rung and rung >= Rung.CO_DESIGN
    )
    header = ["Month", *(RUNG_SERIES[r].label for r in RUNG_SERIES), UNCLASSIFIED.label, "Total"]
    rows = [
        [month_label(month), *(v[i] for v in values), sum(v[i] for v in values)]
        for i, month in enumerate(months)
    ]
    return stacked_bar(
        name="ladder",
        title="Activities by rung of the ladder, each month",
        summary=(
            f"{total} activit{'y' if total == 1 else 'ies'} in {_in_sentence(filters.label)}; "
            f"{doing_with} at co-design or co-production."
            if total
            else "No activities were logged in this period."
        ),
        categories=[month_label(m) for m in months],
        series=[*RUNG_SERIES.values(), UNCLASSIFIED],
        values=values,
        header=header,
        rows=rows,
    )


def activities_chart(filters: read.Filters, by_month: dict | None = None) -> Chart:
    by_month = read.rungs_by_month(filters) if by_month is None else by_month
    months = filters.months()
    counts = [sum(n for (m, _r), n in by_month.items() if m == month) for month in months]
    busiest = max(range(len(months)), key=lambda i: counts[i]) if months else None
    return line(
        name="activities",
        title="Activities each month",
        summary=(
            f"The busiest month was {month_label(months[busiest])} with {counts[busiest]} activities."
            if busiest is not None and counts[busiest]
            else "No activities were logged in this period."
        ),
        categories=[month_label(m) for m in months],
        values=counts,
        header=["Month", "Activities"],
        rows=[[month_label(m), n] for m, n in zip(months, counts, strict=True)],
    )


def principles_chart(
    filters: read.Filters, results: list[read.PrincipleMeans] | None = None
) -> Chart:
    results = read.principle_means(filters) if results is None else results
    gaps = [r.gap for r in results]
    widest = max((r for r in results if r.gap is not None), key=lambda r: abs(r.gap), default=None)
    if widest is not None:
        direction = "lower" if widest.gap < 0 else "higher"
        summary = (
            f"The widest gap is for {widest.label.lower()}: people with lived experience rate it "
            f"{abs(widest.gap)} points {direction} than staff do."
        )
    elif any(r.means[s] is not None for r in results for s in SIDES):
        summary = "No principle has enough ratings from both sides to show a gap."
    else:
        summary = "Not enough people rated the principles in this period to show results."
    return grouped_bar(
        name="principles",
        title="Mean rating of each principle, lived experience and staff (1 to 5)",
        summary=summary,
        categories=[r.label for r in results],
        series=[
            Series(SIDE_LABELS[SIDES[0]], BLUE, "solid"),
            Series(SIDE_LABELS[SIDES[1]], MID_GREY, "diagonal"),
        ],
        values=[[r.means[side] for r in results] for side in SIDES],
        maximum=5,
        notes=[_gap_words(gap) for gap in gaps],
        highlight=[gap is not None and abs(gap) >= LARGE_GAP for gap in gaps],
        missing="Fewer than 3 people",
        header=[
            "Principle",
            *(SIDE_LABELS[s] for s in SIDES),
            "Gap (lived experience minus staff)",
        ],
        rows=[
            [
                r.label,
                *(r.means[s] if r.means[s] is not None else "Fewer than 3 people" for s in SIDES),
                r.gap if r.gap is not None else "",
            ]
            for r in results
        ],
    )


def _gap_words(gap: Decimal | None) -> str:
    if gap is None:
        return "No gap shown"
    sign = "+" if gap > 0 else "\N{MINUS SIGN}" if gap < 0 else ""
    return f"Gap {sign}{abs(gap)}" + (" (large)" if abs(gap) >= LARGE_GAP else "")


SUPPRESSED = "Fewer than 3 people"
GAP_RANGE = 4  # scores run from 1 to 5, so a gap lies between -4 and +4


def principle_gap_charts(
    filters: read.Filters, trends: list[read.GapTrend] | None = None
) -> list[Chart]:
    """One small line chart per principle: the lived-experience minus staff gap for
    each of the last 8 quarters, on the same axis (-4 to +4) so they compare."""
    trends = read.principle_gap_trend(filters) if trends is None else trends
    charts = []
    for trend in trends:
        labels = [read.quarter_label(q) for q in trend.quarters]
        gaps = trend.gaps
        shown = [(label, gap) for label, gap in zip(labels, gaps, strict=True) if gap is not None]
        if shown:
            label, gap = shown[-1]
            summary = (
                f"In {label}, people with lived experience rated it "
                + (
                    f"{abs(gap)} points {'lower' if gap < 0 else 'higher'} than staff did"
                    if gap
                    else "the same as staff did"
                )
                + f"; {len(shown)} of {len(labels)} quarters had at least 3 people on each side."
            )
        else:
            summary = "No quarter had at least 3 people on each side, so no gap is shown."
        charts.append(
            line(
                name=f"principle_gap_{trend.code}",
                title=f"{trend.label}: gap between lived experience and staff, each quarter",
                summary=summary,
                categories=labels,
                values=gaps,
                bottom=-GAP_RANGE,
                top=GAP_RANGE,
                header=["Quarter", *(SIDE_LABELS[s] for s in SIDES), "Gap"],
                rows=[
                    [
                        label,
                        *(_mean_text(means[s], people[s]) for s in SIDES),
                        "" if gap is None else gap,
                    ]
                    for label, means, people, gap in zip(
                        labels, trend.means, trend.people, gaps, strict=True
                    )
                ],
            )
        )
    return charts


def _mean_text(mean: Decimal | None, people: int) -> str:
    if mean is None:
        return SUPPRESSED
    return f"{mean} ({people} people)"


def principle_gaps_table(filters: read.Filters) -> Chart:
    """Every principle's gap trend in one table, for the CSV."""
    trends = read.principle_gap_trend(filters)
    rows = []
    for trend in trends:
        for quarter, means, people, gap in zip(
            trend.quarters, trend.means, trend.people, trend.gaps, strict=True
        ):
            rows.append(
                [
                    trend.label,
                    read.quarter_label(quarter),
                    *(
                        cell
                        for side in SIDES
                        for cell in (
                            SUPPRESSED if means[side] is None else means[side],
                            "" if means[side] is None else people[side],
                        )
                    ),
                    "" if gap is None else gap,
                ]
            )
    return Chart(
        name="principle_gaps",
        title="Gap between lived experience and staff ratings, each principle, each quarter",
        summary=f"The last {read.TREND_QUARTERS} quarters up to the end of the period.",
        kind="table",
        header=[
            "Principle",
            "Quarter",
            *(
                words
                for side in SIDES
                for words in (f"{SIDE_LABELS[side]} mean", f"{SIDE_LABELS[side]} people")
            ),
            "Gap (lived experience minus staff)",
        ],
        rows=rows,
    )


def doing_with_spc(filters: read.Filters) -> Chart:
    series = read.doing_with_by_month(filters)
    points = [(month, share) for month, share, _n in series if share is not None]
    result = spc.analyse(points, direction="up")
    variation = read.VARIATION_LABELS.get(result.variation_icon or "", "")
    latest = result.latest
    summary = (
        f"In {month_label(latest.period)}, {_pct(latest.value)} of classified activities were "
        f"“doing with”" + (f"; variation: {variation.lower()}." if variation else ".")
        if latest
        else "No classified activities in the 24 months up to the end of the period."
    )
    return spc_chart(
        name="doing_with_spc",
        title="Share of classified activities in “doing with”, each month (SPC chart)",
        summary=summary,
        result=result,
        labels=[month_label(p.period) for p in result.points],
        header=[
            "Month",
            "Share in “doing with” (%)",
            "Classified activities",
            "Mean",
            "Lower limit",
            "Upper limit",
            "Variation",
        ],
        rows=[
            [
                month_label(p.period),
                _round(p.value),
                next(n for m, _s, n in series if m == p.period),
                _round(p.mean),
                _round(p.lower_process_limit),
                _round(p.upper_process_limit),
                LABELS_FOR_KIND[p.kind],
            ]
            for p in result.points
        ],
    )


LABELS_FOR_KIND = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neither": "Special cause",
}


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def service_mix_chart(filters: read.Filters, services: list[Service]) -> Chart:
    mixes = read.group_mix_by_service(filters, services)
    rows = [
        [
            mix.service,
            *(_share_text(mix.share(group)) for group in Group.values),
            mix.classified,
            mix.unclassified,
        ]
        for mix in mixes
    ]
    return Chart(
        name="service_mix",
        title="Share of classified activities in each ladder group, by service",
        summary=f"{len(mixes)} service{'s' if len(mixes) != 1 else ''} logged activities in this period.",
        kind="table",
        header=[
            "Service",
            *(f"{label} (%)" for label in Group.labels),
            "Classified",
            "Not classified yet",
        ],
        rows=rows,
    )


def _share_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value}"


def plans_chart(filters: read.Filters, services: list[Service], rows=None) -> Chart:
    rows = read.plan_rows(filters, services) if rows is None else rows
    table = []
    for row in rows:
        priorities = "; ".join(f"{label}: {n}" for label, n in row.priority_summary)
        for status in row.metrics or [None]:
            table.append(
                [
                    str(row.plan),
                    row.plan.get_phase_display(),
                    priorities,
                    status.metric.name if status else "",
                    "" if status is None or status.latest is None else f"{status.latest}",
                    "" if status is None else f"{status.metric.target}",
                    "" if status is None else status.variation,
                    "" if status is None else status.assurance,
                ]
            )
    return Chart(
        name="plans",
        title="Growth plans: priorities and output metrics",
        summary=f"{len(rows)} growth plan{'s' if len(rows) != 1 else ''} in scope.",
        kind="table",
        header=[
            "Plan",
            "Phase",
            "Priorities by status",
            "Metric",
            "Latest value",
            "Target",
            "Variation",
            "Assurance",
        ],
        rows=table,
    )


# Equality monitoring against the population served ----------------------------------

INVOLVED = Series("People involved who answered", BLUE, "solid")
POPULATION = Series("Population served", MID_GREY, "diagonal")
FEWER = "Fewer than 3 people"
NO_PROFILE = "No population figures"


def population_charts(comparison: read.PopulationComparison) -> list[Chart]:
    """One bar chart per equality question: the share of each group among the people
    involved who answered, against its share of the population served."""
    if not comparison.shown:
        return []
    charts = []
    for question in comparison.questions:
        if not question.shown and not question.has_profile:
            continue
        charts.append(
            grouped_bar(
                name=f"population_{question.question}",
                title=f"{question.label}: people involved and the population served (%)",
                summary=_population_summary(question),
                categories=[group.label for group in question.groups],
                series=[INVOLVED, POPULATION],
                values=[
                    [group.share for group in question.groups],
                    [group.population for group in question.groups],
                ],
                maximum=100,
                step=25,
                label_w=250,
                missing=[FEWER if question.shown else "Not enough answers", NO_PROFILE],
                notes=[_difference_words(group.difference) for group in question.groups],
                highlight=[group.large for group in question.groups],
                header=POPULATION_HEADER[1:],
                rows=[row[1:] for row in _population_rows(question)],
            )
        )
    return charts


def _population_summary(question: read.QuestionComparison) -> str:
    if not question.shown:
        return "Fewer than 3 people answered this question, so only the population served is shown."
    differences = [g for g in question.groups if g.difference is not None]
    said = f"{question.answered} people answered"
    if question.not_said is not None:
        said += f" and {question.not_said} preferred not to say"
    if not question.has_profile:
        return f"{said}. There are no population figures for this question yet."
    if not differences:
        return f"{said}. No group has enough people to compare with the population."
    widest = max(differences, key=lambda g: abs(g.difference or 0))
    return (
        f"{said}. The widest difference is for “{widest.label}”: {widest.share}% of the people "
        f"involved who answered, against {widest.population}% of the population served."
    )


def _difference_words(difference: Decimal | None) -> str:
    if difference is None:
        return ""
    sign = "+" if difference > 0 else "\N{MINUS SIGN}" if difference < 0 else ""
    words = f"{sign}{abs(difference)} points"
    return words + (" (large)" if abs(difference) >= LARGE_DIFFERENCE else "")


POPULATION_HEADER = [
    "Question",
    "Group",
    "People involved",
    "Share of those who answered (%)",
    "Population served (%)",
    "Difference (percentage points)",
]


def _population_rows(question: read.QuestionComparison) -> list[list]:
    rows: list[list] = [
        [
            question.label,
            group.label,
            FEWER if group.people is None else group.people,
            "" if group.share is None else group.share,
            "" if group.population is None else group.population,
            "" if group.difference is None else group.difference,
        ]
        for group in question.groups
    ]
    rows.append(
        [
            question.label,
            "Prefer not to say (not in the shares)",
            FEWER if question.not_said is None else question.not_said,
            "",
            "",
            "",
        ]
    )
    return rows


def population_table(
    filters: read.Filters,
    services: list[Service],
    comparison: read.PopulationComparison | None = None,
) -> Chart:
    """Every question's comparison in one table, for the CSV."""
    if comparison is None:
        comparison = read.population_comparison(filters, services)
    rows = (
        [row for question in comparison.questions for row in _population_rows(question)]
        if comparison.shown
        else []
    )
    return Chart(
        name="population",
        title="Equality monitoring: people involved and the population served",
        summary=(
            f"{comparison.shared} people involved shared their equality answers."
            if comparison.shown
            else "Fewer than 3 people involved shared their equality answers."
        ),
        kind="table",
        header=POPULATION_HEADER,
        rows=rows,
    )


CHARTS: dict[str, Callable[[read.Filters, list[Service]], Chart]] = {
    "ladder": lambda filters, services: ladder_chart(filters),
    "activities": lambda filters, services: activities_chart(filters),
    "principles": lambda filters, services: principles_chart(filters),
    "doing_with_spc": lambda filters, services: doing_with_spc(filters),
    "service_mix": service_mix_chart,
    "plans": plans_chart,
    "principle_gaps": lambda filters, services: principle_gaps_table(filters),
    "population": lambda filters, services: population_table(filters, services),
}
# Equality monitoring: for governance leads and admins only (`access.reads_equality`).
EQUALITY_CHARTS = frozenset({"population"})


# A plan's metrics, each on its own SPC chart ------------------------------------------

METRIC_HEADER = ["Month", "Value", "Mean", "Lower limit", "Upper limit", "In baseline", "Variation"]


def metric_spc_chart(status: read.MetricStatus) -> Chart:
    """One output metric's XmR chart with its settings, baseline and icons in words."""
    metric, result = status.metric, status.analysis
    labels = [month_label(p.period) for p in result.points]
    words = []
    if status.latest is not None:
        words.append(
            f"The latest value is {_plain(status.latest)} in {month_label(status.latest_month)}, "
            f"against a target of {_plain(metric.target)}."
        )
    else:
        words.append("There are no values yet.")
    if result.has_limits:
        words.append(
            f"Variation: {status.variation.lower()}. Assurance: {status.assurance.lower()}."
        )
    if metric.has_baseline:
        if result.baseline_points:
            words.append(
                f"The mean and limits are fixed from {month_label(metric.baseline_from)} to "
                f"{month_label(metric.baseline_to)} ({result.baseline_points} months) and "
                "carried forward."
            )
        else:
            words.append(
                f"A baseline from {month_label(metric.baseline_from)} to "
                f"{month_label(metric.baseline_to)} is set, but there are not yet enough values "
                "to fix the limits from it."
            )
    if metric.computation in read.DRAWN_FROM_PEOPLE:
        words.append("A month whose value comes from fewer than 3 people is left out.")
    words.append(
        f"A shift is {metric.shift_length} points in a row on one side of the mean; a trend is "
        f"{metric.trend_length} points in a row going the same way."
    )
    return spc_chart(
        name=f"metric_{metric.pk}",
        title=f"{metric.name} ({metric.get_unit_display().lower()}), each month",
        summary=" ".join(words),
        result=result,
        labels=labels,
        header=METRIC_HEADER,
        rows=[
            [
                month_label(p.period),
                _round(p.value),
                _round(p.mean) if result.has_limits else "",
                _round(p.lower_process_limit),
                _round(p.upper_process_limit),
                "Yes" if p.in_baseline else "",
                LABELS_FOR_KIND[p.kind],
            ]
            for p in result.points
        ],
    )


def _plain(value: Decimal | float) -> str:
    return f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else _round(value)


def plan_metrics_table(statuses: list[read.MetricStatus]) -> Chart:
    """Every metric's chart data in one table, for the plan's CSV."""
    rows = [
        [status.metric.name, *row] for status in statuses for row in metric_spc_chart(status).rows
    ]
    return Chart(
        name="plan_metrics",
        title="Output metrics, each month",
        summary=f"{len(statuses)} metric{'s' if len(statuses) != 1 else ''}.",
        kind="table",
        header=["Metric", *METRIC_HEADER],
        rows=rows,
    )

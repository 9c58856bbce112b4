"""The dashboard's figures: worked out once for a set of filters, read by every view
until anything behind them changes.

Working the figures out reads the summary tables (`projects.summaries`) and the
other records the page shows, and renders 20 charts and every growth plan's
metrics: about a second for a large trust, most of it the plans' SPC readings and
the rendering. The figures are the same for everyone who may read the dashboard
(only which moved projects a reader may open differs, and that is settled on each
view, see `read.movement_for`), so they are worked out once for a set of filters,
stored, and read by the views that follow.

Stored figures are never out of date: every change to the records behind them is
noted by the database and taken in by `summaries_catch_up` before a view reads
anything, which records when (`SummaryState`); figures stored before then are
worked out again. `DASHBOARD_FIGURES_MAX_AGE` bounds how long figures are kept
even when nothing changed (0: never stored). The periodic task
(`dashboard.tasks.figures_refresh_task`) works out the default view, and each
division's, so that most views find them ready.

The figures are stored as JSON: the rendered panels and the moved projects as
plain values. A stored row that cannot be read back (written by code of another
shape) is worked out again, never shown half-read.

Links in the stored panels carry the filters as `DashboardFilterForm.query` spells
them, one way whatever the URL said, so nothing from one reader's URL reaches
another's page; the key covers that query and everything else that is printed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from dashboard import panels, read
from dashboard.forms import DashboardFilterForm
from dashboard.models import StoredFigures
from dashboard.read import suppression
from projects.models import Service, SummaryState
from projects.rungs import Rung
from projects.summaries import summaries_catch_up

logger = logging.getLogger(__name__)

# Part of every key: change it with any change to what is stored, so rows written
# by earlier code are never read.
FORMAT = 7
HTML_PARTS = ("top", "middle", "population", "population_for_editors")


@dataclass(frozen=True)
class Figures:
    """Everything on the dashboard that does not depend on who is reading it: the
    page's panels, rendered (rendering 20 charts and 60 plans' metrics took longer
    than reading them back), and the projects that moved a rung, which each reader
    sees listed only where they may open them."""

    computed_at: datetime.datetime
    html: dict[str, str]  # "top", "middle", "population", "population_for_editors"
    movement: read.Movement  # every project's `visible` is False until `read.movement_for`


def key_for(filters: read.Filters, query: str) -> str:
    """Everything the stored figures depend on: the period's dates and name, the
    services in scope and their name, the filters' query (in the links) and the
    month under way (left out of the charts)."""
    scope = (
        "all" if filters.service_ids is None else ",".join(map(str, sorted(filters.service_ids)))
    )
    under_way = f"{filters.incomplete_from:%Y-%m}" if filters.incomplete_from else "complete"
    parts = [filters.label, filters.scope_label, scope, query, under_way]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
    return f"v{FORMAT}:{filters.start:%Y-%m-%d}:{filters.end:%Y-%m-%d}:{digest}"


def _as_json(figures: Figures) -> dict:
    return {
        "html": figures.html,
        "moves": [
            [move.project_id, move.title, int(move.before), int(move.now)]
            for move in figures.movement.moves
        ],
    }


def _from_json(computed_at: datetime.datetime, payload: dict) -> Figures:
    """Raises KeyError, TypeError or ValueError when `payload` has another shape."""
    moves = [
        read.ProjectMove(
            project_id=int(project_id),
            title=str(title),
            before=Rung(before),
            now=Rung(now),
            visible=False,
        )
        for project_id, title, before, now in payload["moves"]
    ]
    return Figures(
        computed_at=computed_at,
        # Rendered and escaped by `work_out`, and stored by `store`: nothing else
        # writes the table.
        html={part: mark_safe(str(payload["html"][part])) for part in HTML_PARTS},  # noqa: S308
        movement=read.Movement(moves),
    )


def chart_csv_urls(query: str) -> dict[str, str]:
    """Each chart's download, with the page's filters."""
    suffix = f"?{query}" if query else ""
    return {
        name: f"{reverse('dashboard:chart_csv', args=[name])}{suffix}" for name in panels.CHARTS
    }


def work_out(filters: read.Filters, services: list[Service], *, query: str = "") -> Figures:
    """Every figure on the dashboard for `filters`, from the records as they are now,
    rendered; `query` is the filters as `DashboardFilterForm.query` spells them,
    for the links to each plan's page and each chart's download.

    Queries: the read model's 21, whatever the amount of data (see
    tests/dashboard/test_dashboard.py for the list).
    """
    computed_at = timezone.now()
    by_month = read.rungs_by_month(filters)
    headlines = read.headlines(filters)
    new_people = next(h.value for h in headlines if h.key == "new_people")
    population = read.population_comparison(filters, services)
    context = {
        "filters": filters,
        "query": query,
        "csv_urls": chart_csv_urls(query),
        "headlines": headlines,
        "suppression_note": suppression.NOTE,
        "charts": {
            "ladder": panels.ladder_chart(filters, by_month),
            "activities": panels.activities_chart(filters, by_month),
            "doing_with_spc": panels.doing_with_spc(filters),
            "principles": panels.principles_chart(filters),
        },
        "service_mix": panels.service_mix_chart(filters, services),
        "gap_charts": panels.principle_gap_charts(filters),
        "plan_rows": read.plan_rows(filters, services),
        "reach": read.reach(filters, services, new=new_people),
        "population": population,
        "population_charts": panels.population_charts(population),
    }
    movement = read.rung_movement(filters, None)
    return Figures(
        computed_at=computed_at,
        html={
            "top": render_to_string("dashboard/_figures_top.html", context),
            "middle": render_to_string("dashboard/_figures_middle.html", context),
            "population": render_to_string("dashboard/_population.html", context),
            "population_for_editors": render_to_string(
                "dashboard/_population.html", {**context, "can_enter_profiles": True}
            ),
        },
        movement=movement,
    )


def stored(filters: read.Filters, query: str, *, now: datetime.datetime) -> Figures | None:
    """The stored figures for `filters` and `query` if nothing changed since they
    were worked out and they are not older than the maximum age at `now`.
    Queries: 1."""
    if settings.DASHBOARD_FIGURES_MAX_AGE <= 0:
        return None
    oldest = now - datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)
    last_change = Coalesce(
        Subquery(SummaryState.objects.filter(pk=1).values("changed_at")), Value(oldest)
    )
    row = (
        StoredFigures.objects.filter(key=key_for(filters, query), computed_at__gt=oldest)
        .filter(computed_at__gt=last_change)
        .values_list("computed_at", "payload")
        .first()
    )
    if row is None:
        return None
    try:
        return _from_json(*row)
    except (KeyError, TypeError, ValueError):
        logger.warning("stored dashboard figures %s could not be read", key_for(filters, query))
        return None


def store(filters: read.Filters, query: str, figures: Figures) -> None:
    """Keep `figures` for `filters` and `query`, replacing older ones. Queries: 1
    (an upsert, so two views working out the same filters at once both succeed)."""
    if settings.DASHBOARD_FIGURES_MAX_AGE <= 0:
        return
    StoredFigures.objects.bulk_create(
        [
            StoredFigures(
                key=key_for(filters, query),
                computed_at=figures.computed_at,
                payload=_as_json(figures),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["computed_at", "payload"],
    )


def figures_for(filters: read.Filters, services: list[Service], *, query: str = "") -> Figures:
    """The figures for `filters`: the stored ones while nothing changed, else worked
    out now and stored for the views that follow. The caller has caught the
    summaries up (`summaries_catch_up`), which notes any change."""
    found = stored(filters, query, now=timezone.now())
    if found is not None:
        return found
    figures = work_out(filters, services, query=query)
    store(filters, query, figures)
    return figures


def refresh_defaults(*, today: datetime.date | None = None) -> int:
    """Work out again the views most people open: the whole organisation and each
    division, for the default period; and delete figures too old to be read.
    Returns how many sets of figures were worked out (none when figures are not
    kept: DASHBOARD_FIGURES_MAX_AGE is 0)."""
    if settings.DASHBOARD_FIGURES_MAX_AGE <= 0:
        return 0
    summaries_catch_up()
    today = today or timezone.localdate()
    services = list(Service.objects.order_by("name"))
    choices = [{}] + [
        {"division": str(service.pk)}
        for service in services
        if service.kind == Service.Kind.DIVISION
    ]
    for data in choices:
        form = DashboardFilterForm(data or None, services=services, today=today)
        filters, query = form.filters(), form.query()
        store(filters, query, work_out(filters, services, query=query))
    oldest = timezone.now() - datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)
    StoredFigures.objects.filter(computed_at__lte=oldest).delete()
    return len(choices)

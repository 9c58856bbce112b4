"""The dashboard's figures: worked out once for a set of filters, read by every view
for a few minutes.

Working out the dashboard reads every activity and involvement of its period and
of the 24 months behind each growth plan's charts: seconds, for a large trust. The
figures are the same for everyone who may read the dashboard (only which moved
projects a reader may open differs, and that is settled on each view, see
`read.movement_for`), so they are worked out once for a set of filters, stored,
and read by the views that follow for `DASHBOARD_FIGURES_MAX_AGE` seconds.

The periodic task (`dashboard.tasks.figures_refresh_task`) works out the default
view, and each division's, again before they go stale, so most views read stored
figures; any other filters are worked out on their first view and kept the same
way. The page says when its figures were worked out, and anyone who reads it can
ask for them to be worked out again now.

A stored row that cannot be read back (the code changed shape since it was
written) is worked out again, never shown half-read.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import pickle
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dashboard import panels, read
from dashboard.forms import DashboardFilterForm
from dashboard.models import StoredFigures
from projects.models import Service

logger = logging.getLogger(__name__)

# Part of every key. Change it with any change to what `Figures` holds (its fields,
# or the fields of what they hold), so rows written by the earlier code are never
# read into the new shapes; `stored` also refuses a row whose fields differ.
FORMAT = 3


@dataclass(frozen=True)
class Figures:
    """Everything on the dashboard that does not depend on who is reading it: the
    page's panels, rendered (rendering 20 charts and 60 plans' metrics took longer
    than reading them back), and the projects that moved a rung, which each reader
    sees listed only where they may open them."""

    computed_at: datetime.datetime
    html: dict[str, str]  # "top", "middle", "population", "population_for_editors"
    movement: read.Movement  # every project's `visible` is False until `read.movement_for`

    @property
    def fresh_until(self) -> datetime.datetime:
        return self.computed_at + datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)


FIELDS = frozenset(field.name for field in fields(Figures))


def key_for(filters: read.Filters) -> str:
    """The filters that decide the figures: the period's dates and the services in
    scope (the labels follow from them)."""
    scope = "all"
    if filters.service_ids is not None:
        ids = ",".join(map(str, sorted(filters.service_ids)))
        scope = hashlib.sha256(ids.encode()).hexdigest()
    return f"v{FORMAT}:{filters.start:%Y-%m-%d}:{filters.end:%Y-%m-%d}:{scope}"


def chart_csv_urls(query: str) -> dict[str, str]:
    """Each chart's download, with the page's filters."""
    suffix = f"?{query}" if query else ""
    return {
        name: f"{reverse('dashboard:chart_csv', args=[name])}{suffix}" for name in panels.CHARTS
    }


def work_out(filters: read.Filters, services: list[Service], *, query: str = "") -> Figures:
    """Every figure on the dashboard for `filters`, from the records as they are now,
    rendered; `query` is the filters as the URL gave them, for the links to each
    plan's page and each chart's download.

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


def stored(filters: read.Filters, *, now: datetime.datetime) -> Figures | None:
    """The stored figures for `filters` if they are fresh at `now`. Queries: 1."""
    if settings.DASHBOARD_FIGURES_MAX_AGE <= 0:
        return None
    oldest = now - datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)
    row = (
        StoredFigures.objects.filter(key=key_for(filters), computed_at__gt=oldest)
        .values_list("payload", flat=True)
        .first()
    )
    if row is None:
        return None
    try:
        figures = pickle.loads(row)  # noqa: S301 - written by `store` below, never by a user
    except Exception:  # a shape this code no longer has: work them out again
        logger.warning("stored dashboard figures %s could not be read", key_for(filters))
        return None
    if not isinstance(figures, Figures) or set(vars(figures)) != FIELDS:
        return None
    return figures


def store(filters: read.Filters, figures: Figures) -> None:
    """Keep `figures` for `filters`, replacing older ones. Queries: 1 (an upsert, so
    two views working out the same filters at once both succeed)."""
    if settings.DASHBOARD_FIGURES_MAX_AGE <= 0:
        return
    StoredFigures.objects.bulk_create(
        [
            StoredFigures(
                key=key_for(filters),
                computed_at=figures.computed_at,
                payload=pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["computed_at", "payload"],
    )


def figures_for(
    filters: read.Filters, services: list[Service], *, query: str = "", again: bool = False
) -> Figures:
    """The figures for `filters`: the stored ones while fresh, else (or when asked
    to work them out `again`) worked out now and stored for the views that follow."""
    found = None if again else stored(filters, now=timezone.now())
    if found is not None:
        return found
    figures = work_out(filters, services, query=query)
    store(filters, figures)
    return figures


def refresh_defaults(*, today: datetime.date | None = None) -> int:
    """Work out again the views most people open: the whole organisation and each
    division, for the default period; and delete figures too old to be read.
    Returns how many sets of figures were worked out."""
    today = today or timezone.localdate()
    services = list(Service.objects.order_by("name"))
    choices = [{}] + [
        {"division": str(service.pk)}
        for service in services
        if service.kind == Service.Kind.DIVISION
    ]
    for data in choices:
        form = DashboardFilterForm(data or None, services=services, today=today)
        filters = form.filters()
        store(filters, work_out(filters, services, query=urlencode(data)))
    oldest = timezone.now() - datetime.timedelta(seconds=settings.DASHBOARD_FIGURES_MAX_AGE)
    StoredFigures.objects.filter(computed_at__lte=oldest).delete()
    return len(choices)

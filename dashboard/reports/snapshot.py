"""A report's numbers, read once through the dashboard's read model and frozen.

No figure drawn from fewer than 3 people is frozen: the read model hides them
(`dashboard.read.suppression`) and they are null here, shown as "Fewer than 3
people". Reports frozen before that rule keep what they froze.

The snapshot is plain JSON (strings, numbers, lists, dicts, null) so a report
never changes when records change later, and the page and the PDF are drawn
from it alone. Its `version` says how to read it: a change of shape means a new
version and a reader for it, never rewriting old reports.

Queries: scope (1-2), headlines (4), rungs by month (1), movement (1), principle
means (1), plans and metrics (up to 8), reach (3), and this module's own: kinds
(1), faux-production and contested lists (1), "you said, we did" (1), the
plan's standards and priorities (2).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from charts import month_label
from dashboard import read
from dashboard.reports.periods import period_words
from principles.results import SIDES
from projects.models import Activity, Plan, Service
from projects.rungs import Rung, RungStatus
from projects.summaries import summaries_catch_up

VERSION = 1
LISTED_ACTIVITIES = 25  # faux-production and contested activities listed by name
CHANGES_SHOWN = 10  # the latest "you said, we did" entries


def filters_for(*, plan: Plan, start: datetime.date, last_day: datetime.date) -> read.Filters:
    """The dashboard's filters for a plan's services (a service and those below
    it; every service for the charity-wide plan) over one period."""
    return read.Filters(
        start=start,
        end=last_day + datetime.timedelta(days=1),
        label=period_words(start, last_day),
        service_ids=frozenset(plan.service_ids()) if plan.service_id else None,
        scope_label=plan.service_name,
        scope=plan.service_id or 0,
    )


def _text(value: Decimal | int | float | None) -> str | None:
    return None if value is None else str(value)


def _plain(value: Decimal | None) -> str | None:
    """A target as typed: 50 rather than 50.00."""
    return None if value is None else format(value.normalize(), "f")


def report_snapshot(*, plan: Plan, start: datetime.date, last_day: datetime.date) -> dict:
    """Everything a report shows for `plan` from `start` to `last_day` inclusive."""
    summaries_catch_up()
    filters = filters_for(plan=plan, start=start, last_day=last_day)
    services = list(Service.objects.order_by("name"))
    headlines = read.headlines(filters)
    by_name = {headline.key: headline for headline in headlines}
    in_scope = Activity.objects.filter(project__in=read.projects_in(filters)).in_period(
        filters.start, filters.end
    )
    return {
        "version": VERSION,
        "frozen_at": timezone.now().isoformat(),
        "plan": _plan(plan),
        "period": {
            "start": start.isoformat(),
            "last_day": last_day.isoformat(),
            "label": filters.label,
            "previous_start": filters.previous.start.isoformat(),
            "previous_last_day": filters.previous.last_day.isoformat(),
        },
        "scope": {
            "label": filters.scope_label,
            "services": sorted(
                s.name
                for s in services
                if filters.service_ids is None or s.pk in filters.service_ids
            ),
        },
        "headlines": [
            {
                "key": h.key,
                "label": h.label,
                "value": _text(h.value),
                "shown": h.shown,
                "change": h.change_words,
                "hint": h.hint,
            }
            for h in headlines
        ],
        "activity": _activity(in_scope, filters),
        "movement": _movement(filters),
        "flags": _flags(in_scope),
        "principles": _principles(filters),
        "metrics": _metrics(plan, filters, services),
        "reach": _reach(filters, services, new=by_name["new_people"].value),
        "money": {
            "hours": _text(by_name["hours"].value),
            "hours_shown": by_name["hours"].shown,
            "payments": _text(by_name["payments"].value),
            "payments_shown": by_name["payments"].shown,
        },
        "changes": _changes(in_scope),
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "name": str(plan),
        "service": plan.service_name,
        "years": f"{plan.start_year} to {plan.end_year}",
        "phase": plan.get_phase_display(),
        "sponsor": plan.sponsor_name,
        "review_frequency": plan.get_review_frequency_display(),
        "standards": [
            {
                "statement": s.statement,
                "principle": s.get_principle_display(),
                # Added within version 1 (issue 21): older reports have no
                # "source", read as a standard from no template.
                "source": s.get_model_part_display() if s.model_part else "",
            }
            for s in plan.standards.order_by("order", "pk")
        ],
        "priorities": [
            {
                "title": p.title,
                "target_rung": p.get_target_rung_display(),
                "status": p.get_status_display(),
                "due": p.due_date.isoformat() if p.due_date else None,
            }
            for p in plan.priorities.order_by("order", "pk")
        ],
    }


def _activity(in_scope, filters: read.Filters) -> dict[str, Any]:
    kinds = dict(Activity.Kind.choices)
    counted = in_scope.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    by_month = read.rungs_by_month(filters)
    return {
        "total": sum(row["n"] for row in counted),
        "kinds": [
            {"kind": kinds.get(row["kind"], row["kind"]), "count": row["n"]} for row in counted
        ],
        # [first day of the month, rung or null when not classified, activities]
        "rungs_by_month": [
            [month.isoformat(), rung, n] for (month, rung), n in sorted(by_month.items(), key=str)
        ],
    }


def _movement(filters: read.Filters) -> dict[str, Any]:
    # Every project in scope is listed by title: readers of a plan's report may
    # read which of its projects moved (the plan page names them too).
    movement = read.rung_movement(filters)
    moved = sorted(
        (move for move in movement.moves if move.change),
        key=lambda move: (-abs(move.change), move.title),
    )
    return {
        "compared": movement.compared,
        "up": movement.up,
        "stayed": movement.stayed,
        "down": movement.down,
        "projects": [
            {
                "title": move.title,
                "before": move.before.label,
                "now": move.now.label,
                "change": move.change_text,
            }
            for move in moved
        ],
    }


def _flags(in_scope) -> dict[str, Any]:
    flagged = Q(faux_production=True) | Q(rung_status=RungStatus.CONTESTED)
    rows = list(
        in_scope.filter(flagged)
        .order_by("-date", "-pk")
        .values_list("date", "title", "project__title", "rung", "faux_production", "rung_status")
    )

    def listed(keep) -> list[dict[str, Any]]:
        return [
            {
                "date": day.isoformat(),
                "title": title,
                "project": project,
                "rung": Rung(rung).label if rung else "Not classified yet",
            }
            for day, title, project, rung, faux, status in rows
            if keep(faux, status)
        ]

    faux = listed(lambda faux, status: faux)
    contested = listed(lambda faux, status: status == RungStatus.CONTESTED)
    return {
        "faux_count": len(faux),
        "faux": faux[:LISTED_ACTIVITIES],
        "contested_count": len(contested),
        "contested": contested[:LISTED_ACTIVITIES],
    }


def _principles(filters: read.Filters) -> list[dict[str, Any]]:
    """Means per side, already suppressed below 3 people by the read model; the
    number of people is kept only beside a mean that is shown."""
    return [
        {
            "code": result.code,
            "label": result.label,
            "means": {side: _text(result.means[side]) for side in SIDES},
            "people": {
                side: result.people[side] if result.means[side] is not None else None
                for side in SIDES
            },
            "gap": _text(result.gap),
        }
        for result in read.principle_means(filters)
    ]


def _metrics(plan: Plan, filters: read.Filters, services: list[Service]) -> list[dict[str, Any]]:
    row = next((r for r in read.plan_rows(filters, services) if r.plan.pk == plan.pk), None)
    if row is None:  # an archived plan: the read model leaves it out
        return []
    metrics = []
    for status in row.metrics:
        metric, analysis = status.metric, status.analysis
        limits = analysis.limits
        metrics.append(
            {
                "name": metric.name,
                "definition": metric.definition,
                "unit": metric.get_unit_display(),
                "target": _plain(metric.target),
                "direction": metric.get_direction_display(),
                "spc_direction": analysis.direction,
                "source": metric.get_source_display(),
                "latest": _text(status.latest),
                "latest_month": month_label(status.latest_month) if status.latest_month else None,
                "meets_target": metric.meets_target(status.latest),
                "variation": status.variation,
                "assurance": status.assurance,
                "variation_icon": analysis.variation_icon,
                "assurance_icon": analysis.assurance_icon,
                "note": analysis.note,
                "limits": None
                if limits is None
                else {"mean": limits.mean, "mean_moving_range": limits.mean_moving_range},
                "points": [
                    {
                        "month": point.period.isoformat(),
                        "value": point.value,
                        "mean": point.mean,
                        "kind": point.kind,
                    }
                    for point in analysis.points
                ],
            }
        )
    return metrics


def _reach(filters: read.Filters, services: list[Service], *, new) -> dict[str, Any]:
    reach = read.reach(filters, services, new=new)
    return {
        "people": reach.people,
        "new": reach.new,
        "returning": reach.returning,
        "top_share": _text(reach.top_share),
        "top_people": reach.top_people,
        "quiet_services": list(reach.quiet_services),
        "quiet_days": read.QUIET_DAYS,
    }


def _changes(in_scope) -> dict[str, Any]:
    said = in_scope.exclude(what_changed="")
    latest = said.order_by("-date", "-pk").values_list(
        "date", "project__title", "title", "what_changed"
    )[:CHANGES_SHOWN]
    return {
        "count": said.count(),
        "latest": [
            {"date": day.isoformat(), "project": project, "title": title, "what_changed": text}
            for day, project, title, text in latest
        ],
    }

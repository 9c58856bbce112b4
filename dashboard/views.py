"""The charity-wide dashboard: read-only, for admins, governance leads and staff."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.rules import is_trust_staff
from core.exports import csv_response
from dashboard import page_cache, panels, read
from dashboard.access import reads_day_level, reads_equality
from dashboard.forms import DashboardFilterForm
from opportunities.reach import where_to_post
from projects.models import Plan, Service
from projects.summaries import summaries_catch_up


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, read.Filters, list[Service]]:
    # Experts by experience see their own projects and involvement, not the whole
    # charity's figures: the page exists, so they get 403 rather than 404.
    if not is_trust_staff(request.user):
        raise PermissionDenied
    # Every change logged so far shows: the summaries the figures read are caught up.
    summaries_catch_up()
    services = list(Service.objects.order_by("name"))
    form = DashboardFilterForm(
        request.GET or None,
        services=services,
        today=timezone.localdate(),
        day_level=reads_day_level(request.user),
    )
    return form, form.filters(), services


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters, services = _filters(request)
    query = request.GET.urlencode()
    found = page_cache.figures_for(filters, services, query=form.query())
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "figures": found,
            # Not stored: the month under way changes with every activity logged.
            "month_so_far": read.month_so_far(filters, timezone.localdate()),
            "movement": read.movement_for(found.movement, request.user),
            "overdue": read.overdue_actions(filters, request.user, today=timezone.localdate()),
            "today": timezone.localdate(),
            "movement_csv_url": f"{reverse('dashboard:movement_csv')}{'?' + query if query else ''}",
            "query": query,
            # The rule itself: user.has_perm would also ask the model backend (2 queries).
            "can_enter_profiles": rules.has_perm("projects.manage_services", request.user),
            "reads_equality": reads_equality(request.user),
            # Not in the stored panels: what this reader may do about reach.
            "where_to_post": where_to_post(
                request.user, read.quiet_services(filters, services), scope=services
            ),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@require_GET
def chart_csv(request: HttpRequest, name: str) -> StreamingHttpResponse:
    if name not in panels.CHARTS:
        raise Http404
    _form, filters, services = _filters(request)
    if name in panels.EQUALITY_CHARTS and not reads_equality(request.user):
        raise PermissionDenied
    chart = panels.CHARTS[name](filters, services)
    filename = f"coprod-{name}-{filters.start:%Y-%m-%d}-to-{filters.last_day:%Y-%m-%d}.csv"
    return csv_response(filename, chart.header, chart.rows)


@require_GET
def movement_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every project that moved a rung and the reader may open, worked out now."""
    _form, filters, _services = _filters(request)
    moves = read.rung_movement(filters, request.user).listed()
    filename = f"coprod-moved-projects-{filters.start:%Y-%m-%d}-to-{filters.last_day:%Y-%m-%d}.csv"
    return csv_response(
        filename,
        ["Project", "Rung before", "Rung now", "Change"],
        ([move.title, move.before.label, move.now.label, move.change_text] for move in moves),
    )


def _plan_statuses(
    request: HttpRequest, pk: int
) -> tuple[read.Filters, Plan, list[read.MetricStatus]]:
    _form, filters, services = _filters(request)
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("service"), pk=pk)
    metrics = list(plan.metrics.order_by("order", "pk"))
    return (
        filters,
        plan,
        read.metric_statuses(metrics, {plan.pk: plan}, services, filters.last_complete_day),
    )


@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """One growth plan's output metrics, each on its own SPC chart, up to the end of
    the dashboard's period (the filters stay in the URL)."""
    filters, plan, statuses = _plan_statuses(request, pk)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    return render(
        request,
        "dashboard/plan.html",
        {
            "filters": filters,
            "plan": plan,
            "charts": [panels.metric_spc_chart(status) for status in statuses],
            "csv_url": f"{reverse('dashboard:plan_csv', args=[plan.pk])}{suffix}",
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Dashboard", f"{reverse('dashboard:dashboard')}{suffix}"),
            ],
        },
    )


@require_GET
def plan_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    filters, plan, statuses = _plan_statuses(request, pk)
    chart = panels.plan_metrics_table(statuses)
    filename = f"coprod-plan-{plan.pk}-metrics-to-{filters.last_day:%Y-%m-%d}.csv"
    return csv_response(filename, chart.header, chart.rows)

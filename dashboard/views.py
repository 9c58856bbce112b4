"""The charity-wide dashboard: read-only, for admins, governance leads and staff."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from dashboard import panels, read
from dashboard.forms import DashboardFilterForm
from projects.exports import csv_response
from projects.models import Plan, Service

# Experts by experience see their own projects and involvement, not the whole
# charity's figures: the page exists, so they get 403 rather than 404.
READERS = frozenset({Role.ADMIN, Role.GOVERNANCE, Role.STAFF})


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, read.Filters, list[Service]]:
    if request.user.role not in READERS:
        raise PermissionDenied
    services = list(Service.objects.order_by("name"))
    form = DashboardFilterForm(request.GET or None, services=services, today=timezone.localdate())
    return form, form.filters(), services


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters, services = _filters(request)
    by_month = read.rungs_by_month(filters)
    headlines = read.headlines(filters)
    new_people = next(h.value for h in headlines if h.key == "new_people")
    charts = {
        "ladder": panels.ladder_chart(filters, by_month),
        "activities": panels.activities_chart(filters, by_month),
        "doing_with_spc": panels.doing_with_spc(filters),
        "principles": panels.principles_chart(filters),
    }
    plan_rows = read.plan_rows(filters, services)
    movement = read.rung_movement(filters, request.user)
    population = read.population_comparison(filters, services)
    query = request.GET.urlencode()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "headlines": headlines,
            "charts": charts,
            "service_mix": panels.service_mix_chart(filters, services),
            "movement": movement,
            "gap_charts": panels.principle_gap_charts(filters),
            "plan_rows": plan_rows,
            "reach": read.reach(filters, services, new=new_people),
            "population": population,
            "population_charts": panels.population_charts(population),
            # The rule itself: user.has_perm would also ask the model backend (2 queries).
            "can_enter_profiles": rules.has_perm("projects.manage_services", request.user),
            "csv_urls": {
                name: f"{reverse('dashboard:chart_csv', args=[name])}{'?' + query if query else ''}"
                for name in panels.CHARTS
            },
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@require_GET
def chart_csv(request: HttpRequest, name: str) -> StreamingHttpResponse:
    if name not in panels.CHARTS:
        raise Http404
    _form, filters, services = _filters(request)
    chart = panels.CHARTS[name](filters, services)
    filename = f"coprod-{name}-{filters.start:%Y-%m-%d}-to-{filters.last_day:%Y-%m-%d}.csv"
    return csv_response(filename, chart.header, chart.rows)


def _plan_statuses(
    request: HttpRequest, pk: int
) -> tuple[read.Filters, Plan, list[read.MetricStatus]]:
    _form, filters, services = _filters(request)
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("service"), pk=pk)
    metrics = list(plan.metrics.order_by("order", "pk"))
    return filters, plan, read.metric_statuses(metrics, {plan.pk: plan}, services, filters.last_day)


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

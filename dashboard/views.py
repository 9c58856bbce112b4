"""The charity-wide dashboard: read-only, for admins, governance leads and staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from dashboard import panels, read
from dashboard.forms import DashboardFilterForm
from projects.exports import csv_response
from projects.models import Service

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

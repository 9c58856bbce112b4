"""Peer-review report pages.

Who reads a report: admins and governance leads, the plan's owners, and staff
of the plan's service (`dashboard.models.reports.plans_with_reports_for`).
Someone who can see the plan but not its reports is refused (403); someone
who cannot see the plan is told it does not exist (404). Only admins ask for
a report now or retry a failed one.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.rules import is_admin
from core.exports import csv_response
from dashboard.models import Report
from dashboard.models.reports import plans_with_reports_for
from dashboard.reports import periods, services
from dashboard.reports.forms import ReportRequestForm
from dashboard.reports.render import (
    METRIC_CSV_HEADER,
    metric_csv_rows,
    report_context,
    report_pdf,
)
from projects.models import Plan


def can_manage_reports(user) -> bool:
    return is_admin(user)


def get_plan_reports_for(user, pk: int) -> Plan:
    """A plan whose reports `user` may list: 404 when the plan is hidden from
    them, 403 when they may read the plan but not its reports."""
    readable = plans_with_reports_for(user)
    seen = Q(pk__in=Plan.objects.visible_to(user).values("pk")) | Q(pk__in=readable.values("pk"))
    plan = get_object_or_404(
        Plan.objects.filter(seen)
        .select_related("service")
        .annotate(can_read_reports=Exists(readable.filter(pk=OuterRef("pk")))),
        pk=pk,
    )
    if not plan.can_read_reports:
        raise PermissionDenied
    return plan


def get_report_for(user, pk: int, *, manage: bool = False, with_pdf: bool = False) -> Report:
    """A report `user` may read (404 when its plan is hidden from them, 403 when
    they may read the plan but not its reports); `manage` also needs an admin."""
    readable = Report.objects.visible_to(user).filter(pk=OuterRef("pk"))
    # Owners read their plan's reports even when the plan itself is not theirs to see.
    seen = Q(plan__in=Plan.objects.visible_to(user).values("pk")) | Q(Exists(readable))
    # A reviewer reads the report they review, not always the plan's other reports.
    lists = plans_with_reports_for(user).filter(pk=OuterRef("plan_id"))
    reports = (
        Report.objects.filter(seen)
        .select_related("plan__service")
        .annotate(can_read=Exists(readable), reads_plan_reports=Exists(lists))
    )
    if not with_pdf:
        reports = reports.defer("pdf")
    report = get_object_or_404(reports, pk=pk)
    if not report.can_read or (manage and not can_manage_reports(user)):
        raise PermissionDenied
    return report


def _crumbs(plan: Plan, *, with_list: bool = True) -> list[tuple[str, str]]:
    crumbs = [
        ("Home", reverse("home")),
        ("Growth plans", reverse("projects:plan_list")),
        (str(plan), reverse("projects:plan_detail", args=[plan.pk])),
    ]
    if with_list:
        crumbs.append(("Peer-review reports", reverse("dashboard:report_list", args=[plan.pk])))
    return crumbs


@require_GET
def report_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_reports_for(request.user, plan_pk)
    reports = Report.objects.for_plan(plan).defer("snapshot", "pdf")
    return render(
        request,
        "dashboard/reports/report_list.html",
        {
            "plan": plan,
            "reports": reports,
            "can_manage": can_manage_reports(request.user),
            "breadcrumbs": _crumbs(plan, with_list=False),
        },
    )


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    context = {
        "report": report,
        "plan": report.plan,
        "can_manage": can_manage_reports(request.user),
    }
    if request.htmx:
        # Polling for progress: nothing to swap while the status has not moved.
        if request.GET.get("shown") == report.status:
            return HttpResponse(status=204)
        return render(request, "dashboard/reports/report_detail.html#progress", context)
    if report.status == Report.Status.READY:
        context.update(report_context(report.snapshot))
    context["reads_list"] = report.reads_plan_reports
    context["breadcrumbs"] = _crumbs(report.plan, with_list=report.reads_plan_reports)
    return render(request, "dashboard/reports/report_detail.html", context)


@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk, with_pdf=True)
    if report.status != Report.Status.READY:
        raise Http404("This report is not ready yet.")
    pdf = report.pdf
    if pdf is None:
        # Made on first download when a report was stored without one (the demo):
        # from the frozen snapshot, so it is the same PDF a build would have made.
        pdf = report_pdf(snapshot=report.snapshot, title=str(report))
        Report.objects.filter(pk=report.pk, pdf__isnull=True).update(pdf=pdf)
    filename = (
        f"peer-review-{report.plan.service_name.lower().replace(' ', '-')}-"
        f"{report.period_start:%Y-%m-%d}-to-{report.period_end:%Y-%m-%d}.pdf"
    )
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every metric's monthly values as frozen: the PDF prints the latest 12 months
    of each metric's table, this has all of them. Guarded like the report."""
    report = get_report_for(request.user, pk)
    if report.status != Report.Status.READY:
        raise Http404("This report is not ready yet.")
    filename = (
        f"peer-review-{report.plan.service_name.lower().replace(' ', '-')}-"
        f"{report.period_start:%Y-%m-%d}-to-{report.period_end:%Y-%m-%d}-metrics.csv"
    )
    return csv_response(filename, METRIC_CSV_HEADER, metric_csv_rows(report.snapshot))


def _default_period(today: datetime.date) -> periods.Period:
    return periods.last_complete_period("quarterly", today)


@require_http_methods(["GET", "POST"])
def report_request(request: HttpRequest) -> HttpResponse:
    if not can_manage_reports(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    period = _default_period(today)
    initial = {"period_start": period.start, "period_end": period.end}
    if (plan_pk := request.GET.get("plan", "")).isdigit():
        initial["plan"] = int(plan_pk)
    form = ReportRequestForm(request.POST or None, today=today, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(
                plan=form.cleaned_data["plan"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                user=request.user,
            )
        except services.DuplicateReport as duplicate:
            existing = duplicate.existing
            form.add_error(None, "There is already a report for this plan and period")
        else:
            messages.success(request, "Report asked for. It is being built now.")
            return redirect("dashboard:report_detail", pk=report.pk)
    unfinished = (
        Report.objects.exclude(status=Report.Status.READY)
        .select_related("plan__service")
        .defer("snapshot", "pdf")
        .order_by("-created_at", "-pk")[:20]
    )
    return render(
        request,
        "dashboard/reports/report_request.html",
        {
            "form": form,
            "existing": existing,
            "unfinished": unfinished,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Growth plans", reverse("projects:plan_list")),
            ],
        },
    )


@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk, manage=True)
    if services.report_retry(report=report):
        messages.success(request, "The report is being built again.")
    else:
        messages.info(request, "Only a report that failed can be built again.")
    return redirect("dashboard:report_detail", pk=report.pk)

"""Growth plans, their standards, priorities and metrics.

Who sees what: admins, governance leads and every member of staff read every
plan (staff learn from other services' plans, and another service's staff are
refused changes with a 403, not told the plan does not exist). An expert by
experience reads a plan only when they belong to a project that delivers one
of its priorities; to anyone else it does not exist (404). Only admins change
plans.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

import charts
from accounts.kept_input import keeps_input, restore_input
from projects.access import (
    can_manage_plans,
    can_read_nominations,
    get_plan_for,
    get_plan_part_for,
)
from projects.forms.plans import (
    MetricForm,
    PlanForm,
    PriorityForm,
    ReadingForm,
    StandardForm,
    StandardTemplateChoiceForm,
    StandardTemplateSaveForm,
)
from projects.metrics import metric_series, months_ending
from projects.models import (
    Activity,
    Metric,
    Plan,
    Priority,
    Project,
    Standard,
    StandardTemplate,
    reading_record,
    standards_add,
    standards_save_as_template,
)
from projects.rungs import Rung
from projects.standard_templates import CREDIT as MODEL_CREDIT
from projects.standard_templates import PARTS

HISTORY_MONTHS = 24
TABLE_MONTHS = 12


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Growth plans", reverse("projects:plan_list")), *extra]


def plan_crumbs(plan: Plan) -> list[tuple[str, str]]:
    return crumbs((str(plan), reverse("projects:plan_detail", args=[plan.pk])))


def _form_page(request: HttpRequest, form, title: str, breadcrumbs, **extra) -> HttpResponse:
    return render(
        request,
        "projects/plans/form.html",
        {"form": form, "title": title, "breadcrumbs": breadcrumbs, **extra},
    )


# Plans ------------------------------------------------------------------------


def _count(model, **outer) -> Coalesce:
    counted = (
        model.objects.filter(plan=OuterRef("pk"), **outer)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("service")
        .annotate(
            standard_count=_count(Standard),
            priority_count=_count(Priority),
            metric_count=_count(Metric),
        )
        .order_by("service__name", "-start_year", "pk")
    )
    return render(
        request,
        "projects/plans/plan_list.html",
        {
            "plans": plans,
            "can_manage": can_manage_plans(request.user),
            "can_read_nominations": can_read_nominations(request.user),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_plans(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        form.save_m2m()
        messages.success(request, "Plan created. Now add its standards, priorities and metrics.")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(request, form, "Start a growth plan", crumbs())


@keeps_input
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk, edit=True)
    form = PlanForm(request.POST or restore_input(request) or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Plan saved")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(request, form, f"Change the {plan}", plan_crumbs(plan))


def _current_rung() -> Subquery:
    """The rung of a project's latest classified activity."""
    latest = (
        Activity.objects.filter(project=OuterRef("pk"), rung__isnull=False)
        .order_by("-date", "-pk")
        .values("rung")[:1]
    )
    return Subquery(latest, output_field=IntegerField())


@dataclass(frozen=True)
class MonthValue:
    month: datetime.date
    month_name: str  # "March 2026", as the date filter writes it: once a month, not per metric
    value: Decimal | None
    meets_target: bool | None
    verdict: str  # in words, so colour is never the only signal


def _verdict(metric: Metric, value: Decimal | None) -> tuple[bool | None, str]:
    meets = metric.meets_target(value)
    if value is None:
        return None, "No value"
    if meets is None:
        return None, "For information"
    if meets:
        return True, "Meets target"
    return False, "Below target" if metric.direction == Metric.Direction.HIGHER else "Above target"


@dataclass(frozen=True)
class MetricHistory:
    metric: Metric
    values: list[MonthValue]  # oldest first
    sparkline: dict

    @property
    def latest(self) -> MonthValue | None:
        return next((v for v in reversed(self.values) if v.value is not None), None)

    @property
    def known(self) -> list[Decimal]:
        return [v.value for v in self.values if v.value is not None]

    @property
    def lowest(self) -> Decimal | None:
        return min(self.known, default=None)

    @property
    def highest(self) -> Decimal | None:
        return max(self.known, default=None)

    @property
    def recent(self) -> list[MonthValue]:
        """The table's rows: the last months, newest first."""
        return self.values[::-1][:TABLE_MONTHS]


def metric_histories(metrics: list[Metric], months: list[datetime.date]):
    """Each metric's value per month (`projects.metrics.metric_series`): computed
    ones from the summary tables (at most four queries for all of them), entered
    ones from their readings (one query)."""
    series = metric_series(metrics, months)
    month_names = [date_format(month, "F Y") for month in months]
    histories = []
    for metric in metrics:
        values = series[metric.pk]
        histories.append(
            MetricHistory(
                metric=metric,
                values=[
                    MonthValue(month, name, value, *_verdict(metric, value))
                    for month, name, value in zip(months, month_names, values, strict=True)
                ],
                sparkline=charts.sparkline(values, metric.target),
            )
        )
    return histories


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    visible = Project.objects.visible_to(request.user).filter(pk=OuterRef("pk"))
    projects = Project.objects.annotate(
        current_rung=_current_rung(), can_see=Exists(visible)
    ).order_by("title")
    priorities = list(plan.priorities.prefetch_related(Prefetch("projects", queryset=projects)))
    for priority in priorities:
        for project in priority.projects.all():
            project.effective_target = project.target_rung or priority.target_rung
            project.current_rung_label = (
                Rung(project.current_rung).label if project.current_rung else None
            )
            project.effective_target_label = Rung(project.effective_target).label
    metrics = list(plan.metrics.all())
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    months = months_ending(last_month, HISTORY_MONTHS)
    return render(
        request,
        "projects/plans/plan_detail.html",
        {
            "plan": plan,
            "owners": plan.owners.all(),
            "standards": plan.standards.all(),
            "priorities": priorities,
            "histories": metric_histories(metrics, months),
            "can_manage": can_manage_plans(request.user),
            "breadcrumbs": crumbs(),
        },
    )


# Standards, priorities and metrics ------------------------------------------------


@keeps_input
@require_http_methods(["GET", "POST"])
def standard_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk, edit=True)
    form = StandardForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        form.instance.plan = plan
        form.instance.order = plan.standards.count() + 1
        form.save()
        messages.success(request, "Standard added")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(request, form, "Add a standard", plan_crumbs(plan), plan=plan)


@keeps_input
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_plan_part_for(request.user, Standard, pk)
    form = StandardForm(request.POST or restore_input(request) or None, instance=standard)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Standard saved")
        return redirect("projects:plan_detail", pk=standard.plan_id)
    return _form_page(request, form, "Change a standard", plan_crumbs(standard.plan))


@keeps_input
@require_http_methods(["GET", "POST"])
def standard_template_use(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a plan's standards from a template: the seven principles, the national
    Co-Production Model, or a template an admin saved."""
    plan = get_plan_for(request.user, pk, edit=True)
    form = StandardTemplateChoiceForm(
        request.POST if request.method == "POST" else restore_input(request) or None,
        saved=StandardTemplate.objects.order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            added = standards_add(plan=plan, suggestions=form.suggestions())
        messages.success(
            request,
            f"{len(added)} standards added. Change each one so it fits this service.",
        )
        return redirect("projects:plan_detail", pk=plan.pk)
    return render(
        request,
        "projects/plans/standard_template_use.html",
        {
            "form": form,
            "plan": plan,
            "model_parts": PARTS,
            "credit": MODEL_CREDIT,
            "breadcrumbs": plan_crumbs(plan),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def standard_template_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a plan's standards as a template for other plans."""
    plan = get_plan_for(request.user, pk, edit=True)
    form = StandardTemplateSaveForm(
        request.POST if request.method == "POST" else restore_input(request) or None,
        has_standards=plan.standards.exists(),
    )
    if request.method == "POST" and form.is_valid():
        template = standards_save_as_template(
            plan=plan, name=form.cleaned_data["name"], by=request.user
        )
        messages.success(request, f"Saved as the template “{template.name}”")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(
        request, form, "Save these standards as a template", plan_crumbs(plan), plan=plan
    )


def _save_priority(form: PriorityForm, plan: Plan) -> Priority:
    with transaction.atomic():
        priority = form.save(commit=False)
        priority.plan = plan
        priority.save()
        chosen = form.cleaned_data["projects"]
        priority.projects.exclude(pk__in=[p.pk for p in chosen]).update(priority=None)
        Project.objects.filter(pk__in=[p.pk for p in chosen]).update(priority=priority)
    return priority


@keeps_input
@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk, edit=True)
    form = PriorityForm(request.POST or restore_input(request) or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.instance.order = plan.priorities.count() + 1
        _save_priority(form, plan)
        messages.success(request, "Priority added")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(request, form, "Add a priority", plan_crumbs(plan))


@keeps_input
@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_plan_part_for(request.user, Priority, pk)
    form = PriorityForm(
        request.POST or restore_input(request) or None, instance=priority, plan=priority.plan
    )
    if request.method == "POST" and form.is_valid():
        _save_priority(form, priority.plan)
        messages.success(request, "Priority saved")
        return redirect("projects:plan_detail", pk=priority.plan_id)
    return _form_page(request, form, "Change a priority", plan_crumbs(priority.plan))


@keeps_input
@require_http_methods(["GET", "POST"])
def metric_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk, edit=True)
    form = MetricForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        form.instance.plan = plan
        form.instance.order = plan.metrics.count() + 1
        form.save()
        messages.success(request, "Metric added")
        return redirect("projects:plan_detail", pk=plan.pk)
    return _form_page(request, form, "Add a metric", plan_crumbs(plan))


@keeps_input
@require_http_methods(["GET", "POST"])
def metric_edit(request: HttpRequest, pk: int) -> HttpResponse:
    metric = get_plan_part_for(request.user, Metric, pk)
    form = MetricForm(request.POST or restore_input(request) or None, instance=metric)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Metric saved")
        return redirect("projects:plan_detail", pk=metric.plan_id)
    return _form_page(request, form, f"Change {metric.name}", plan_crumbs(metric.plan))


@require_http_methods(["GET", "POST"])
def reading_create(request: HttpRequest, pk: int) -> HttpResponse:
    metric = get_plan_part_for(request.user, Metric, pk)
    if not metric.is_typed:
        # Worked-out metrics, and those an Always Event writes, have no form.
        raise Http404
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    form = ReadingForm(
        request.POST or None,
        metric=metric,
        initial={"month": last_month.month, "year": last_month.year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reading_record(
                metric=metric,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{metric.name}: value for {form.cleaned_data['period']:%B %Y} saved"
            )
            return redirect("projects:plan_detail", pk=metric.plan_id)
    return _form_page(
        request,
        form,
        f"Enter a value for {metric.name}",
        plan_crumbs(metric.plan),
        metric=metric,
    )

"""Activities: log one with its participants, read, change, remove, list, export."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from core.exports import csv_response
from projects import services
from projects.access import get_activity_for, get_project_for
from projects.forms.activities import ActivityEntry, ActivityFilterForm
from projects.forms.participants import with_one_more_row
from projects.models import Activity, Project
from projects.models.activities import ActivityQuerySet
from projects.pay_limits import (
    ADVICE_NAME,
    ADVICE_URL,
    alternatives,
    over_limits_offered,
    pay_limit_check,
)
from projects.telling import tellings_of

# Buttons on the activity form that redraw it instead of saving.
ADD_ROW = "add"
FIND = "find"


# Log and change ------------------------------------------------------------------


@keeps_input
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    return activity_form_page(request, project=project, activity=None)


@keeps_input
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk, edit=True)
    return activity_form_page(request, project=activity.project, activity=activity)


def activity_form_page(
    request: HttpRequest,
    *,
    project: Project,
    activity: Activity | None,
    initial: dict[str, Any] | None = None,
    participants_initial: list[dict[str, Any]] | None = None,
    breadcrumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The activity form, logging or changing. A higher app may open it pre-filled
    (`initial` for the activity, `participants_initial` for its people): the
    form posts back to the same address, which calls this again."""
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    data = request.POST or restore_input(request) or None
    if data is not None and action == ADD_ROW:
        data = with_one_more_row(data)
    entry = ActivityEntry(
        data,
        user=request.user,
        project=project,
        activity=activity,
        redraw=action != "save",
        initial=initial,
        participants_initial=participants_initial,
    )
    if action == "save" and entry.is_valid():
        saved = _activity_save(request, project=project, activity=activity, entry=entry)
        return redirect("projects:activity_detail", saved.pk)
    context = {
        "entry": entry,
        "form": entry.form,
        "participants": entry.participants,
        "project": project,
        "activity": activity,
        "show_errors": action == "save",
        "breadcrumbs": breadcrumbs or _breadcrumbs(project, activity),
    }
    if request.htmx and action in {ADD_ROW, FIND}:
        return render(request, "projects/activity_form.html#participants", context)
    day, offered = entry.offered()
    context["over_limits"] = over_limits_offered(offered, day=day, activity=activity)
    context["alternatives"] = alternatives()
    context["advice_url"], context["advice_name"] = ADVICE_URL, ADVICE_NAME
    return render(request, "projects/activity_form.html", context)


def _activity_save(
    request: HttpRequest, *, project: Project, activity: Activity | None, entry: ActivityEntry
) -> Activity:
    arguments = {
        "by": request.user,
        "activity_data": entry.form.activity_data(),
        "participants": entry.participants.entries(),
        "reis": entry.form.reis_entries(),
    }
    if activity is None:
        saved = services.activity_log(project=project, **arguments)
        messages.success(request, f"“{saved.title}” is logged")
    else:
        saved = services.activity_update(activity=activity, **arguments)
        messages.success(request, f"Changes to “{saved.title}” are saved")
    _warn_over_pay_limits(request, saved)
    return saved


def _warn_over_pay_limits(request: HttpRequest, activity: Activity) -> None:
    """Say plainly when a fee takes someone over a limit they chose. It is saved
    anyway: the choice is theirs, and they may already know."""
    with_limits = activity.involvements.filter(
        person__pay_limit_pence__isnull=False
    ).select_related("person")
    for involvement in with_limits:
        check = pay_limit_check(involvement.person, day=activity.date)
        if check is not None and check.over:
            messages.warning(
                request,
                f"This takes {involvement.person} to £{check.total_pounds} in {check.period}, "
                f"over the limit of £{check.limit_pounds} they chose. {alternatives()} "
                "Ask them, then change their payment here if they want to.",
            )


def _breadcrumbs(project: Project, activity: Activity | None) -> list[tuple[str, str]]:
    crumbs = [
        ("Projects", reverse("projects:project_list")),
        (project.title, reverse("projects:project_detail", args=[project.pk])),
    ]
    if activity is not None:
        crumbs.append((activity.title, reverse("projects:activity_detail", args=[activity.pk])))
    return crumbs


# Read and remove ---------------------------------------------------------------


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk)
    involvements = activity.involvements.select_related("person", "staff").order_by("staff", "pk")
    return render(
        request,
        "projects/activity_detail.html",
        {
            "activity": activity,
            "project": activity.project,
            "involvements": involvements,
            "reis_scores": activity.reis_scores.all()
            if activity.kind == Activity.Kind.REIS
            else [],
            # Payments are personal: only the people who manage them see them.
            "show_payments": activity.can_edit,
            # Names only: everyone who may open the page already sees who took part.
            "told": tellings_of(activity),
            "breadcrumbs": _breadcrumbs(activity.project, None),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk, edit=True)
    if request.method == "POST":
        project = activity.project
        try:
            services.activity_delete(activity=activity)
        except services.ActivityHasPayments:
            messages.error(
                request,
                "This activity cannot be removed because someone has been paid for it. "
                "Change it instead, or ask an admin.",
            )
            return redirect("projects:activity_detail", activity.pk)
        messages.success(request, f"“{activity.title}” is removed")
        return redirect("projects:project_detail", project.pk)
    return render(
        request,
        "projects/activity_delete.html",
        {
            "activity": activity,
            "participant_count": activity.involvements.count(),
            "breadcrumbs": _breadcrumbs(activity.project, activity),
        },
    )


# List and export ---------------------------------------------------------------

PAGE_SIZE = 25


def _filtered_activities(request: HttpRequest) -> tuple[ActivityFilterForm, ActivityQuerySet]:
    filters = ActivityFilterForm(request.GET or None, user=request.user)
    activities = (
        Activity.objects.visible_to(request.user)
        .matching(**filters.filters())
        .select_related("project")
        .with_participant_counts()
        .order_by("-date", "-pk")
    )
    return filters, activities


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    filters, activities = _filtered_activities(request)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/activity_list.html",
        {
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
            "export_query": query.urlencode(),
            # Straight to the rule: user.has_perm would also ask the model backend,
            # two queries for permissions nobody is given.
            "can_manage_payments": rules.has_perm("projects.export_payments", request.user),
        },
    )


ACTIVITY_COLUMNS = [
    "Date",
    "Title",
    "Kind",
    "Project",
    "Services",
    "Minutes",
    "People with lived experience",
    "Staff",
    "Hours in all, including preparation",
    "What happened",
    "What changed",
    "Rung on the ladder",
    "Classification",
    "Possible faux-production",
]


@require_GET
def activity_export(request: HttpRequest) -> StreamingHttpResponse:
    _filters, activities = _filtered_activities(request)
    activities = activities.prefetch_related(Prefetch("project__services", to_attr="service_list"))
    rows = (
        [
            activity.date.isoformat(),
            activity.title,
            activity.get_kind_display(),
            activity.project.title,
            "; ".join(service.name for service in activity.project.service_list),
            activity.duration_minutes,
            activity.lived_experience_count,
            activity.staff_count,
            f"{activity.total_hours:.2f}",
            activity.description,
            activity.what_changed,
            activity.get_rung_display() if activity.rung else "",
            activity.get_rung_status_display(),
            "Yes" if activity.faux_production else "No",
        ]
        # Chunks keep memory flat for a large export; prefetching works per chunk.
        for activity in activities.iterator(chunk_size=500)
    )
    return csv_response(f"activities-{timezone.localdate():%Y-%m-%d}.csv", ACTIVITY_COLUMNS, rows)

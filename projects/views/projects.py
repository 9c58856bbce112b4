from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.kept_input import keeps_input, restore_input
from projects.access import can_create_projects, get_project_for
from projects.forms.projects import MemberAddForm, ProjectFilterForm, ProjectForm
from projects.history import project_history_entries
from projects.models import Activity, Membership, Project
from projects.rungs import RUNGS_IN_GROUP, Group

PAGE_SIZE = 20


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Projects", reverse("projects:project_list")), *extra]


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None, user=request.user)
    projects = Project.objects.visible_to(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        projects = projects.search(data["q"])
        # Subqueries, not joins: a project is listed once however many of its
        # services match, so the list needs no DISTINCT (with it, PostgreSQL works
        # out the figures below for every visible project, and the page count
        # carries them too).
        if data["service"]:
            in_services = Project.services.through.objects.filter(
                service__in=data["service"].descendant_ids()
            )
            projects = projects.filter(pk__in=in_services.values("project"))
        if data["status"]:
            projects = projects.filter(status=data["status"])
        if data["member"]:
            member_of = Membership.objects.filter(user=data["member"])
            projects = projects.filter(pk__in=member_of.values("project"))
        if data["rung"]:
            projects = projects.with_activities_at([data["rung"]])
        if data["group"]:
            projects = projects.with_activities_at(RUNGS_IN_GROUP[Group(data["group"])])
    # Per-project figures as subqueries, not a join with GROUP BY: PostgreSQL then
    # works them out for the page's 20 rows only (the index on project and date
    # answers both), instead of for every visible project before paging.
    of_project = Activity.objects.filter(project=OuterRef("pk")).order_by()
    projects = (
        projects.annotate(
            activity_count=Coalesce(
                Subquery(of_project.values("project").annotate(n=Count("pk")).values("n")), 0
            ),
            last_activity=Subquery(of_project.order_by("-date").values("date")[:1]),
        )
        .prefetch_related(
            "services",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Membership.Role.LEAD).select_related(
                    "user"
                ),
                to_attr="leads",
            ),
        )
        .order_by("-start_date", "title", "pk")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
            "can_create": can_create_projects(request.user),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    if not can_create_projects(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or restore_input(request) or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            project = form.save(commit=False)
            project.created_by = request.user
            project.save()
            form.save_m2m()
            if not request.user.is_admin:
                Membership.objects.create(
                    project=project, user=request.user, role=Membership.Role.LEAD
                )
        messages.success(request, f"Project “{project.title}” created")
        return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "title": "Start a project", "breadcrumbs": crumbs()},
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk)
    memberships = project.memberships.select_related("user").order_by("role", "user__full_name")
    activities = project.activities.annotate(
        participant_count=Count("involvements"),
        lived_experience_count=Count("involvements", filter=Q(involvements__person__isnull=False)),
        hours=Sum("involvements__hours"),
    ).order_by("-date", "-pk")
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "services": project.services.all(),
            "memberships": memberships,
            "activities": activities,
            "outcomes": [a for a in activities if a.what_changed],
            "breadcrumbs": crumbs(),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    form = ProjectForm(
        request.POST or restore_input(request) or None, instance=project, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Project saved")
        return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "title": f"Change {project.title}",
            "breadcrumbs": crumbs((project.title, reverse("projects:project_detail", args=[pk]))),
        },
    )


@require_GET
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    return render(
        request,
        "projects/project_history.html",
        {
            "project": project,
            "entries": project_history_entries(project),
            "breadcrumbs": crumbs((project.title, reverse("projects:project_detail", args=[pk]))),
        },
    )


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    form = MemberAddForm(request.POST or None, project=project, by=request.user)
    if request.method == "POST" and form.is_valid():
        membership = Membership.objects.create(
            project=project, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
        )
        messages.success(
            request, f"{membership.user.name} added as {membership.get_role_display().lower()}"
        )
        return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/member_add.html",
        {
            "form": form,
            "project": project,
            "breadcrumbs": crumbs((project.title, reverse("projects:project_detail", args=[pk]))),
        },
    )


@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    membership = get_object_or_404(project.memberships.select_related("user"), pk=membership_pk)
    leads = project.memberships.filter(role=Membership.Role.LEAD)
    if membership.is_lead and leads.count() == 1:
        messages.error(request, "A project needs at least one lead. Add another lead first.")
    else:
        membership.delete()
        messages.success(request, f"{membership.user.name} is no longer in this project")
    return redirect("projects:project_detail", pk=project.pk)

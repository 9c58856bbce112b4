"""Nominations for the co-production award, with evidence from the project's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from projects.access import can_read_nominations, get_project_for
from projects.forms.plans import NominationForm
from projects.models import AwardNomination, Project
from projects.rungs import Rung
from projects.views.plans import crumbs

# The co-production award ---------------------------------------------------------


def award_evidence(project: Project) -> dict:
    """What the project's own record says, for a nomination."""
    activities = list(
        project.activities.order_by("date", "pk").only(
            "date", "title", "rung", "what_changed", "project_id"
        )
    )
    classified = [a for a in activities if a.rung]
    people = project.activities.aggregate(
        lived_experience=Count(
            "involvements__person", distinct=True, filter=Q(involvements__person__isnull=False)
        ),
        staff=Count("involvements__staff", distinct=True),
        lived_experience_hours=Sum(
            "involvements__hours", filter=Q(involvements__person__isnull=False)
        ),
        staff_hours=Sum("involvements__hours", filter=Q(involvements__staff__isnull=False)),
    )
    first, latest = (classified[0], classified[-1]) if classified else (None, None)
    return {
        "classified": classified,
        "first": first,
        "latest": latest,
        "highest": max((a.rung for a in classified), default=None),
        "steps_up": (latest.rung - first.rung) if classified else 0,
        "people": people,
        "outcomes": [a for a in activities if a.what_changed],
        "activity_count": len(activities),
    }


@require_http_methods(["GET", "POST"])
def award_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nomination = form.save(commit=False)
        nomination.project = project
        nomination.nominated_by = request.user
        nomination.save()
        messages.success(request, f"Thank you. “{project.title}” is nominated for the award.")
        return redirect("projects:project_detail", pk=project.pk)
    evidence = award_evidence(project)
    if evidence["highest"]:
        evidence["highest_label"] = Rung(evidence["highest"]).label
    return render(
        request,
        "projects/plans/award_nominate.html",
        {
            "form": form,
            "project": project,
            "evidence": evidence,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Projects", reverse("projects:project_list")),
                (project.title, reverse("projects:project_detail", args=[project.pk])),
            ],
        },
    )


@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    if not can_read_nominations(request.user):
        raise PermissionDenied
    nominations = AwardNomination.objects.select_related("project", "nominated_by").order_by(
        "-created_at", "-pk"
    )
    return render(
        request,
        "projects/plans/nomination_list.html",
        {"nominations": nominations, "breadcrumbs": crumbs()},
    )

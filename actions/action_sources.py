"""The source kinds the action log knows from the apps below it: REIS findings.

Apps above `actions` register their own in their `action_sources.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from actions.sources import SourceKind, register
from projects.models import Project, ReisScore, Service


def get_finding_for(user, pk: int) -> ReisScore:
    """A REIS finding the user may see; raising an action from it is for the
    project's leads and admins, and staff of the project's services."""
    score = get_object_or_404(
        ReisScore.objects.filter(
            activity__project__in=Project.objects.visible_to(user)
        ).select_related("activity__project"),
        pk=pk,
    )
    project = score.activity.project
    leads = Project.objects.editable_by(user).filter(pk=project.pk).exists()
    in_service = user.is_staff_member and project.services.filter(members=user).exists()
    if not (leads or in_service):
        raise PermissionDenied
    return score


def finding_services(score: ReisScore) -> list[Service]:
    return list(score.activity.project.services.order_by("name"))


register(
    SourceKind(
        slug="reis",
        model="projects.ReisScore",
        label="REIS finding",
        title=lambda score: (
            f"{score.get_domain_display()}, {score.activity.title} ({score.activity.date:%-d %B %Y})"
        ),
        url=lambda score: reverse("projects:activity_detail", args=[score.activity_id]),
        get_for=get_finding_for,
        services=finding_services,
        related=("activity",),
    )
)

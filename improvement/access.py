"""Who may see and change an Always Event, decided in the query.

Staff of its service and the leads of its project (staff or expert co-leads) change
it; members of its project, staff of services that adopted it, governance leads and
admins read it; to anyone else it does not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.rules import is_admin, runs_projects
from improvement.models import AlwaysEvent
from projects.models import Service


def get_event_for(user, pk: int, *, edit: bool = False) -> AlwaysEvent:
    editable = AlwaysEvent.objects.editable_by(user).filter(pk=OuterRef("pk"))
    event = get_object_or_404(
        AlwaysEvent.objects.visible_to(user)
        .select_related("service", "project", "plan_metric__plan")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if edit and not event.can_edit:
        raise PermissionDenied
    return event


def can_start_events(user) -> bool:
    """Staff start an Always Event for one of their services; admins for any."""
    return runs_projects(user)


def services_for_new_events(user):
    if is_admin(user):
        return Service.objects.active()
    return Service.objects.active().for_user(user)


def can_record_reliability(user, event: AlwaysEvent, service: Service) -> bool:
    """Whoever changes the event records its measure anywhere; staff of a team that
    adopted it record their own team's."""
    if event.can_edit:
        return True
    return runs_projects(user) and service.members.filter(pk=user.pk).exists()

"""Access to the action log, on top of the projects app's services.

An action is seen by its owner, by staff of its service, and by admins and
governance leads; to anyone else it does not exist (404). Governance leads read
and do not change (403). A service's actions and REIS cycles are for its staff,
admins and governance leads.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.rules import is_staff_role, reads_everything
from actions.models import Action
from projects.models import Service


def get_action_for(user, pk: int, *, edit: bool = False) -> Action:
    editable = Action.objects.editable_by(user).filter(pk=OuterRef("pk"))
    action = get_object_or_404(
        Action.objects.visible_to(user)
        .select_related("owner", "service", "created_by", "source_type")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if edit and not action.can_edit:  # type: ignore[attr-defined]  # annotated above
        raise PermissionDenied
    return action


def reads_service_actions(user) -> bool:
    """Staff, admins and governance leads read services' actions and REIS cycles."""
    return is_staff_role(user) or reads_everything(user)


def services_readable_by(user):
    """The services whose actions and REIS cycles `user` may read."""
    if not user.is_authenticated or not user.is_active:
        return Service.objects.none()
    if reads_everything(user):
        return Service.objects.all()
    if user.is_staff_member:
        return Service.objects.for_user(user)
    return Service.objects.none()


def get_service_for(user, pk: int) -> Service:
    return get_object_or_404(services_readable_by(user), pk=pk)

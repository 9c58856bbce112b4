"""One access helper per guarded model.

Each filters by what the user may see inside the query, so an outsider gets a
404 (the object does not exist for them), and raises PermissionDenied (403) for
someone who may see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.models import Role
from projects.models import Activity, Person, Project


def get_project_for(user, pk: int, *, edit: bool = False) -> Project:
    editable = Project.objects.editable_by(user).filter(pk=OuterRef("pk"))
    project = get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("priority")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if edit and not project.can_edit:
        raise PermissionDenied
    return project


def get_activity_for(user, pk: int, *, edit: bool = False) -> Activity:
    editable = Project.objects.editable_by(user).filter(pk=OuterRef("project_id"))
    activity = get_object_or_404(
        Activity.objects.visible_to(user)
        .select_related("project")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if edit and not activity.can_edit:
        raise PermissionDenied
    return activity


def get_person_for(user, pk: int, *, edit: bool = False) -> Person:
    person = get_object_or_404(Person.objects.visible_to(user).select_related("user"), pk=pk)
    if edit and not can_edit_people(user):
        raise PermissionDenied
    return person


def can_edit_people(user) -> bool:
    """Staff and admins keep the register; governance leads and experts only read."""
    return user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.STAFF}


def can_create_projects(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.STAFF}


def can_read_nominations(user) -> bool:
    """Award nominations are read by the people who judge them."""
    return user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.GOVERNANCE}

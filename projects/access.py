"""One access helper per guarded model.

Each filters by what the user may see inside the query, so an outsider gets a
404 (the object does not exist for them), and raises PermissionDenied (403) for
someone who may see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.rules import is_admin, reads_everything, runs_projects
from projects.models import Activity, Person, Plan, Project


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
    return runs_projects(user)


def can_create_projects(user) -> bool:
    return runs_projects(user)


def can_read_nominations(user) -> bool:
    """Award nominations are read by the people who judge them."""
    return reads_everything(user)


def can_manage_plans(user) -> bool:
    """Only admins change a growth plan and its standards, priorities and metrics."""
    return is_admin(user)


def get_plan_for(user, pk: int, *, edit: bool = False) -> Plan:
    plan = get_object_or_404(
        Plan.objects.visible_to(user).select_related("service", "parent__service"), pk=pk
    )
    if edit and not can_manage_plans(user):
        raise PermissionDenied
    return plan


def get_plan_part_for(user, model, pk: int):
    """A standard, priority or metric, for an admin to change: 404 when its plan is
    hidden from the user, 403 when they may read it but not change it."""
    part = get_object_or_404(
        model.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related(
            "plan__service"
        ),
        pk=pk,
    )
    if not can_manage_plans(user):
        raise PermissionDenied
    return part

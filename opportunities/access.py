"""Who may see and change an opportunity, decided in the query.

An opportunity belongs to its project: whoever may see the project sees it, and
whoever may edit the project (its leads, staff or expert co-leads, and admins)
posts and changes it. The people interested are shown as the register shows
people: to those who run the project and to trust staff who can see it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.rules import is_trust_staff, runs_projects
from opportunities.models import Opportunity
from projects.models import Project


def get_opportunity_for(user, pk: int, *, edit: bool = False) -> Opportunity:
    editable = Project.objects.editable_by(user).filter(pk=OuterRef("project_id"))
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(user)
        .select_related("project", "rate_card")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if edit and not opportunity.can_edit:
        raise PermissionDenied
    return opportunity


def can_post_opportunities(user) -> bool:
    """Anyone who leads at least one project (or an admin)."""
    return Project.objects.editable_by(user).exists()


def sees_interest(user, opportunity: Opportunity) -> bool:
    """Names of the people interested: for those who run the project, and trust
    staff who can see it (they read the register)."""
    return bool(opportunity.can_edit) or is_trust_staff(user)


def can_record_interest(user) -> bool:
    """Recording interest for someone needs the register: staff and admins."""
    return runs_projects(user)

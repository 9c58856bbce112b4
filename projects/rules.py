"""Object permissions, named for templates and `user.has_perm`.

Lists and pages filter through the QuerySet methods (`Project.objects.visible_to`),
which hold the same policy for many objects at once.
"""

from __future__ import annotations

import rules

from accounts.rules import is_admin, is_staff_role
from projects.models import Membership


@rules.predicate
def is_project_lead(user, project) -> bool:
    if project is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(project=project, user=user, role=Membership.Role.LEAD).exists()


rules.add_perm("projects.add_project", is_admin | is_staff_role)
rules.add_perm("projects.change_project", is_admin | is_project_lead)
rules.add_perm("projects.manage_services", is_admin)
rules.add_perm("projects.manage_rate_cards", is_admin)
rules.add_perm("projects.export_payments", is_admin)

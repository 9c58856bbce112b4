"""Object permissions for templates and `user.has_perm`.

Pages check access through the helpers in `projects.access` and `ladder.access`,
which put the same policy into the query.
"""

from __future__ import annotations

import rules

from accounts.rules import is_admin
from projects.models import Involvement
from projects.rules import is_project_lead


@rules.predicate
def took_part(user, activity) -> bool:
    """Someone with lived experience, on the register with this account, took part."""
    if activity is None or not user.is_authenticated:
        return False
    return Involvement.objects.filter(activity=activity, person__user=user).exists()


@rules.predicate
def leads_activity_project(user, activity) -> bool:
    return activity is not None and is_project_lead(user, activity.project)


rules.add_perm("ladder.classify_activity", is_admin | leads_activity_project)
rules.add_perm("ladder.respond_to_classification", took_part)
rules.add_perm("ladder.set_target_rung", is_admin | is_project_lead)

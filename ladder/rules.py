"""Object permissions for templates and `user.has_perm`.

Pages check access through the helpers in `projects.access` and `ladder.access`,
which put the same policy into the query.
"""

from __future__ import annotations

import rules

from projects.models import Involvement


@rules.predicate
def took_part(user, activity) -> bool:
    """Someone with lived experience, on the register with this account, took part."""
    if activity is None or not user.is_authenticated:
        return False
    return Involvement.objects.filter(activity=activity, person__user=user).exists()


rules.add_perm("ladder.respond_to_classification", took_part)

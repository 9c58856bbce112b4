"""Object permissions for templates of other apps and `user.has_perm`.

A growth plan's page (in `projects`, which cannot import the dashboard) offers
links to the plan's reports and reviews only to those these rules allow; the
pages behind the links check the same querysets in `dashboard.reviews.access`
and `dashboard.models.reports`.
"""

from __future__ import annotations

import rules

from accounts.rules import reads_everything
from dashboard.models.reports import plans_with_reports_for
from dashboard.reviews.access import plans_with_readable_reviews


@rules.predicate
def reads_plan_reports(user, plan) -> bool:
    return plan is not None and plans_with_reports_for(user).filter(pk=plan.pk).exists()


@rules.predicate
def reads_plan_reviews(user, plan) -> bool:
    return plan is not None and plans_with_readable_reviews(user).filter(pk=plan.pk).exists()


# Asking `reads_everything` first spares admins and governance leads a query.
rules.add_perm("dashboard.read_plan_reports", reads_everything | reads_plan_reports)
rules.add_perm("dashboard.read_plan_reviews", reads_everything | reads_plan_reviews)

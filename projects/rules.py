"""Section permissions, named for views and templates.

Access to a project, activity or person is decided in the query by the helpers in
`projects.access` (filtering with `Project.objects.visible_to/editable_by`), so it
is written once; the rules here are the role-only ones.
"""

from __future__ import annotations

import rules

from accounts.rules import is_admin, sees_payments

rules.add_perm("projects.manage_services", is_admin)
rules.add_perm("projects.manage_rate_cards", is_admin)
# Admins and finance: the finance export, payment runs, and the payee details
# needed to pay.
rules.add_perm("projects.export_payments", sees_payments)
rules.add_perm("projects.run_payments", sees_payments)

"""Role predicates shared by every app's rules and access helpers.

Each asks the User property of the same name, so the role policy is written once
(in `accounts.models`); these add the answer for someone not signed in (no).
"""

from __future__ import annotations

import rules


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_admin)


@rules.predicate
def is_governance(user) -> bool:
    return bool(user.is_authenticated and user.is_governance)


@rules.predicate
def is_staff_role(user) -> bool:
    return bool(user.is_authenticated and user.is_staff_member)


@rules.predicate
def is_expert(user) -> bool:
    return bool(user.is_authenticated and user.is_expert)


@rules.predicate
def reads_everything(user) -> bool:
    return bool(user.is_authenticated and user.reads_everything)


@rules.predicate
def is_trust_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_trust_staff)


@rules.predicate
def runs_projects(user) -> bool:
    return bool(user.is_authenticated and user.runs_projects)


rules.add_perm("accounts.manage_users", is_admin)

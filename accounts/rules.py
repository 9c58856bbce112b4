"""Role predicates shared by every app's rules."""

from __future__ import annotations

import rules

from accounts.models import Role


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.ADMIN)


@rules.predicate
def is_governance(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.GOVERNANCE)


@rules.predicate
def is_staff_role(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


@rules.predicate
def is_expert(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.EXPERT)


rules.add_perm("accounts.manage_users", is_admin)

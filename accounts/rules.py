"""Role predicates shared by every app's rules."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User


@rules.predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return bool(isinstance(user, User) and user.is_active and user.role == Role.ADMIN)


@rules.predicate
def is_governance(user: User | AnonymousUser) -> bool:
    return bool(isinstance(user, User) and user.is_active and user.role == Role.GOVERNANCE)


@rules.predicate
def is_staff_role(user: User | AnonymousUser) -> bool:
    return bool(isinstance(user, User) and user.is_active and user.role == Role.STAFF)


@rules.predicate
def is_expert(user: User | AnonymousUser) -> bool:
    return bool(isinstance(user, User) and user.is_active and user.role == Role.EXPERT)


rules.add_perm("accounts.manage_users", is_admin)

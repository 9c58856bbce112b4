"""Role predicates shared by every app's rules and access helpers.

Each asks the User property of the same name, so the role policy is written once
(in `accounts.models`); these add the answer for someone not signed in (no).
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import User


@rules.predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_admin


@rules.predicate
def is_governance(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_governance


@rules.predicate
def is_staff_role(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_staff_member


@rules.predicate
def is_expert(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_expert


@rules.predicate
def reads_everything(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.reads_everything


@rules.predicate
def is_trust_staff(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_trust_staff


@rules.predicate
def runs_projects(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.runs_projects


@rules.predicate
def sees_payments(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.sees_payments


@rules.predicate
def confined_to_payments(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.confined_to_payments


rules.add_perm("accounts.manage_users", is_admin)


@rules.predicate
def reads_api(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.reads_api

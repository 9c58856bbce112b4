"""The header menu: which sections each role sees.

Each app adds its section here when it lands. A section is shown to the roles
named, and marked current when the page belongs to one of its URL namespaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from accounts import two_factor
from accounts.models import Role

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: frozenset[str]
    namespaces: tuple[str, ...] = ()


READERS = frozenset({Role.ADMIN, Role.GOVERNANCE, Role.STAFF})

SECTIONS = [
    Section("Home", "home", ALL_ROLES),
    Section(
        "Projects",
        "projects:project_list",
        ALL_ROLES,
        ("projects:project", "projects:member", "projects:activit"),
    ),
    Section("Ladder", "ladder:reference", ALL_ROLES, ("ladder:",)),
    Section(
        "Growth plans",
        "projects:plan_list",
        READERS,
        (
            "projects:plan",
            "projects:standard",
            "projects:priority",
            "projects:metric",
            "projects:reading",
            "projects:nomination",
        ),
    ),
    Section(
        "Dashboard",
        "dashboard:dashboard",
        READERS,
        ("dashboard:dashboard", "dashboard:chart", "dashboard:report"),
    ),
    # Peer reviews: reviewers write here, admins and governance see who reviews what.
    Section(
        "Reviews",
        "dashboard:review_list",
        ALL_ROLES,
        ("dashboard:review", "dashboard:coreview", "dashboard:assignment"),
    ),
    Section("Register", "projects:person_list", READERS, ("projects:person",)),
    Section(
        "My involvement",
        "projects:my_involvement",
        frozenset({Role.EXPERT}),
        ("projects:my_involvement",),
    ),
    Section("Services", "projects:service_list", frozenset({Role.ADMIN}), ("projects:service",)),
    Section("Accounts", "accounts:user_list", frozenset({Role.ADMIN}), ("accounts:user",)),
]


def menu_for(request: HttpRequest) -> list[dict[str, object]]:
    # No user on a 400 for a bad Host header: it is refused before authentication.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or two_factor.setup_pending(request):
        return []
    match = request.resolver_match
    current_name = (
        f"{match.namespace}:{match.url_name}"
        if match and match.namespace
        else (match.url_name if match else "")
    )
    items = []
    for section in SECTIONS:
        if user.role not in section.roles:
            continue
        current = current_name == section.url_name or any(
            current_name.startswith(prefix) for prefix in section.namespaces
        )
        items.append({"label": section.label, "url": reverse(section.url_name), "current": current})
    return items

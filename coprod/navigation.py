"""The header menu: which sections each role sees.

Each app adds its section here when it lands. A section is shown to the people
its `accounts.rules` predicate allows (the same predicate its pages check), and
marked current when the page belongs to one of its URL namespaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.http import HttpRequest
from django.urls import reverse

from accounts import two_factor
from accounts.rules import (
    confined_to_payments,
    is_admin,
    is_expert,
    is_staff_role,
    is_trust_staff,
    sees_payments,
)

EVERYONE = rules.is_authenticated
# Finance opens only the payment pages (see accounts.middleware.PaymentsOnlyMiddleware).
EVERYONE_BUT_FINANCE = rules.is_authenticated & ~confined_to_payments


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    shown_to: Callable[[object], bool]
    namespaces: tuple[str, ...] = ()


SECTIONS = [
    Section("Home", "home", EVERYONE),
    Section(
        "Projects",
        "projects:project_list",
        EVERYONE_BUT_FINANCE,
        ("projects:project", "projects:member", "projects:activit"),
    ),
    Section("Ladder", "ladder:reference", EVERYONE_BUT_FINANCE, ("ladder:",)),
    Section(
        "Growth plans",
        "projects:plan_list",
        is_trust_staff,
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
        is_trust_staff,
        ("dashboard:dashboard", "dashboard:chart", "dashboard:report"),
    ),
    # Peer reviews: reviewers write here, admins and governance see who reviews what.
    Section(
        "Reviews",
        "dashboard:review_list",
        EVERYONE_BUT_FINANCE,
        ("dashboard:review", "dashboard:coreview", "dashboard:assignment"),
    ),
    # The action log: everyone's own actions; staff open their services' from there.
    Section("My actions", "actions:my_actions", EVERYONE_BUT_FINANCE, ("actions:",)),
    Section("Register", "projects:person_list", is_trust_staff, ("projects:person",)),
    # Staff post and follow opportunities day to day. Admins' and governance leads'
    # menus are full at desktop width (more would move into "More"); they open the
    # list at /opportunities/.
    Section("Opportunities", "opportunities:opportunity_list", is_staff_role, ("opportunities:",)),
    Section(
        "My involvement",
        "projects:my_involvement",
        is_expert,
        ("projects:my_involvement",),
    ),
    Section(
        "Payments",
        "projects:payment_run_list",
        sees_payments,
        ("projects:payment_run", "projects:payment_export", "projects:rate_card"),
    ),
    Section("Services", "projects:service_list", is_admin, ("projects:service",)),
    Section("Accounts", "accounts:user_list", is_admin, ("accounts:user",)),
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
        if not section.shown_to(user):
            continue
        current = current_name == section.url_name or any(
            current_name.startswith(prefix) for prefix in section.namespaces
        )
        items.append({"label": section.label, "url": reverse(section.url_name), "current": current})
    return items

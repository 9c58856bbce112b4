"""The access matrix: every named URL, every persona, the status each must get.

`tests/test_url_access.py` walks the URL resolver and fails when a named URL is
missing here, so every new page arrives with its guard tested for every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "expert", "outsider_expert", "staff", "other_staff", "governance", "admin")
SIGN_IN = "sign-in"  # a redirect to the sign-in page


@dataclass(frozen=True)
class Case:
    """How one URL answers each persona.

    `expect` maps persona to a status (or SIGN_IN); `default` covers the rest.
    `kwargs` builds the URL arguments from the `world` of test objects.
    """

    default: int | str | frozenset[int]
    expect: dict[str, int | str | frozenset[int]] = field(default_factory=dict)
    method: str = "get"
    kwargs: Callable[[dict], dict] = lambda world: {}
    data: Callable[[dict], dict] = lambda world: {}

    def status_for(self, role: str) -> int | str | frozenset[int]:
        return self.expect.get(role, self.default)


def admin_only(*, others: int, admin: int = 200, method: str = "get", **kw) -> Case:
    return Case(
        default=others,
        expect={"anonymous": SIGN_IN, "admin": admin},
        method=method,
        **kw,
    )


def target_user(world: dict) -> dict:
    return {"pk": world["target_user"].pk}


CASES: dict[str, Case] = {
    # Public pages.
    "accessibility": Case(default=200),
    "privacy": Case(default=200),
    # 503 when no Celery worker answers, which is the case in most test runs.
    "health": Case(default=frozenset({200, 503})),
    # The shell.
    "home": Case(default=200, expect={"anonymous": SIGN_IN}),
    # Signing in and out.
    "accounts:login": Case(default=302, expect={"anonymous": 200}),
    "accounts:logout": Case(default=302, method="post"),
    "accounts:account": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:session_extend": Case(default=302, expect={"anonymous": SIGN_IN}, method="post"),
    "accounts:password_change": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:password_change_done": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:password_reset": Case(default=200),
    "accounts:password_reset_done": Case(default=200),
    "accounts:password_reset_confirm": Case(
        default=200, kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-real-token"}
    ),
    "accounts:password_reset_complete": Case(default=200),
    # Managing people: admins only. Lists refuse (403); an account is hidden (404).
    "accounts:user_list": admin_only(others=403),
    "accounts:user_invite": admin_only(others=403),
    "accounts:user_edit": admin_only(others=404, kwargs=target_user),
    "accounts:user_deactivate": admin_only(others=404, kwargs=target_user),
    "accounts:user_reactivate": admin_only(
        others=404, admin=302, method="post", kwargs=target_user
    ),
}

"""How long since this browser's last request, kept by the browser itself.

A session used to be saved on every request so that its expiry moved on: one
database write for every page anyone read. Now the session row is written only
when what it holds changes, and the time of the last request travels in a
cookie of its own, signed with the server's key and bound to the session (its
salt holds the session key), so it can be neither forged nor moved to another
session. Each response renews it (`mark_active`, from
`accounts.middleware.SessionLimitMiddleware`); the next request reads how long
ago that was. Signed-in sessions and personal-link visits both time out by it.

A session whose cookie is missing or does not verify starts its idle clock
now: the time-out protects a screen someone walked away from, whose browser
holds both cookies, while a session taken without its browser is bounded by
the fixed limit after signing in (`SESSION_ABSOLUTE_SECONDS`) as before.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.signing import BadSignature
from django.http import HttpRequest
from django.http.response import HttpResponseBase

ACTIVE_COOKIE = "coprod_active"


def _salt(session_key: str) -> str:
    return f"core.activity:{session_key}"


def idle_seconds(request: HttpRequest) -> float | None:
    """Seconds since this browser's last request in this session; None when
    unknown (no session yet, no cookie, or one that does not verify)."""
    key = request.session.session_key
    if not key:
        return None
    try:
        value = request.get_signed_cookie(ACTIVE_COOKIE, salt=_salt(key))
    except (KeyError, BadSignature):
        return None
    try:
        return max(0.0, time.time() - float(value or ""))
    except ValueError:
        return None


def idle_since(request: HttpRequest, started: float) -> float:
    """Seconds since this browser's last request, or since `started` (a time from
    `time.time()`, such as when a personal link was opened) when that is unknown."""
    idle = idle_seconds(request)
    return time.time() - started if idle is None else idle


def mark_active(request: HttpRequest, response: HttpResponseBase) -> None:
    """Restart the idle clock of a session that holds something (a signed-in
    account, a personal link's visit); an empty one needs none."""
    session = request.session
    key = session.session_key
    if not key or session.is_empty():
        return
    response.set_signed_cookie(
        ACTIVE_COOKIE,
        f"{time.time():.0f}",
        salt=_salt(key),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )

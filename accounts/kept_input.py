"""Form input kept across a sign-in, so an expired session loses nothing.

A view opts in with `@keeps_input`. When a POST to it arrives after the session
has ended, `keep_input` stores the body in the new (anonymous) session; the
session survives signing in, and the view's next GET calls `restore_input` to
bind the form with what was typed. Passwords are never kept, nothing is kept
for views that did not opt in, and kept input is dropped after a few minutes so
it is not offered to the next person at a shared computer.
Files are not kept: there is nowhere safe to hold them.

Kept input belongs to the account whose session just ended, and only that account
gets it back: someone else signing in on the same browser never sees it. After
the absolute limit the middleware knows who it was. After an idle time-out the
session is gone, so signed-in responses leave a signed marker of the account in
its own cookie (`remember_owner`); with no valid marker nothing is kept, as
input nobody owns must never be offered to whoever signs in next.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse, QueryDict

SESSION_KEY = "kept_input"
KEEP_FOR_SECONDS = 10 * 60
NOT_KEPT = {"csrfmiddlewaretoken"}

# The marker of who was last signed in on this browser. Signed (so it cannot be
# forged into someone else's id) and timestamped: older than the absolute session
# limit, it proves nothing. It lasts until the browser closes, as the session does.
OWNER_COOKIE = "coprod_signed_in_as"
OWNER_SALT = "accounts.kept_input.owner"
# Renewed at most this often, so most responses carry no extra Set-Cookie.
OWNER_RENEW_SECONDS = 5 * 60


def keeps_input[View: Callable[..., HttpResponse]](view: View) -> View:
    """Mark a view whose form input is kept if the session ends before it is sent."""
    view.keeps_input = True  # type: ignore[attr-defined]
    return view


def _kept(key: str) -> bool:
    return key not in NOT_KEPT and "password" not in key.lower()


def _marked_owner(request: HttpRequest, *, max_age: int) -> int | None:
    try:
        value = request.get_signed_cookie(OWNER_COOKIE, salt=OWNER_SALT, max_age=max_age)
    except (KeyError, BadSignature):
        return None
    return int(value) if value is not None and value.isdigit() else None


def remember_owner(request: HttpRequest, response: HttpResponse) -> None:
    """Mark the browser with the signed-in account, for input kept after an idle
    time-out (when the session, and with it the account, is gone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    if _marked_owner(request, max_age=OWNER_RENEW_SECONDS) == user.pk:
        return
    response.set_signed_cookie(
        OWNER_COOKIE,
        str(user.pk),
        salt=OWNER_SALT,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_owner(response: HttpResponse) -> None:
    """Someone signed out on purpose: what is typed after that is nobody's."""
    response.delete_cookie(OWNER_COOKIE, samesite="Lax")


def keep_input(request: HttpRequest, *, owner: int | None = None) -> None:
    """Keep the POST for `owner`, or for the account the browser's marker names.
    Input with no known owner is not kept."""
    owner = owner or _marked_owner(request, max_age=settings.SESSION_ABSOLUTE_SECONDS)
    if owner is None:
        return
    data = {key: values for key, values in request.POST.lists() if _kept(key)}
    if data:
        request.session[SESSION_KEY] = {
            "path": request.path,
            "data": data,
            "owner": owner,
            "kept_at": time.time(),
        }


def restore_input(request: HttpRequest) -> QueryDict | None:
    """Return the input kept for this page, once, or None. Input kept for another
    account is dropped without a word."""
    kept = request.session.get(SESSION_KEY)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    if kept.get("owner") is None or kept.get("owner") != request.user.pk:
        return None
    if time.time() - kept.get("kept_at", 0) > KEEP_FOR_SECONDS:
        return None
    restored = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        restored.setlist(key, values)
    messages.info(
        request,
        "You were signed out, so nothing was saved. We kept what you typed: "
        "check it and save again.",
    )
    return restored


def form_data(request: HttpRequest) -> QueryDict | None:
    """What to bind a form to: the POST, even an empty one (so it shows its errors),
    or on a GET whatever was kept across a sign-in."""
    return request.POST if request.method == "POST" else restore_input(request)

"""Form input kept across a sign-in, so an expired session loses nothing.

A view opts in with `@keeps_input`. When a POST to it arrives after the session
has ended, `keep_input` stores the body in the new (anonymous) session; the
session survives signing in, and the view's next GET calls `restore_input` to
bind the form with what was typed. Passwords are never kept, nothing is kept
for views that did not opt in, and kept input is dropped after a few minutes so
it is not offered to the next person at a shared computer.
Files are not kept: there is nowhere safe to hold them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, QueryDict

SESSION_KEY = "kept_input"
KEEP_FOR_SECONDS = 10 * 60
NOT_KEPT = {"csrfmiddlewaretoken"}


def keeps_input[View: Callable](view: View) -> View:
    """Mark a view whose form input is kept if the session ends before it is sent."""
    view.keeps_input = True  # type: ignore[attr-defined]
    return view


def _kept(key: str) -> bool:
    return key not in NOT_KEPT and "password" not in key.lower()


def keep_input(request: HttpRequest) -> None:
    data = {key: values for key, values in request.POST.lists() if _kept(key)}
    if data:
        request.session[SESSION_KEY] = {
            "path": request.path,
            "data": data,
            "kept_at": time.time(),
        }


def restore_input(request: HttpRequest) -> QueryDict | None:
    """Return the input kept for this page, once, or None."""
    kept = request.session.get(SESSION_KEY)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
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

"""Form input kept across a sign-in, so an expired session loses nothing.

`keep_input` stores the POST body of a refused request in the (anonymous) session;
the session survives signing in, and the view that owns the form calls
`restore_input` on its next GET to bind the form with what the person typed.
Files are not kept: there is nowhere safe to hold them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, QueryDict

SESSION_KEY = "kept_input"
NOT_KEPT = {"csrfmiddlewaretoken"}


def keep_input(request: HttpRequest) -> None:
    data = {key: values for key, values in request.POST.lists() if key not in NOT_KEPT}
    if data:
        request.session[SESSION_KEY] = {"path": request.path, "data": data}


def restore_input(request: HttpRequest) -> QueryDict | None:
    """Return the input kept for this page, once, or None."""
    kept = request.session.get(SESSION_KEY)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    restored = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        restored.setlist(key, values)
    messages.info(
        request,
        "You were signed out, so nothing was saved. We kept what you typed: "
        "check it and save again.",
    )
    return restored

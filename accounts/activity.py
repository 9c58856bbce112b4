"""The absolute clock of a signed-in session: it starts as the person signs in.

The time is noted in the session by the sign-in itself (a request that writes
the session anyway), so no later page has to write it; the idle clock is kept by
the browser (`core.activity`). `accounts.middleware.SessionLimitMiddleware`
reads both.
"""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

SIGNED_IN_AT_KEY = "signed_in_at"


@receiver(user_logged_in, dispatch_uid="accounts.note_signed_in_at")
def note_signed_in_at(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Start the absolute clock as the session is made (any way of signing in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = time.time()

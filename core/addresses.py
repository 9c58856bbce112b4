"""The address a request came from, as far as it can be known behind proxies.

Used by the health check (a private caller may see the deep check) and by
django-axes (sign-in lockouts are per account and address), so both trust the
same hops of `X-Forwarded-For` and nothing a caller wrote in front of them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The caller's address, or None if it cannot be known.

    With TRUSTED_PROXY_COUNT proxies in front, the last of them is REMOTE_ADDR and
    the address the first one saw is that many entries from the end of
    X-Forwarded-For; anything before it was written by the caller and proves
    nothing. Behind a proxy whose hops are not counted, every request seems to
    come from the proxy's own (private) address, so none is known.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return None if settings.BEHIND_PROXY else request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [entry.strip() for entry in forwarded if entry.strip()]
    return forwarded[-hops] if len(forwarded) >= hops else None


def sign_in_address(request: HttpRequest) -> str:
    """The address sign-in lockouts count against (`AXES_CLIENT_IP_CALLABLE`): the
    client's, or the nearest hop's when it cannot be known (a proxy whose hops are
    not counted), so an unknown address never disables the lockout."""
    return client_address(request) or request.META.get("REMOTE_ADDR", "")

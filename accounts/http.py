"""The request types views are written against, for mypy."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request from someone signed in: what every view receives except those marked
    `login_not_required` (LoginRequiredMiddleware sends everyone else to sign in).
    `htmx` is django-htmx's middleware's, on every request."""

    user: User
    htmx: HtmxDetails

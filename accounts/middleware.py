from __future__ import annotations

from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponseRedirect

from accounts.kept_input import keep_input


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Every view needs a signed-in user unless marked `@login_not_required`.

    When a session has ended and the person then submits a form whose view is
    marked `@keeps_input`, what they typed is kept in their new session and
    offered back after they sign in again, so an expired session loses no work.
    """

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponseRedirect:
        if request.method == "POST" and getattr(view_func, "keeps_input", False):
            keep_input(request)
        return super().handle_no_permission(request, view_func)

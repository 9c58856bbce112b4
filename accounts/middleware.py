from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from accounts import two_factor
from accounts.activity import SIGNED_IN_AT_KEY
from accounts.kept_input import keep_input, remember_owner
from core.activity import idle_seconds, mark_active


def two_factor_exempt[View: Callable[..., HttpResponse]](view: View) -> View:
    """Mark a view people may use before finishing two-factor set-up (signing out,
    the set-up page itself, keeping the session alive while they do it)."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


def open_to_finance[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Mark a view a finance user may open (see `PaymentsOnlyMiddleware`). The
    view still checks its own permission: this only lets the request reach it."""
    view.open_to_finance = True  # type: ignore[attr-defined]
    return view


class SessionLimitMiddleware:
    """Ends a session after a spell of inactivity, and a fixed time after sign-in
    however active it has been.

    The idle limit is read from the browser's activity cookie (`core.activity`),
    so reading a page writes nothing to the session table; the absolute limit is
    the sign-in time kept in the session, so a stolen or forgotten session cannot
    be kept alive for ever. Both are checked before the view is found (a request
    for a page that does not exist must not revive an idle session) and before
    LoginRequiredMiddleware, so a form sent just after either limit has its input
    kept for the account signed out here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.end_if_over(request)
        response = self.get_response(request)
        mark_active(request, response)
        return response

    def end_if_over(self, request: HttpRequest) -> None:
        session = request.session
        if SESSION_KEY not in session:
            return
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT_KEY)
        idle = idle_seconds(request)
        if signed_in_at is None:
            # A session made without `accounts.activity.note_signed_in_at`: from now.
            session[SIGNED_IN_AT_KEY] = signed_in_at = now
        if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
            hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
            self.end(
                request,
                f"You were signed out because you signed in more than {hours} hours ago. "
                "This keeps your account safe. Sign in again to carry on.",
            )
        elif idle is not None and idle > settings.SESSION_IDLE_SECONDS:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            self.end(
                request,
                f"You were signed out because nothing happened for {minutes} minutes. "
                "This keeps your account safe. Sign in again to carry on.",
            )

    @staticmethod
    def end(request: HttpRequest, message: str) -> None:
        request.kept_input_owner = request.user.pk  # type: ignore[attr-defined]
        logout(request)
        messages.info(request, message)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Every view needs a signed-in user unless marked `@login_not_required`.

    When a session has ended and the person then submits a form whose view is
    marked `@keeps_input`, what they typed is kept in their new session and
    offered back after they sign in again, so an expired session loses no work.
    It is kept for the account whose session ended, and given back only to it: the
    absolute limit says who that was; for an idle time-out every signed-in response
    marks the browser with the account (see accounts/kept_input.py).
    """

    def handle_no_permission(
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase]
    ) -> HttpResponseRedirect:
        if request.method == "POST" and getattr(view_func, "keeps_input", False):
            keep_input(request, owner=getattr(request, "kept_input_owner", None))
        return super().handle_no_permission(request, view_func)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        remember_owner(request, response)
        return response


class TwoFactorMiddleware:
    """Holds signed-in people to the two-factor rules on every page.

    - A session that passed the second step (or set it up) is verified: go on.
    - Someone with two-factor set up whose session is not verified signed in some
      other way than our sign-in page (Django admin's, say): they are signed out
      and sent to sign in properly.
    - An admin or governance lead without two-factor is sent to set it up, and
      can open nothing else until they have, except signing out and the public
      pages (accessibility, privacy).
    Everything it reads is already loaded (the session and the user), so it adds
    no queries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or two_factor.is_verified(request):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None
        if getattr(view_func, "two_factor_exempt", False):
            return None
        if user.has_two_factor:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if user.two_factor_required:
            return redirect("accounts:two_factor_setup")
        return None


class PaymentsOnlyMiddleware:
    """Least privilege for the finance role: they may open the pages marked
    `@open_to_finance` (payments, their own account), the public pages and the
    steps of signing in and setting up two-factor; every other page is refused
    (403), whatever the view would allow a signed-in user. A new page is closed
    to finance until someone decides otherwise. It reads only the loaded user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        user = request.user
        if not user.is_authenticated or not user.confined_to_payments:
            return
        if getattr(view_func, "login_required", True) is False:
            return
        if getattr(view_func, "open_to_finance", False):
            return
        if getattr(view_func, "two_factor_exempt", False):
            return
        raise PermissionDenied

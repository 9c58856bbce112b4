from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import forms, services, two_factor
from accounts.http import AuthenticatedHttpRequest
from accounts.kept_input import forget_owner, keeps_input, restore_input
from accounts.middleware import open_to_finance, two_factor_exempt
from accounts.models import User

security_log = logging.getLogger("accounts.security")


class LoginView(auth_views.LoginView):
    """Django's sign-in, stopping halfway for people with two-factor set up: a right
    password alone does not sign them in; the code page does."""

    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    # authentication_form makes the form a LoginForm, narrower than the base class says.
    def form_valid(self, form: forms.LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not user.has_two_factor:
            return super().form_valid(form)
        two_factor.begin_challenge(
            self.request,
            user_id=user.pk,
            backend=user.backend,
            next_url=self.get_success_url(),
        )
        return redirect("accounts:two_factor_challenge")


class LogoutView(auth_views.LogoutView):
    """Django's sign-out, which also forgets who was signed in on this browser: a
    form sent from it afterwards is nobody's, so nothing typed there is kept."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        forget_owner(response)
        return response


# Sign in, sign out and passwords: Django's views with our forms and templates.
login = LoginView.as_view()
logout = two_factor_exempt(LogoutView.as_view())
password_change = open_to_finance(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        form_class=forms.PasswordChangeForm,
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = open_to_finance(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=forms.PasswordResetForm,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=forms.SetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def lockout(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes shows once an account is locked at this address."""
    return render(request, "accounts/locked_out.html", status=429)


@open_to_finance
@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    recovery_codes_left = (
        request.user.recovery_codes.unused().count() if request.user.has_two_factor else None
    )
    tokens = list(request.user.api_tokens.all()) if request.user.reads_api else []
    return render(
        request,
        "accounts/account.html",
        {"recovery_codes_left": recovery_codes_left, "api_tokens": tokens},
    )


# Personal API tokens: for the read API (the `api` app), listed on the account page.


def _may_make_api_tokens(request: AuthenticatedHttpRequest) -> None:
    """Finance reads nothing the API serves. Someone who uses two-factor makes a
    token only from a session that passed it: TwoFactorMiddleware already signs
    out any other, and this says so here too, where it matters most."""
    if not request.user.reads_api:
        raise PermissionDenied
    if request.user.has_two_factor and not two_factor.is_verified(request):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _may_make_api_tokens(request)
    form = forms.ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        # Shown on this response only: never in a URL, a message or the session.
        response = render(
            request, "accounts/api_token_created.html", {"token": token, "secret": secret}
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/api_token_form.html", {"form": form})


@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, f"The token “{token.name}” no longer works")
    return redirect("accounts:account")


@two_factor_exempt
@require_POST
def session_extend(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Called by the session warning's "stay signed in" button.

    Any request restarts the idle clock (`core.activity`); without JavaScript
    the button is a form that reloads the page.
    """
    if request.htmx or request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("home")


# People: admins manage accounts in the product's own pages.


def require_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.manage_users"):
        raise PermissionDenied


def get_user_for(request: HttpRequest, pk: int) -> User:
    """The account `pk`, for admins only; to anyone else it does not exist."""
    if not request.user.has_perm("accounts.manage_users"):
        raise Http404
    return get_object_or_404(User, pk=pk)


@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    filters = forms.UserFilterForm(request.GET or None)
    users = User.objects.all()
    if filters.is_valid():
        if query := filters.cleaned_data["q"]:
            users = users.filter(
                Q(full_name__icontains=query)
                | Q(display_name__icontains=query)
                | Q(email__icontains=query)
            )
        if role := filters.cleaned_data["role"]:
            users = users.filter(role=role)
        if status := filters.cleaned_data["status"]:
            users = users.filter(is_active=status == "active")
    page = Paginator(users.order_by("full_name", "pk"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {"filters": filters, "page": page, "users": page, "query_string": query.urlencode()},
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = forms.UserInviteForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_invite(
            request=request, invited_by=request.user, data=form.cleaned_data
        )
        messages.success(request, f"Invitation sent to {user.email}")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Invite someone"})


@keeps_input
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_user_for(request, pk)
    form = forms.UserEditForm(request.POST or restore_input(request) or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Changes to {person.name} saved")
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "person": person, "title": f"Change {person.name}"},
    )


@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_user_for(request, pk)
    if person == request.user:
        messages.error(request, "You cannot close your own account. Ask another admin.")
        return redirect("accounts:user_list")
    if request.method == "POST":
        services.user_set_active(user=person, active=False)
        messages.success(request, f"{person.name}'s account is closed and they are signed out")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_deactivate.html", {"person": person})


@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_user_for(request, pk)
    services.user_set_active(user=person, active=True)
    messages.success(request, f"{person.name}'s account is open again")
    return redirect("accounts:user_list")


# Two-factor authentication.


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """The person halfway through signing in, if their sign-in can go on."""
    state = two_factor.pending(request)
    if state is None:
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    if user is None or not user.has_two_factor:
        request.session.pop(two_factor.PENDING_KEY, None)
        return None
    return user, state


def _finish_sign_in(request: HttpRequest, user: User, state: dict[str, Any]) -> HttpResponse:
    services.two_factor_failures_clear(user=user)
    auth_login(request, user, backend=state["backend"])
    request.session.pop(two_factor.PENDING_KEY, None)
    two_factor.mark_verified(request)
    return redirect(state["next"] or "home")


def _refuse(request: HttpRequest, user: User, form: django_forms.Form, message: str) -> None:
    """A wrong code: say so, and count it twice: as a failed sign-in towards the
    lockout (django-axes locks the account at this address after five, codes and
    passwords together), and against the account wherever it comes from (its second
    step locks after five)."""
    form.add_error("code", message)
    security_log.warning("event=two_factor_failed user_id=%s", user.pk)
    services.two_factor_failure_record(user=user)
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    if getattr(request, "axes_locked_out", False) or user.second_step_locked:
        request.session.pop(two_factor.PENDING_KEY, None)


def second_step_locked(request: HttpRequest, user: User) -> HttpResponse:
    """Too many wrong codes for this account, from anywhere: no code, even a
    right one, is accepted until the lock runs out or an admin lifts it."""
    request.session.pop(two_factor.PENDING_KEY, None)
    return render(
        request,
        "accounts/two_factor_locked.html",
        {"until": user.two_factor_locked_until},
        status=429,
    )


def _second_step(
    request: HttpRequest,
    *,
    form_class: type[django_forms.Form],
    check: Callable[..., bool],
    wrong: str,
    template: str,
    signed_in_with_recovery_code: bool = False,
) -> HttpResponse:
    found = _pending_user(request)
    if found is None:
        if request.user.is_authenticated:
            return redirect("home")
        messages.info(request, "Sign in again to continue.")
        return redirect("accounts:login")
    user, state = found
    if AxesProxyHandler.is_locked(request, {"username": user.email}):
        request.session.pop(two_factor.PENDING_KEY, None)
        return lockout(request)
    if user.second_step_locked:
        return second_step_locked(request, user)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if check(user=user, code=form.cleaned_data["code"]):
            if signed_in_with_recovery_code:
                _warn_about_recovery_codes(request, user)
            return _finish_sign_in(request, user, state)
        _refuse(request, user, form, wrong)
        if user.second_step_locked:
            return second_step_locked(request, user)
    return render(request, template, {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_challenge(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the person's app."""
    return _second_step(
        request,
        form_class=forms.CodeForm,
        check=services.two_factor_verify,
        wrong=(
            "That code did not work. Codes change every 30 seconds and each works once: "
            "wait for a new one and type it."
        ),
        template="accounts/two_factor_challenge.html",
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """The second step with a recovery code, for someone without their phone."""
    return _second_step(
        request,
        form_class=forms.RecoveryCodeForm,
        check=services.recovery_code_use,
        wrong="That recovery code did not work. Check it, or try another one: each works once.",
        template="accounts/two_factor_recovery.html",
        signed_in_with_recovery_code=True,
    )


def _warn_about_recovery_codes(request: HttpRequest, user: User) -> None:
    left = user.recovery_codes.unused().count()
    messages.warning(
        request,
        f"You have {left} recovery code{'' if left == 1 else 's'} left. If you have lost "
        "your phone, turn two-factor authentication off on your account page and set it "
        "up again: that also gives you new recovery codes.",
    )


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then type the
    password again and a code.

    The secret stays in the session until a code proves the app has it, so the
    page shows the same QR code after a mistake. A wrong password changes nothing
    and counts towards the sign-in lockout.
    """
    user = request.user
    if user.has_two_factor:
        messages.info(request, "Two-factor authentication is already set up.")
        return redirect("accounts:account")
    secret = request.session.get(two_factor.SETUP_SECRET_KEY)
    if not secret:
        secret = request.session[two_factor.SETUP_SECRET_KEY] = two_factor.new_secret()
    form = forms.TwoFactorSetupForm(
        request.POST if request.method == "POST" else None, user=user, request=request
    )
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_enable(user=user, secret=secret, code=form.cleaned_data["code"])
        if codes is not None:
            # Setting it up changes the session hash: keep this session, end the others.
            update_session_auth_hash(request, user)
            request.session.pop(two_factor.SETUP_SECRET_KEY, None)
            two_factor.mark_verified(request)
            request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
            return redirect("accounts:two_factor_recovery_codes")
        form.add_error(
            "code",
            "That code did not work. Check the app shows an account called "
            f"{two_factor.issuer()}, then type the code it shows now.",
        )
    uri = two_factor.provisioning_uri(email=user.email, secret=secret)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_code(uri),
            "secret": two_factor.grouped(secret),
            "issuer": two_factor.issuer(),
            "required": user.two_factor_required,
        },
    )


@open_to_finance
@require_GET
def two_factor_recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new recovery codes, shown once: they are only kept hashed."""
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes})


@open_to_finance
@require_http_methods(["GET", "POST"])
def two_factor_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn off your own two-factor authentication, after typing your password."""
    user = request.user
    if not user.has_two_factor:
        return redirect("accounts:account")
    form = forms.PasswordConfirmForm(
        request.POST if request.method == "POST" else None, user=user, request=request
    )
    if request.method == "POST" and form.is_valid():
        services.two_factor_reset(user=user, by=user)
        update_session_auth_hash(request, user)
        request.session.pop(two_factor.VERIFIED_KEY, None)
        if user.two_factor_required:
            messages.info(request, "Two-factor authentication is off. Set it up again now.")
            return redirect("accounts:two_factor_setup")
        messages.success(request, "Two-factor authentication is off")
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_reset.html", {"form": form})


@require_POST
def user_two_factor_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An admin lifts the lock on someone's second step (too many wrong codes)."""
    person = get_user_for(request, pk)
    if person.second_step_locked:
        services.two_factor_unlock(user=person, by=request.user)
        messages.success(request, f"{person.name} can type a security code again")
    return redirect("accounts:user_edit", pk=person.pk)


@require_http_methods(["GET", "POST"])
def user_two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An admin turns off someone's two-factor authentication (a lost phone)."""
    person = get_user_for(request, pk)
    if person == request.user:
        return redirect("accounts:two_factor_reset")
    if not person.has_two_factor:
        messages.info(request, f"{person.name} does not use two-factor authentication")
        return redirect("accounts:user_edit", pk=person.pk)
    if request.method == "POST":
        services.two_factor_reset(user=person, by=request.user)
        messages.success(
            request,
            f"{person.name}'s two-factor authentication is off and they are signed out. "
            "They will set it up again when they next sign in.",
        )
        return redirect("accounts:user_edit", pk=person.pk)
    return render(request, "accounts/user_two_factor_reset.html", {"person": person})

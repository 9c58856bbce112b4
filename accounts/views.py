from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import forms, services
from accounts.kept_input import keeps_input, restore_input
from accounts.models import User

# Sign in, sign out and passwords: Django's views with our forms and templates.
login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=forms.LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    form_class=forms.PasswordChangeForm,
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
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


def lockout(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """What django-axes shows once an account is locked at this address."""
    return render(request, "accounts/locked_out.html", status=429)


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """Called by the session warning's "stay signed in" button.

    Any request saves the session (SESSION_SAVE_EVERY_REQUEST), which restarts the
    idle clock; without JavaScript the button is a form that reloads the page.
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
def user_invite(request: HttpRequest) -> HttpResponse:
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

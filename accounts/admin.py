from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):  # type: ignore[misc,type-arg]
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "is_active", "uses_two_factor"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "full_name", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "display_name", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
        # Only whether it is on: the secret itself is never shown (nor in history).
        ("Two-factor", {"fields": ["uses_two_factor", "totp_changed_at"]}),
    ]
    readonly_fields = ["uses_two_factor", "totp_changed_at"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "password1", "password2"],
            },
        ),
    ]

    @admin.display(boolean=True, description="two-factor on")
    def uses_two_factor(self, user: User) -> bool:
        return user.has_two_factor


@login_not_required
def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Django admin's own sign-in would skip the second step: send people to ours."""
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


admin.site.login = admin_login  # type: ignore[method-assign]

"""What someone may do comes from their role, not from Django's superuser flag."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_superuser():
    """A member of staff who was once made a superuser in Django admin."""
    return UserFactory(role="staff", is_superuser=True, is_staff=True)


def test_a_superuser_flag_gives_no_role_permission(staff_superuser):
    assert not staff_superuser.has_perm("accounts.manage_users")
    assert not staff_superuser.has_perm("projects.export_payments")
    assert not staff_superuser.has_perm("dashboard.read_plan_reports")


def test_admins_have_their_role_permissions_superuser_or_not():
    for is_superuser in (False, True):
        admin = UserFactory(role="admin", is_superuser=is_superuser)
        assert admin.has_perm("accounts.manage_users")
        assert admin.has_perm("projects.export_payments")


def test_a_superuser_still_has_django_admins_model_permissions(staff_superuser):
    assert staff_superuser.has_perm("projects.view_project")
    assert staff_superuser.has_perm("accounts.change_user")


def test_an_inactive_account_has_no_permission_at_all():
    admin = UserFactory(role="admin", is_superuser=True, is_active=False)
    assert not admin.has_perm("accounts.manage_users")
    assert not admin.has_perm("projects.view_project")


def test_a_staff_superuser_cannot_manage_users_in_coprod(client, staff_superuser):
    client.force_login(staff_superuser)
    assert client.get(reverse("accounts:user_list")).status_code == 403

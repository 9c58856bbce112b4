from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import UserFactory
from tests.two_factor import code_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def invite(client, **overrides):
    data = {
        "full_name": "Nia New",
        "display_name": "",
        "email": "nia@example.org",
        "role": "expert",
    }
    return client.post(reverse("accounts:user_invite"), {**data, **overrides})


def test_it_invites_someone_by_email(
    admin_client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client)
    assert response.status_code == 302
    nia = User.objects.get(email="nia@example.org")
    assert nia.role == Role.EXPERT
    assert nia.invited_by == admin
    assert not nia.has_usable_password()
    assert len(mailoutbox) == 1
    assert "/account/password/reset/" in mailoutbox[0].body
    assert mailoutbox[0].to == ["nia@example.org"]


def test_an_admin_invites_a_finance_user_who_must_set_up_two_factor(admin_client):
    page = admin_client.get(reverse("accounts:user_invite")).content.decode()
    assert "Pays people: payment runs and their export. Sees nothing else." in page

    assert invite(admin_client, role="finance").status_code == 302

    fin = User.objects.get(email="nia@example.org")
    assert fin.role == Role.FINANCE
    assert fin.two_factor_required
    assert fin.sees_payments
    assert not fin.is_trust_staff
    assert not fin.reads_everything
    assert not fin.runs_projects


def test_it_explains_every_mistake_in_an_invitation_and_keeps_the_input(admin_client, staff):
    response = invite(admin_client, full_name="", email="STAFF@example.org", role="")
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter the person&#x27;s full name" in content
    assert "Someone already has an account with this email address" in content
    assert "Choose a role" in content
    assert 'value="STAFF@example.org"' in content
    assert User.objects.count() == 2


def test_it_changes_a_role(admin_client, staff):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {
            "full_name": staff.full_name,
            "display_name": "",
            "email": staff.email,
            "role": "governance",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.GOVERNANCE


def test_it_records_who_changed_an_account(admin_client, admin, staff):
    admin_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {"full_name": "Sam Renamed", "display_name": "", "email": staff.email, "role": "staff"},
    )
    latest = staff.history.first()
    assert latest.history_user == admin
    assert latest.full_name == "Sam Renamed"
    assert latest.diff_against(latest.prev_record).changed_fields == ["full_name"]


def test_it_closes_an_account_and_signs_the_person_out_everywhere(admin_client, staff):
    staff_browser = Client()
    staff_browser.force_login(staff)
    assert staff_browser.get(reverse("home")).status_code == 200
    confirm = admin_client.get(reverse("accounts:user_deactivate", args=[staff.pk]))
    assert "Close Sam Staff's account?" in confirm.content.decode()
    response = admin_client.post(reverse("accounts:user_deactivate", args=[staff.pk]))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert staff_browser.get(reverse("home")).status_code == 302


def test_it_opens_a_closed_account_again(admin_client, staff):
    staff.is_active = False
    staff.save()
    admin_client.post(reverse("accounts:user_reactivate", args=[staff.pk]))
    staff.refresh_from_db()
    assert staff.is_active


def test_it_will_not_let_an_admin_close_their_own_account(admin_client, admin):
    admin_client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_it_changes_nothing_when_someone_else_tries(client, staff, expert):
    client.force_login(staff)
    response = client.post(reverse("accounts:user_deactivate", args=[expert.pk]))
    assert response.status_code == 404
    expert.refresh_from_db()
    assert expert.is_active


def test_it_filters_people_by_role_status_and_text(admin_client, staff, expert):
    UserFactory(full_name="Closed Carol", role=Role.EXPERT, is_active=False)
    page = admin_client.get(reverse("accounts:user_list"), {"role": "expert", "status": "active"})
    names = [person.full_name for person in page.context["users"]]
    assert names == ["Eve Expert"]
    page = admin_client.get(reverse("accounts:user_list"), {"q": "carol"})
    assert [person.full_name for person in page.context["users"]] == ["Closed Carol"]


@pytest.mark.parametrize("extra_people", [3, 60])
def test_it_lists_people_in_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, extra_people
):
    UserFactory.create_batch(extra_people)
    # 1 session, 2 the signed-in user, 3 count for the paginator, 4 the page of people.
    with django_assert_num_queries(4):
        response = admin_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert len(response.context["users"]) == min(extra_people + 1, 25)


def test_it_keeps_what_was_typed_when_the_session_had_ended(client, admin, password):
    client.force_login(admin)
    client.get(reverse("accounts:user_invite"))
    Session.objects.filter(session_key=client.session.session_key).delete()
    data = {
        "full_name": "Kept Kim",
        "display_name": "",
        "email": "kim@example.org",
        "role": "staff",
    }
    response = client.post(reverse("accounts:user_invite"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # Both steps of signing in: the kept input survives the code page too.
    client.post(reverse("accounts:login"), {"username": admin.email, "password": password})
    response = client.post(reverse("accounts:two_factor_challenge"), {"code": code_now()})
    assert response["Location"] == reverse("home")
    page = client.get(reverse("accounts:user_invite"))
    content = page.content.decode()
    assert 'value="Kept Kim"' in content
    assert 'value="kim@example.org"' in content
    assert "We kept what you typed" in content
    assert not User.objects.filter(email="kim@example.org").exists()
    # Only once: a later visit starts with an empty form.
    assert 'value="Kept Kim"' not in client.get(reverse("accounts:user_invite")).content.decode()


def test_the_invitation_email_is_plain_text_without_html_escapes(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, full_name="Siobhán O'Brien", email="sob@example.org")
    assert "Hello Siobhán O'Brien," in mailoutbox[0].body
    assert "&#x27;" not in mailoutbox[0].body

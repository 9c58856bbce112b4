from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_it_signs_in_with_email_and_password(client, staff, password):
    response = sign_in(client, "Staff@Example.org ", password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_it_explains_a_wrong_password_and_keeps_the_email(client, staff):
    response = sign_in(client, "staff@example.org", "not the password")
    content = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in content
    assert "Enter a correct email address and password" in content
    assert 'value="staff@example.org"' in content
    assert "not the password" not in content
    assert SESSION_KEY not in client.session


def test_it_asks_for_both_fields(client):
    content = sign_in(client, "", "").content.decode()
    assert "Enter your email address" in content
    assert "Enter your password" in content
    assert 'href="#id_username"' in content


def test_it_locks_an_account_after_five_failures_even_with_the_right_password(
    client, staff, password
):
    for _ in range(5):
        sign_in(client, "staff@example.org", "wrong password")
    response = sign_in(client, "staff@example.org", password)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_does_not_lock_other_people_out_with_a_stranger_s_failures(
    client, staff, expert, password
):
    for _ in range(5):
        sign_in(client, "staff@example.org", "wrong password")
    assert sign_in(client, "expert@example.org", password).status_code == 302


def test_it_signs_out_only_by_post(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_it_ends_other_sessions_when_the_password_changes(client, staff, password):
    elsewhere = Client()
    elsewhere.force_login(staff)
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "a brand new long passphrase",
            "new_password2": "a brand new long passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302


def test_it_refuses_a_short_or_common_password(client, staff, password):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "password123", "new_password2": "password123"},
    )
    content = response.content.decode()
    assert "too short" in content
    assert "too common" in content


def test_it_emails_a_link_to_set_a_new_password(client, staff, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "staff@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/account/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert "Choose a password" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("another long passphrase")


def test_it_says_the_same_thing_for_an_unknown_email(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_it_puts_one_error_summary_above_the_heading(client):
    content = sign_in(client, "", "").content.decode()
    assert content.count('class="nhsuk-error-summary"') == 1
    assert content.index("nhsuk-error-summary") < content.index("<h1>Sign in</h1>")

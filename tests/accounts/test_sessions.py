"""Sessions end when they should: after an idle hour, a fixed time after signing in
however active, and everywhere else when the password changes or the account closes."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.activity import SIGNED_IN_AT_KEY
from accounts.models import User
from core.activity import ACTIVE_COOKIE
from tests.activity import last_request_ago, seconds_since_last_request

pytestmark = pytest.mark.django_db


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_the_idle_limit_is_an_hour_and_each_request_restarts_it(client, staff):
    assert settings.SESSION_IDLE_SECONDS == 60 * 60
    client.force_login(staff)
    last_request_ago(client, 59 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    # The response restarts the clock: the cookie now says "just now".
    assert abs(seconds_since_last_request(client)) < 60
    last_request_ago(client, 59 * 60)
    assert client.get(reverse("projects:project_list")).status_code == 200


def test_an_idle_session_has_ended(client, staff):
    client.force_login(staff)
    key = client.session.session_key
    last_request_ago(client, 60 * 60 + 1)
    assert sent_to_sign_in(client.get(reverse("home")))
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "You were signed out because nothing happened for 60 minutes" in page


def test_a_page_that_does_not_exist_does_not_revive_an_idle_session(client, staff):
    client.force_login(staff)
    last_request_ago(client, 60 * 60 + 1)
    assert client.get("/no-such-page/").status_code == 404
    assert SESSION_KEY not in client.session
    assert sent_to_sign_in(client.get(reverse("home")))


def test_an_activity_cookie_of_another_session_or_forged_proves_nothing(client, staff):
    """Moved from another session, or made up, the cookie does not verify: the
    clock starts now rather than trusting it, so an idle session cannot be passed
    off as a fresh one with an old cookie, nor a fresh one ended by a forged one."""
    other = Client()
    other.force_login(staff)
    last_request_ago(other, 60 * 60 + 1)
    client.force_login(staff)
    client.cookies[ACTIVE_COOKIE] = other.cookies[ACTIVE_COOKIE].value
    assert client.get(reverse("home")).status_code == 200
    client.cookies[ACTIVE_COOKIE] = f"{time.time() - 7200:.0f}:forged"
    assert client.get(reverse("home")).status_code == 200
    assert abs(seconds_since_last_request(client)) < 60


def test_reading_pages_writes_nothing_to_the_session_table(client, staff):
    client.force_login(staff)
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    for name in ("home", "projects:project_list", "accounts:account"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        assert session_writes(queries) == [], name
    assert Session.objects.get(session_key=client.session.session_key).expire_date == expiry


def test_a_form_sent_after_the_idle_limit_keeps_what_was_typed(client, admin):
    client.force_login(admin)
    client.get(reverse("home"))
    last_request_ago(client, 60 * 60 + 1)
    data = {
        "full_name": "Idle Ida",
        "display_name": "",
        "email": "ida@example.org",
        "role": "staff",
    }
    assert sent_to_sign_in(client.post(reverse("accounts:user_invite"), data))
    assert client.session["kept_input"]["data"]["full_name"] == ["Idle Ida"]
    assert client.session["kept_input"]["owner"] == admin.pk


def test_a_session_ends_a_fixed_time_after_signing_in_however_last_request_ago(client, staff):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    client.force_login(staff)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    started = session[SIGNED_IN_AT_KEY]
    assert abs(started - time.time()) < 60
    session[SIGNED_IN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    assert client.get(reverse("home")).status_code == 200  # a minute to go
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    assert sent_to_sign_in(client.get(reverse("home")))
    assert SESSION_KEY not in client.session
    page = client.get(reverse("accounts:login")).content.decode()
    assert "You were signed out because you signed in more than 12 hours ago" in page


def test_a_form_sent_after_the_fixed_limit_keeps_what_was_typed(client, admin, password):
    client.force_login(admin)
    client.get(reverse("home"))
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    data = {
        "full_name": "Late Lee",
        "display_name": "",
        "email": "lee@example.org",
        "role": "staff",
    }
    assert sent_to_sign_in(client.post(reverse("accounts:user_invite"), data))
    assert client.session["kept_input"]["data"]["full_name"] == ["Late Lee"]


def test_closing_an_account_ends_its_sessions_on_their_next_request(client, staff):
    client.force_login(staff)
    elsewhere = Client()
    elsewhere.force_login(staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert sent_to_sign_in(client.get(reverse("home")))
    assert sent_to_sign_in(elsewhere.get(reverse("projects:project_list")))


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, staff, password):
    elsewhere = Client()
    elsewhere.force_login(staff)
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "an entirely new passphrase",
            "new_password2": "an entirely new passphrase",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(reverse("home")).status_code == 200
    assert sent_to_sign_in(elsewhere.get(reverse("home")))


def test_setting_a_password_from_an_emailed_link_ends_every_session(client, staff, mailoutbox):
    signed_in = Client()
    signed_in.force_login(staff)
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    assert sent_to_sign_in(signed_in.get(reverse("home")))

"""Input kept across a time-out: only what may be kept, and only for its owner."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.activity import SIGNED_IN_AT_KEY
from accounts.kept_input import KEEP_FOR_SECONDS, OWNER_COOKIE, SESSION_KEY
from accounts.models import Role, User
from tests.factories import UserFactory
from tests.two_factor import code_now, set_up_two_factor

pytestmark = pytest.mark.django_db

INVITE = reverse("accounts:user_invite")
TYPED = {"full_name": "Kept Kim", "display_name": "", "email": "kim@example.org", "role": "staff"}


@pytest.fixture
def other_admin(db) -> User:
    return set_up_two_factor(
        UserFactory(email="other.admin@example.org", full_name="Ola Admin", role=Role.ADMIN)
    )


def sign_in(client: Client, user: User, password: str) -> None:
    """Both steps, through the real pages, as after a time-out."""
    client.post(reverse("accounts:login"), {"username": user.email, "password": password})
    response = client.post(reverse("accounts:two_factor_challenge"), {"code": code_now()})
    assert response["Location"] == reverse("home")


def idle_time_out(client: Client, user: User) -> None:
    """Signed in and using the site, then the session passes its idle limit."""
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )


def offered(client: Client) -> bool:
    page = client.get(INVITE).content.decode()
    return 'value="Kept Kim"' in page or "We kept what you typed" in page


def test_it_never_keeps_passwords(client, admin):
    idle_time_out(client, admin)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "old secret", "new_password1": "x", "new_password2": "x"},
    )
    assert SESSION_KEY not in client.session


def test_it_keeps_nothing_for_a_view_that_did_not_ask(client, admin, world):
    idle_time_out(client, admin)
    url = reverse("projects:person_equality", args=[world["person"].pk])
    client.post(url, {"ethnicity": "mixed"})
    assert SESSION_KEY not in client.session


def test_it_drops_input_kept_too_long_ago(client, admin, password):
    idle_time_out(client, admin)
    client.post(INVITE, TYPED)
    session = client.session
    session[SESSION_KEY]["kept_at"] = time.time() - KEEP_FOR_SECONDS - 1
    session.save()
    sign_in(client, admin, password)
    assert not offered(client)


def test_input_kept_after_an_idle_time_out_goes_back_to_the_same_account(client, admin, password):
    idle_time_out(client, admin)
    client.post(INVITE, TYPED)
    assert client.session[SESSION_KEY]["owner"] == admin.pk
    sign_in(client, admin, password)
    assert offered(client)


def test_another_account_signing_in_after_an_idle_time_out_never_sees_it(
    client, admin, other_admin, password
):
    idle_time_out(client, admin)
    assert client.post(INVITE, TYPED)["Location"].startswith(reverse("accounts:login"))
    sign_in(client, other_admin, password)
    assert not offered(client)
    # Dropped, not held back: the owner signing in later on this browser gets nothing.
    client.post(reverse("accounts:logout"))
    sign_in(client, admin, password)
    assert not offered(client)


def test_another_account_signing_in_after_the_absolute_limit_never_sees_it(
    client, admin, other_admin, password
):
    client.force_login(admin)
    client.get(reverse("home"))
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    # The session itself says whose input it is, with or without the browser's marker.
    del client.cookies[OWNER_COOKIE]
    assert client.post(INVITE, TYPED)["Location"].startswith(reverse("accounts:login"))
    assert client.session[SESSION_KEY]["owner"] == admin.pk
    sign_in(client, other_admin, password)
    assert not offered(client)


def test_input_nobody_owns_is_not_kept(client, admin, password):
    """Sent from a browser where nobody was signed in: it could be anyone's."""
    client.post(INVITE, TYPED)
    assert SESSION_KEY not in client.session
    sign_in(client, admin, password)
    assert not offered(client)


def test_input_sent_after_signing_out_on_purpose_is_not_kept(client, admin):
    client.force_login(admin)
    client.get(reverse("home"))
    client.post(reverse("accounts:logout"))
    client.post(INVITE, TYPED)
    assert SESSION_KEY not in client.session


def test_a_marker_that_is_not_ours_names_nobody(client, admin):
    idle_time_out(client, admin)
    client.cookies[OWNER_COOKIE] = str(admin.pk)  # unsigned, as someone might try
    client.post(INVITE, TYPED)
    assert SESSION_KEY not in client.session


def test_the_marker_is_kept_from_scripts_and_renewed_only_now_and_then(client, admin):
    client.force_login(admin)
    first = client.get(reverse("home"))
    assert first.cookies[OWNER_COOKIE]["httponly"]
    assert first.cookies[OWNER_COOKIE]["samesite"] == "Lax"
    assert OWNER_COOKIE not in client.get(reverse("home")).cookies

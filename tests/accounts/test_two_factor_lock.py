"""Guessing the second step is capped per account, wherever the guesses come from.

django-axes locks an account at one address after five failures; these tests send
each guess from a different address, so only the per-account lock can stop them.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import time_format

from accounts import two_factor
from accounts.models import User
from accounts.services import recovery_codes_replace
from tests.two_factor import code_now

pytestmark = pytest.mark.django_db

CHALLENGE = reverse("accounts:two_factor_challenge")
RECOVERY = reverse("accounts:two_factor_recovery")
WRONG = "000000" if code_now() != "000000" else "111111"
LOCKED = "You cannot type a security code for now"


def from_address(number: int) -> Client:
    return Client(REMOTE_ADDR=f"203.0.113.{number}")


def guess(user: User, password: str, *, address: int, code: str = WRONG, url: str = CHALLENGE):
    """Right password, then one code, from a fresh browser at its own address."""
    client = from_address(address)
    client.post(reverse("accounts:login"), {"username": user.email, "password": password})
    return client, client.post(url, {"code": code})


def security_events(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "accounts.security"]


def locked_until(user: User) -> str:
    user.refresh_from_db()
    return time_format(timezone.localtime(user.two_factor_locked_until), "H:i")


def test_five_wrong_codes_from_five_addresses_lock_the_second_step(
    admin, password, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO)
    for address in range(4):
        _, response = guess(admin, password, address=address)
        assert "That code did not work" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client, response = guess(admin, password, address=4)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert two_factor.PENDING_KEY not in client.session
    admin.refresh_from_db()
    assert admin.second_step_locked
    minutes = (admin.two_factor_locked_until - timezone.now()).total_seconds() / 60
    assert 14 < minutes <= 15
    assert f"until {locked_until(admin)}" in response.content.decode()
    # Recorded in the account's history, logged, and the person is told by email.
    assert admin.history.first().history_change_reason == "Second step locked after 5 wrong codes"
    assert any(
        event.startswith(f"event=two_factor_locked_out user_id={admin.pk} until=")
        for event in security_events(caplog)
    )
    assert [email.to for email in mailoutbox] == [[admin.email]]
    body = mailoutbox[0].body
    assert f"no code will be accepted until {locked_until(admin)}" in body
    assert reverse("accounts:password_reset") in body


def test_a_right_code_is_refused_until_the_lock_runs_out(admin, password):
    for address in range(5):
        guess(admin, password, address=address)
    client, response = guess(admin, password, address=9, code=code_now())
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    # The code page refuses at once, before any code is typed.
    client.post(reverse("accounts:login"), {"username": admin.email, "password": password})
    assert client.get(CHALLENGE).status_code == 429

    User.objects.filter(pk=admin.pk).update(
        two_factor_locked_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    client, response = guess(admin, password, address=10, code=code_now(offset=1))
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(admin.pk)


def test_recovery_codes_count_as_codes(admin, password):
    codes = recovery_codes_replace(user=admin)
    for address in range(3):
        guess(admin, password, address=address)
    for address in range(3, 5):
        guess(admin, password, address=address, code="aaaa-bbbb-cccc", url=RECOVERY)
    client, response = guess(admin, password, address=5, code=codes[0], url=RECOVERY)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert admin.recovery_codes.unused().count() == 10


def test_a_right_code_starts_the_count_again(admin, password):
    for address in range(4):
        guess(admin, password, address=address)
    guess(admin, password, address=4, code=code_now())
    for address in range(5, 9):
        guess(admin, password, address=address)
    admin.refresh_from_db()
    assert not admin.second_step_locked
    assert admin.two_factor_failures == 4


def test_an_admin_sees_the_lock_and_lifts_it(client, admin, governance, password, caplog):
    for address in range(5):
        guess(governance, password, address=address)
    client.force_login(admin)
    listed = client.get(reverse("accounts:user_list")).content.decode()
    assert "Second step locked" in listed
    edit = reverse("accounts:user_edit", args=[governance.pk])
    page = client.get(edit).content.decode()
    assert f"second step is locked until {locked_until(governance)}" in page
    caplog.set_level(logging.INFO)

    response = client.post(reverse("accounts:user_two_factor_unlock", args=[governance.pk]))

    assert response["Location"] == edit
    governance.refresh_from_db()
    assert not governance.second_step_locked
    latest = governance.history.first()
    assert latest.history_user == admin
    assert latest.history_change_reason == f"Second step unlocked by an admin (user {admin.pk})"
    assert (
        f"event=two_factor_unlocked user_id={governance.pk} by_user_id={admin.pk}"
        in security_events(caplog)
    )
    assert "Second step locked" not in client.get(edit).content.decode()
    _, response = guess(governance, password, address=20, code=code_now())
    assert response["Location"] == reverse("home")

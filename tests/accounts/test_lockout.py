"""Lockout: five failed sign-ins for one account from one address stop any more for
30 minutes, with a logged security event and a plain-English page.

Why account *and* address together (django-axes `[["username", "ip_address"]]`):
a lock on the account alone would let anyone lock out any admin by typing their
email five times; a lock on the address alone would lock out a whole ward or trust
behind one shared internet address after five typing mistakes by different people.
"""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def fail_five_times(client: Client, email: str, address: str = "192.0.2.10") -> None:
    for _ in range(5):
        sign_in(client, email, "not the password", address)


def security_events(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "accounts.security"]


def test_the_limit_is_five_failures_for_30_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_still_let_the_right_password_in(client, staff, password):
    for _ in range(4):
        sign_in(client, staff.email, "not the password")
    assert sign_in(client, staff.email, password)["Location"] == reverse("home")


def test_the_fifth_failure_locks_the_account_and_logs_an_event(client, staff, password, caplog):
    caplog.set_level(logging.INFO)
    fail_five_times(client, staff.email)
    assert f"event=sign_in_locked_out user_id={staff.pk}" in security_events(caplog)
    # The record of the failures, with the address, is kept for whoever investigates.
    attempt = AccessAttempt.objects.get(username=staff.email)
    assert (attempt.ip_address, attempt.failures_since_start) == ("192.0.2.10", 5)
    assert "not the password" not in attempt.post_data

    response = sign_in(client, staff.email, password)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_locked_page_says_what_happened_in_plain_english(client, staff):
    fail_five_times(client, staff.email)
    response = sign_in(client, staff.email, "anything")
    content = response.content.decode()
    assert "<title>Your account is locked for now" in content
    assert "we have stopped any more for 30 minutes" in content
    assert "set a new password" in content
    assert "If you did not try to sign in, tell your admin" in content
    # Not the library's own wording.
    assert "Account locked" not in content
    assert "too many login attempts" not in content.lower()


def test_an_unknown_email_is_locked_the_same_way(client, caplog):
    caplog.set_level(logging.INFO)
    fail_five_times(client, "nobody@example.org")
    assert sign_in(client, "nobody@example.org", "anything").status_code == 429
    assert "event=sign_in_locked_out user_id=unknown" in security_events(caplog)


def test_it_locks_the_account_at_that_address_not_everywhere(client, staff, password):
    fail_five_times(client, staff.email, address="192.0.2.10")
    response = sign_in(Client(), staff.email, password, address="198.51.100.7")
    assert response["Location"] == reverse("home")


def test_the_lock_lifts_after_30_minutes(client, staff, password):
    fail_five_times(client, staff.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=31))
    assert sign_in(client, staff.email, password)["Location"] == reverse("home")


def test_behind_a_proxy_the_lock_is_at_the_clients_address_not_the_proxys(
    client, staff, password, settings
):
    """Every request reaches us from the proxy's address: without reading the hop
    it added to X-Forwarded-For, one person's typing mistakes would lock the
    account for everyone behind the same proxy."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(a_client: Client, password: str, client_address: str):
        return a_client.post(
            reverse("accounts:login"),
            {"username": staff.email, "password": password},
            REMOTE_ADDR="10.0.0.2",
            # A caller may write anything in front; the proxy appends what it saw.
            HTTP_X_FORWARDED_FOR=f"203.0.113.99, {client_address}",
        )

    for _ in range(5):
        through_proxy(client, "not the password", "192.0.2.10")
    assert through_proxy(client, password, "192.0.2.10").status_code == 429
    assert AccessAttempt.objects.get(username=staff.email).ip_address == "192.0.2.10"
    elsewhere = through_proxy(Client(), password, "198.51.100.7")
    assert elsewhere["Location"] == reverse("home")

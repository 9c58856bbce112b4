from __future__ import annotations

import time

import pytest
from django.urls import reverse

from accounts.kept_input import KEEP_FOR_SECONDS, SESSION_KEY

pytestmark = pytest.mark.django_db


def test_it_never_keeps_passwords(client):
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "old secret", "new_password1": "x", "new_password2": "x"},
    )
    assert SESSION_KEY not in client.session


def test_it_keeps_nothing_for_a_view_that_did_not_ask(client, world):
    url = reverse("projects:person_equality", args=[world["person"].pk])
    client.post(url, {"ethnicity": "mixed"})
    assert SESSION_KEY not in client.session


def test_it_drops_input_kept_too_long_ago(client, admin, password):
    client.post(reverse("accounts:user_invite"), {"full_name": "Old Olive"})
    session = client.session
    session[SESSION_KEY]["kept_at"] = time.time() - KEEP_FOR_SECONDS - 1
    session.save()
    client.post(reverse("accounts:login"), {"username": admin.email, "password": password})
    page = client.get(reverse("accounts:user_invite")).content.decode()
    assert "Old Olive" not in page
    assert "We kept what you typed" not in page

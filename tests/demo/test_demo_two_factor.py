"""The demo's admin and governance lead sign in with two-factor, as in real use."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse

from accounts import two_factor
from accounts.models import Role, User
from demo.cast import DEMO_PASSWORD, DEMO_TWO_FACTOR_SECRET
from tests.two_factor import code_now

pytestmark = pytest.mark.django_db


def test_the_demo_prints_a_key_and_recovery_codes_that_work(client):
    """One test, as building the demo takes half a minute."""
    out = StringIO()
    call_command("demo_data", stdout=out)
    output = out.getvalue()
    assert two_factor.grouped(DEMO_TWO_FACTOR_SECRET) in output
    codes = dict(re.findall(r"^  (Admin|Governance lead|Finance) +(\S+),", output, re.MULTILINE))
    assert set(codes) == {"Admin", "Governance lead", "Finance"}
    admin = User.objects.get(email=re.search(r"(admin@\S+)", output).group(1))
    assert two_factor.decrypt_secret(admin.totp_secret) == DEMO_TWO_FACTOR_SECRET

    client.post(reverse("accounts:login"), {"username": admin.email, "password": DEMO_PASSWORD})
    response = client.post(reverse("accounts:two_factor_recovery"), {"code": codes["Admin"]})
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(admin.pk)

    # The finance login signs in with its password and a code from the demo key,
    # and starts at the payment runs, with something to pay.
    client.logout()
    finance = User.objects.get(role=Role.FINANCE)
    assert finance.email in output
    client.post(reverse("accounts:login"), {"username": finance.email, "password": DEMO_PASSWORD})
    response = client.post(
        reverse("accounts:two_factor_challenge"), {"code": code_now(DEMO_TWO_FACTOR_SECRET)}
    )
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("projects:payment_run_list")
    page = client.get(reverse("projects:payment_run_list")).content.decode()
    assert re.search(r"\d+ payments? (is|are) due", page)

    # Only the printed logins have the demo key.
    with_key = User.objects.exclude(totp_secret="")
    assert set(with_key.values_list("role", flat=True)) == {
        Role.ADMIN,
        Role.GOVERNANCE,
        Role.FINANCE,
    }
    assert with_key.count() == 3
    # The other governance lead is asked to set it up, as a new one would be.
    assert User.objects.filter(role=Role.GOVERNANCE, totp_secret="").exists()

"""Personal API tokens on the account page: made with a name and an expiry, shown
once, kept hashed, listed with their last use, revocable; two-factor first."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import two_factor
from accounts.models import ApiToken
from tests.two_factor import set_up_two_factor


def make(client, name="Board report", days="90"):
    return client.post(reverse("accounts:api_token_create"), {"name": name, "days": days})


@pytest.mark.django_db
def test_a_token_is_shown_once_and_kept_only_as_a_hash(client, staff):
    client.force_login(staff)
    response = make(client)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("coprod_")
    assert len(secret) > 40
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == staff
    assert token.name == "Board report"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {value for value in vars(token).values() if isinstance(value, str)}
    assert token.hint == secret[:11]
    expected = timezone.now() + datetime.timedelta(days=90)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    # The account page lists it, never the token itself.
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Board report" in page
    assert token.hint in page
    assert "Never" in page
    assert secret not in page
    # And the history has no hash either.
    assert not hasattr(token.history.get(), "token_hash")


@pytest.mark.django_db
def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    response = make(client, name="   ", days="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter a name for the token"]
    assert errors["days"] == ["Choose how long the token should work"]
    assert not ApiToken.objects.exists()
    response = make(client, name="Board report", days="3650")
    assert response.context["form"].errors["days"] == ["Choose how long the token should work"]
    assert 'value="Board report"' in response.content.decode()


@pytest.mark.django_db
def test_a_revoked_token_stops_working_at_once(client, staff):
    client.force_login(staff)
    secret = make(client).context["secret"]
    token = ApiToken.objects.get()
    api = reverse("api:services")
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.status == "Revoked"
    client.logout()
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


@pytest.mark.django_db
def test_the_list_shows_last_use_and_expiry(client, staff):
    client.force_login(staff)
    secret = make(client, days="30").context["secret"]
    client.get(reverse("api:services"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    page = client.get(reverse("accounts:account")).content.decode()
    assert f"{token.last_used_at:%-d %B %Y}" in page
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save()
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Expired" in page
    assert reverse("accounts:api_token_revoke", args=[token.pk]) not in page


@pytest.mark.django_db
def test_someone_with_two_factor_makes_a_token_only_from_a_session_that_passed_it(client, staff):
    set_up_two_factor(staff)
    client.force_login(staff)  # passes the second step (tests/conftest.py): undo that
    session = client.session
    del session[two_factor.VERIFIED_KEY]
    session.save()
    # Signed in without the second step: sent to sign in again, no token made.
    response = make(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()
    client.force_login(staff)
    assert client.session[two_factor.VERIFIED_KEY] is True
    assert make(client).status_code == 200
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_finance_is_not_offered_a_token(client, finance):
    client.force_login(finance)
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    assert reverse("accounts:api_token_create") not in page.content.decode()
    assert make(client).status_code == 403
    assert not ApiToken.objects.exists()

"""CSRF is enforced on every URL: a POST without a token is refused and changes nothing.

Every named URL in the access matrix is posted to, as a persona the matrix lets
in, by a client that enforces CSRF checks the way a browser-facing server does.
Without a token the answer is 403 and no table gains or loses a row; with the
token from the page's cookie the same POST gets past the CSRF check.
"""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access import CASES, NOT_POSTABLE, ROLES, SIGN_IN, Case, api_url

pytestmark = pytest.mark.django_db

# The read API signs nobody in by cookie: it reads a token from the Authorization
# header, which a browser never adds to a request by itself, so a forged request
# carries nothing to forge with. It answers a session's POST 401 and a token's 405
# (test_url_access.py); `test_the_api_takes_no_session_so_no_csrf_is_needed` checks
# the first here.
NO_SESSION = frozenset(name for name in CASES if api_url(name))
SESSION_URLS = sorted(set(CASES) - NO_SESSION)

CSRF_LOGGER = "django.security.csrf"


def authorised_role(case: Case) -> str:
    """A persona the matrix lets through: one that gets the page, else one sent on.
    Signed-in personas first, so a page open to all is posted to with a session."""
    roles = [*(role for role in ROLES if role != "anonymous"), "anonymous"]
    for wanted in (200, 302):
        for role in roles:
            expected = case.status_for(role)
            if expected != SIGN_IN and (
                expected == wanted or (isinstance(expected, frozenset) and wanted in expected)
            ):
                return role
    raise AssertionError("No persona may use this URL; the access matrix is wrong")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def signed_in_client(world: dict, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if world[role] is not None:
        client.force_login(world[role])
    return client


def csrf_token(client: Client, url: str, role: str) -> str:
    """The token a browser would hold after opening the page (or, for a POST-only
    URL, after opening any form page)."""
    client.get(url)
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get(reverse("accounts:login" if role == "anonymous" else "accounts:password_change"))
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def csrf_refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == CSRF_LOGGER]


@pytest.mark.parametrize("url_name", SESSION_URLS)
def test_a_post_without_a_token_is_refused_and_changes_nothing(world, caplog, url_name):
    case = CASES[url_name]
    role = authorised_role(case)
    url = reverse(url_name, kwargs=case.kwargs(world))
    client = signed_in_client(world, role)
    before = row_counts()

    response = client.post(url, case.data(world))

    assert response.status_code == 403, f"{url_name} as {role}"
    assert "This form has expired" in response.content.decode()
    assert csrf_refusals(caplog), "the refusal was not logged as a CSRF failure"
    assert row_counts() == before


@pytest.mark.parametrize("url_name", SESSION_URLS)
def test_a_post_with_the_token_gets_past_the_check(world, caplog, url_name):
    case = CASES[url_name]
    role = authorised_role(case)
    url = reverse(url_name, kwargs=case.kwargs(world))
    client = signed_in_client(world, role)
    token = csrf_token(client, url, role)
    caplog.clear()

    response = client.post(url, {**case.data(world), "csrfmiddlewaretoken": token})

    assert not csrf_refusals(caplog), f"{url_name} as {role}: {csrf_refusals(caplog)}"
    assert response.status_code != 500
    if url_name in NOT_POSTABLE:
        assert response.status_code == 405, (
            f"{url_name} accepts POST ({response.status_code}): test it, remove it from NOT_POSTABLE (tests/access.py)"
        )
    else:
        assert response.status_code != 405, (
            f"{url_name} refuses POST: add it to NOT_POSTABLE (tests/access.py) with a reason"
        )


def test_not_postable_names_only_real_urls():
    assert set(NOT_POSTABLE) <= set(CASES)


@pytest.mark.parametrize("url_name", sorted(NO_SESSION))
def test_the_api_takes_no_session_so_no_csrf_is_needed(world, url_name):
    """A signed-in browser's POST (or GET) to the API is not signed in there."""
    case = CASES[url_name]
    url = reverse(url_name, kwargs=case.kwargs(world))
    client = signed_in_client(world, "admin")
    before = row_counts()
    assert client.post(url, case.data(world)).status_code == 401
    assert client.get(url).status_code == 401
    assert row_counts() == before

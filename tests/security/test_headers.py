"""Security headers on every kind of response: pages, redirects, forms with errors,
the sign-in steps, every error page, JSON and static files.

`tests/coprod/test_shell.py` checks the ordinary page, 403, 404 and 500 in detail
(and the CSP nonce on every script); `tests/coprod/test_settings.py` runs
`check --deploy`. Here each response kind the product can give is listed once,
with production's HTTPS settings on, so HSTS is checked too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory
from tests.two_factor import set_up_two_factor

pytestmark = pytest.mark.django_db

HSTS = "max-age=31536000; includeSubDomains; preload"


@pytest.fixture(autouse=True)
def _production_https(settings) -> None:
    """What DEBUG=false turns on (see settings.py); requests below are made over HTTPS."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def assert_headers(response) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    # Scripts only from our own origin, plus the page's nonce when it has inline ones.
    assert re.search(r"script-src 'self'( 'nonce-[\w+/=-]+')?;", policy), policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert headers.get("Strict-Transport-Security") == HSTS
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "same-origin"
    assert "camera=()" in headers.get("Permissions-Policy", "")
    assert headers.get("X-Frame-Options") == "DENY"


def halfway_signed_in(client: Client, password: str) -> None:
    admin = set_up_two_factor(UserFactory(role=Role.ADMIN))
    client.post(
        reverse("accounts:login"), {"username": admin.email, "password": password}, secure=True
    )


def new_admin_signed_in(client: Client, password: str) -> None:
    admin = UserFactory(role=Role.ADMIN)
    client.post(
        reverse("accounts:login"), {"username": admin.email, "password": password}, secure=True
    )


def locked_out(client: Client, staff, password: str):
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": staff.email, "password": "no"}, secure=True
        )
    return client.post(
        reverse("accounts:login"), {"username": staff.email, "password": password}, secure=True
    )


# name: (what to do, expected status)
RESPONSES: dict[str, tuple[Callable, int]] = {
    "sign-in page": (lambda c, w, p: c.get(reverse("accounts:login"), secure=True), 200),
    "sign-in with errors": (
        lambda c, w, p: c.post(reverse("accounts:login"), {}, secure=True),
        200,
    ),
    "redirect to sign in": (lambda c, w, p: c.get(reverse("home"), secure=True), 302),
    "two-factor code page": (
        lambda c, w, p: (
            halfway_signed_in(c, p),
            c.get(reverse("accounts:two_factor_challenge"), secure=True),
        )[1],
        200,
    ),
    "two-factor code with errors": (
        lambda c, w, p: (
            halfway_signed_in(c, p),
            c.post(reverse("accounts:two_factor_challenge"), {"code": "x"}, secure=True),
        )[1],
        200,
    ),
    "two-factor set-up": (
        lambda c, w, p: (
            new_admin_signed_in(c, p),
            c.get(reverse("accounts:two_factor_setup"), secure=True),
        )[1],
        200,
    ),
    "two-factor set-up with errors": (
        lambda c, w, p: (
            new_admin_signed_in(c, p),
            c.post(reverse("accounts:two_factor_setup"), {"code": "1"}, secure=True),
        )[1],
        200,
    ),
    "locked out (429)": (lambda c, w, p: locked_out(c, w["staff"], p), 429),
    "form expired (403 CSRF)": (
        lambda c, w, p: Client(enforce_csrf_checks=True).post(
            reverse("accounts:login"), {}, secure=True
        ),
        403,
    ),
    "refused (403)": (
        lambda c, w, p: (
            c.force_login(w["staff"]),
            c.get(reverse("accounts:user_list"), secure=True),
        )[1],
        403,
    ),
    "not found (404)": (
        lambda c, w, p: (
            c.force_login(w["staff"]),
            c.get(reverse("projects:project_detail", args=[w["other_project"].pk]), secure=True),
        )[1],
        404,
    ),
    "wrong method (405)": (
        lambda c, w, p: (c.force_login(w["staff"]), c.post(reverse("home"), secure=True))[1],
        405,
    ),
    "bad host (400)": (
        lambda c, w, p: Client(raise_request_exception=False).get(
            "/", secure=True, HTTP_HOST="evil.example"
        ),
        400,
    ),
    "health check (JSON)": (lambda c, w, p: c.get(reverse("health"), secure=True), None),
    "CSV download": (
        lambda c, w, p: (
            c.force_login(w["staff"]),
            c.get(reverse("projects:activity_export"), secure=True),
        )[1],
        200,
    ),
}


@pytest.mark.parametrize("kind", sorted(RESPONSES))
def test_every_kind_of_response_carries_the_security_headers(client, world, password, kind):
    make, status = RESPONSES[kind]
    response = make(client, world, password)
    if status is not None:
        assert response.status_code == status
    assert_headers(response)


@pytest.mark.urls("tests.coprod.urls_broken")
def test_the_server_error_page_carries_them(staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get("/broken/", secure=True)
    assert response.status_code == 500
    assert_headers(response)


def test_static_files_carry_them(client):
    response = client.get("/static/dist/main.css", secure=True)
    assert response.status_code == 200
    assert_headers(response)

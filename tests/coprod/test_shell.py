from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response) -> None:
    for header, value in SECURITY_HEADERS.items():
        assert response.headers.get(header) == value, header
    policy = response.headers["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[\w+/=-]+'", policy), policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_it_sends_security_headers_on_an_ordinary_page(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_it_puts_the_csp_nonce_on_every_script(client):
    response = client.get(reverse("accounts:login"))
    nonce = re.search(r"'nonce-([\w+/=-]+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert len(scripts) == 3
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


@pytest.mark.django_db
def test_it_uses_a_new_nonce_for_each_response(client):
    first = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    second = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
def test_it_shows_a_styled_404_with_security_headers(client, staff):
    client.force_login(staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "nhsuk-header" in content


@pytest.mark.django_db
@pytest.mark.urls("tests.coprod.urls_broken")
def test_it_shows_a_styled_500_with_security_headers(staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert_security_headers(response)
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "nhsuk-footer" in content


@pytest.mark.django_db
def test_it_shows_a_403_page_in_the_same_style(client, staff):
    client.force_login(staff)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "<h1>You cannot do this</h1>" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        (
            "admin",
            [
                "Home",
                "Projects",
                "Ladder",
                "Growth plans",
                "Dashboard",
                "Reviews",
                "My actions",
                "Register",
                "Payments",
                "Services",
                "Accounts",
            ],
            [],
        ),
        (
            "governance",
            [
                "Home",
                "Projects",
                "Ladder",
                "Growth plans",
                "Dashboard",
                "Reviews",
                "My actions",
                "Register",
            ],
            ["Accounts", "Services", "Payments"],
        ),
        (
            "staff",
            [
                "Home",
                "Projects",
                "Ladder",
                "Growth plans",
                "Dashboard",
                "Reviews",
                "My actions",
                "Register",
                "Opportunities",
            ],
            ["Accounts", "Services", "Payments"],
        ),
        (
            "expert",
            ["Home", "Projects", "Ladder", "Reviews", "My actions", "My involvement"],
            ["Register", "Accounts", "Dashboard", "Opportunities", "Payments"],
        ),
    ],
)
def test_it_shows_a_menu_that_fits_the_role(client, personas, persona, visible, hidden):
    client.force_login(personas[persona])
    response = client.get(reverse("home"))
    menu = [item["label"] for item in response.context["navigation"]]
    assert menu == visible
    for label in hidden:
        assert label not in menu


@pytest.mark.django_db
def test_it_marks_the_current_section_in_the_menu(client, admin):
    client.force_login(admin)
    content = client.get(reverse("accounts:user_list")).content.decode()
    assert re.search(r'href="/account/people/"\s+aria-current="page"', content)


@pytest.mark.django_db
def test_it_serves_public_pages_without_signing_in(client):
    assert "Accessibility statement" in client.get(reverse("accessibility")).content.decode()
    assert "Privacy notice" in client.get(reverse("privacy")).content.decode()


@pytest.mark.django_db
def test_home_lists_the_projects_someone_belongs_to(client, world):
    client.force_login(world["co_lead"])
    content = client.get(reverse("home")).content.decode()
    assert "Better nights on Willow" in content
    assert "You lead this" in content
    client.force_login(world["outsider_expert"])
    content = client.get(reverse("home")).content.decode()
    assert "You are not part of a project yet" in content


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [2, 20])
def test_home_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, extra):
    from tests.factories import MembershipFactory, ProjectFactory

    for _ in range(extra):
        MembershipFactory(project=ProjectFactory(), user=world["staff"], role="member")
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 your projects, 4 ladder rungs to confirm.
    with django_assert_num_queries(4):
        assert client.get(reverse("home")).status_code == 200

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access import (
    CASES,
    METHODS_NOT_CHECKED,
    ROLES,
    SIGN_IN,
    Case,
    api_url,
    example_urls,
    methods_taken,
    url_patterns,
)
from tests.api.tokens import token_for

REFUSED = {SIGN_IN, 401, 403, 404}
OTHER_METHODS = ("get", "post", "put", "patch", "delete")


def test_it_has_an_access_case_for_every_named_url():
    missing = set(url_patterns()) - set(CASES)
    stale = set(CASES) - set(url_patterns())
    assert not missing, f"Add these URLs to tests/access.py: {sorted(missing)}"
    assert not stale, f"These URLs no longer exist: {sorted(stale)}"
    assert set(METHODS_NOT_CHECKED) <= set(CASES)


def answered_as_expected(response, expected: int | str | frozenset[int]) -> bool:
    if expected == SIGN_IN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
    if isinstance(expected, frozenset):
        return response.status_code in expected
    return response.status_code == expected


def url_as(client, world: dict, role: str, url_name: str, case: Case) -> str:
    """Signs `client` in as `role` and gives the case's address, its objects made
    afresh for each persona."""
    (url,) = example_urls(url_name, case.kwargs(world))
    client.logout()
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if world[role] is not None:
        if api_url(url_name):
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(world[role])}"
        else:
            client.force_login(world[role])
    return url


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_it_answers_each_persona_as_the_matrix_says(client, world, url_name):
    case = CASES[url_name]
    failures = []
    for role in ROLES:
        url = url_as(client, world, role, url_name, case)
        response = getattr(client, case.method)(url, case.data(world))
        expected = case.status_for(role)
        if not answered_as_expected(response, expected):
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{case.method.upper()} {url_name}: " + "; ".join(failures)


def takes_both(url_name: str) -> bool:
    return methods_taken(url_name) == {"get", "post"}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(name for name in CASES if takes_both(name)))
def test_it_refuses_a_post_from_each_persona_it_refuses_a_get(client, world, url_name):
    """A form's guard holds for the POST that would change something, not only for
    the page that shows it."""
    case = CASES[url_name]
    failures = []
    for role in ROLES:
        expected = case.status_for(role)
        if expected not in REFUSED:
            continue
        url = url_as(client, world, role, url_name, case)
        response = client.post(url, case.data(world))
        if not answered_as_expected(response, expected):
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"POST {url_name}: " + "; ".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(set(CASES) - set(METHODS_NOT_CHECKED)))
def test_it_answers_405_to_each_method_it_does_not_take(client, world, url_name):
    """Asked by every persona it lets in, so the answer is the method's, not the guard's."""
    case = CASES[url_name]
    let_in = [role for role in ROLES if case.status_for(role) not in REFUSED]
    assert let_in, f"{url_name}: the matrix lets nobody in"
    failures = []
    for role in let_in:
        url = url_as(client, world, role, url_name, case)
        for method in OTHER_METHODS:
            if method in methods_taken(url_name):
                continue
            status = getattr(client, method)(url).status_code
            if status != 405:
                failures.append(f"{method.upper()} as {role}: {status}")
    assert not failures, f"{url_name}: " + "; ".join(failures)


@pytest.mark.django_db
def test_it_keeps_django_admin_for_people_who_may_open_it(client, staff, admin):
    assert client.get("/django-admin/").status_code == 302
    client.force_login(staff)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]
    client.force_login(admin)
    admin.is_staff = True
    admin.save()
    assert client.get("/django-admin/").status_code == 200

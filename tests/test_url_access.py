from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import CASES, ROLES, SIGN_IN

# Django's own admin is guarded by its own login and `is_staff`; see test_django_admin.
SKIPPED_NAMESPACES = {"admin"}


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_it_has_an_access_case_for_every_named_url():
    missing = named_urls() - set(CASES)
    stale = set(CASES) - named_urls()
    assert not missing, f"Add these URLs to tests/access.py: {sorted(missing)}"
    assert not stale, f"These URLs no longer exist: {sorted(stale)}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_it_answers_each_persona_as_the_matrix_says(client, world, url_name):
    case = CASES[url_name]
    failures = []
    for role in ROLES:
        url = reverse(url_name, kwargs=case.kwargs(world))
        client.logout()
        if world[role] is not None:
            client.force_login(world[role])
        response = getattr(client, case.method)(url, case.data(world))
        expected = case.status_for(role)
        if expected == SIGN_IN:
            ok = response.status_code == 302 and response["Location"].startswith(
                reverse("accounts:login")
            )
        elif isinstance(expected, frozenset):
            ok = response.status_code in expected
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{case.method.upper()} {url_name}: " + "; ".join(failures)


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

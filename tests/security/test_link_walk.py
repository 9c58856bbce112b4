"""Every persona follows every link a page shows them: none may lead to a refusal.

A page that offers a link its reader will be refused (403) or that does not
exist for them (404) tells them the wrong thing about what they may do. This
walks the site breadth-first from the home page as each persona of the access
matrix, with an object behind every kind of page (the matrix's own builders
make them), and follows each internal `<a href>` and GET `<form action>`.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.access import CASES, ROLES

# Pages a walk never opens: signing out ends the walk; Django's admin has a
# guard of its own (tests/test_url_access.py).
SKIPPED_URL_NAMES = {"accounts:logout"}
SKIPPED_PREFIXES = ("/django-admin/", "/static/", "/media/")
# Enough for every kind of page, with a few objects of each, and quick.
MAX_PAGES = 400
MAX_PER_URL_NAME = 4


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        elif tag == "form" and (found.get("method") or "get").lower() == "get":
            self.hrefs.append(found.get("action") or "")


def links_on(page_url: str, html: str) -> list[str]:
    """The site-internal URLs a page links to, fragments dropped."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(f"http://testserver{page_url}", href))
        if parts.netloc != "testserver":
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def page_key(url: str) -> tuple[str, tuple, frozenset[str]] | None:
    """One visit per URL pattern, ids and set of query parameters; None to skip."""
    parts = urlsplit(url)
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("", (parts.path,), frozenset())
    if match.view_name in SKIPPED_URL_NAMES:
        return None
    params = frozenset(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return (match.view_name, tuple(sorted(match.kwargs.items())), params)


def walk(client, start: list[str]) -> tuple[int, list[str]]:
    """Breadth-first over the links shown; the refusals found, each with the
    page that offered the link."""
    queue = deque((url, "(start)") for url in start)
    seen: set[tuple] = set()
    per_name: dict[str, int] = {}
    refused = []
    visited = 0
    signed_in_as = client.session.get("_auth_user_id")
    while queue and visited < MAX_PAGES:
        url, offered_on = queue.popleft()
        key = page_key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        if per_name.get(key[0], 0) >= MAX_PER_URL_NAME and key[0]:
            continue
        per_name[key[0]] = per_name.get(key[0], 0) + 1
        response = client.get(url)
        visited += 1
        assert client.session.get("_auth_user_id") == signed_in_as, (
            f"{url} changed who is signed in"
        )
        if response.status_code in (403, 404):
            refused.append(f"{url} answers {response.status_code} (linked from {offered_on})")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append((response["Location"], offered_on))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(url, response.content.decode()):
            queue.append((link, url))
    return visited, refused


@pytest.fixture
def site(world):
    """The world of the access matrix with an object behind every kind of page:
    every GET case's builder makes the object its page needs."""
    from dashboard.models import Report
    from dashboard.reports.snapshot import report_snapshot

    for case in CASES.values():
        if case.method == "get":
            case.kwargs(world)
    # Reviews' builders make reports without the figures a built one has.
    for report in Report.objects.filter(status=Report.Status.READY).exclude(
        snapshot__has_key="version"
    ):
        report.snapshot = report_snapshot(
            plan=report.plan, start=report.period_start, last_day=report.period_end
        )
        report.save(update_fields=["snapshot"])
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_link_shown_to_a_persona_is_refused(client, site, role):
    if site[role] is not None:
        client.force_login(site[role])
    visited, refused = walk(client, [reverse("home")])
    assert visited > (3 if site[role] is None else 10), f"{role} reached only {visited} pages"
    assert not refused, f"{role} is offered links they are refused:\n" + "\n".join(refused)

"""Phones first: each role's main pages, opened at 390 px wide, pass axe-core, and
at 320 px (400% zoom of a 1280 px screen, WCAG 1.4.10 reflow) the page itself never
scrolls sideways; only a table's own focusable region may.

Each role walks the site breadth-first from the home page, following the links
it is shown, one page of each kind, with an object behind every kind of page (the
access matrix's builders make them, as in tests/security/test_link_walk.py).
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.access import CASES
from tests.browser.conftest import PHONE, assert_accessible, resize, sign_in
from tests.security.test_link_walk import links_on, page_key

pytestmark = pytest.mark.django_db(transaction=True)

REFLOW = {"width": 320, "height": 256}
# One page of each kind is enough to meet every template; the cap keeps it quick.
MAX_PAGES = 40

# Nothing on the page may stick out past the viewport except inside a scrolling region.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.body.querySelectorAll("*")]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest(".app-table-wrapper"))
        .slice(0, 5)
        .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""


@pytest.fixture
def site(world):
    for case in CASES.values():
        if case.method == "get":
            case.kwargs(world)
    return world


def walk_at_phone_width(page) -> list[str]:
    """Open each kind of page the signed-in reader is shown; return the problems."""
    queue = deque(["/"])
    seen: set[tuple] = set()
    per_name: set[str] = set()
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        key = page_key(url)
        if key is None or key in seen or key[0] in per_name:
            continue
        seen.add(key)
        per_name.add(key[0])
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in error.message:  # a CSV or PDF, not a page
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        resize(page, PHONE)
        try:
            assert_accessible(page, context=f"at {PHONE['width']} px")
        except AssertionError as failure:
            problems.append(str(failure))
        resize(page, REFLOW)
        if overflowing := page.evaluate(OVERFLOWING):
            problems.append(f"{page.url} scrolls sideways at 320 px: {overflowing}")
        resize(page, PHONE)
        queue.extend(links_on(urlpath(page.url), page.content()))
    assert visited > 3, f"only {visited} pages reached"
    return problems


def urlpath(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("role", ["anonymous", "expert", "staff", "governance", "admin"])
def test_each_roles_main_pages_pass_axe_on_a_phone(page, live_server, site, role):
    if site[role] is not None:
        sign_in(page, live_server, site[role])
    page.set_viewport_size(PHONE)
    problems = walk_at_phone_width(page)
    assert not problems, "\n".join(problems)

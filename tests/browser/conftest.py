"""Browser tests: Playwright drives Debian's Chromium against a live server.

No browser is downloaded: the launch arguments point Playwright at
/usr/bin/chromium with the flags this machine needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests import two_factor as two_factor_secret

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture
def browser_context_args(browser_context_args: dict, live_server) -> dict:
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB"}


@pytest.fixture
def csp_violations(page) -> list[str]:
    """Console messages about anything the Content Security Policy blocked."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def sign_in(page, live_server, user) -> None:
    """Start a signed-in session for `user` without typing (the login test types).

    The session counts as having passed two-factor, as after typing a code: see
    `_force_login_passes_two_factor` in tests/conftest.py.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def type_security_code(page, secret: str = two_factor_secret.SECRET, *, offset: int = 0) -> None:
    """On the code page, type the code an authenticator app would show."""
    page.get_by_label("Security code").fill(two_factor_secret.code_now(secret, offset=offset))
    with page.expect_navigation():
        page.keyboard.press("Enter")


PHONE = {"width": 390, "height": 844}


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core with the WCAG 2.2 A and AA rules at the page's own width and
    at a phone's (390 px); fail on any violation.

    Narrow screens bring their own failures (a table that scrolls sideways must
    be reachable by keyboard), so every check runs at both widths; the viewport
    is put back afterwards.
    """
    _assert_axe_passes(page, context=context)
    viewport = page.viewport_size
    if viewport is None or viewport["width"] == PHONE["width"]:
        return
    resize(page, PHONE)
    try:
        _assert_axe_passes(page, context=f"{context} at {PHONE['width']} px".strip())
    finally:
        resize(page, viewport)


def resize(page, viewport: dict) -> None:
    """Change the viewport and wait until the page has laid itself out again.

    NHS.UK's header moves the links that no longer fit into its "More" menu on the
    animation frame after a resize; until then they overflow, unstyled.
    """
    page.set_viewport_size(viewport)
    page.evaluate(
        """() => new Promise(done =>
            requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))))"""
    )


def _assert_axe_passes(page, *, context: str) -> None:
    """axe is evaluated through the DevTools protocol, so the page's own CSP stays on.
    The only exclusion is the documented NHS.UK conditional-reveal false alarm.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    results = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id,
                help: v.help,
                nodes: v.nodes
                    .filter(n => !(v.id === "aria-allowed-attr"
                        && document.querySelector(n.target[0])
                            ?.matches(".nhsuk-radios__input[aria-controls]")))
                    .map(n => n.target.join(" ") + " :: " + n.failureSummary),
            })).filter(v => v.nodes.length);
        }""",
        AXE_TAGS,
    )
    assert results == [], f"axe-core violations {context} on {page.url}: {results}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

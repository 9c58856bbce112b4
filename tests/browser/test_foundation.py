"""Whole journeys through the shell in a real browser, with axe-core on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in, type_security_code

MENUS = {
    "admin": [
        "Home",
        "Projects",
        "Ladder",
        "Growth plans",
        "Dashboard",
        "Reviews",
        "My actions",
        "Register",
    ],
    "governance": [
        "Home",
        "Projects",
        "Ladder",
        "Growth plans",
        "Dashboard",
        "Reviews",
        "My actions",
        "Register",
    ],
    "staff": [
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
    "expert": ["Home", "Projects", "Ladder", "Reviews", "My actions", "My involvement"],
}


def type_sign_in(page, email: str, password: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("persona", sorted(MENUS))
def test_each_persona_signs_in_and_sees_a_menu_for_their_role(
    page, personas, password, persona, csp_violations
):
    user = personas[persona]
    type_sign_in(page, user.email, password)
    if persona in {"admin", "governance"}:  # their roles need two-factor
        type_security_code(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.name}")
    menu = page.get_by_role("navigation", name="Menu").get_by_role("link")
    expect(menu).to_have_text(MENUS[persona])
    if persona == "admin":
        # A full menu at desktop width: the last entries move under "More".
        page.get_by_role("button", name="More").click()
        nav = page.get_by_role("navigation", name="Menu")
        for name in ("Payments", "Services", "Accounts"):
            expect(nav.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page, context=f"home for {persona}")
    assert csp_violations == []


def test_the_sign_in_page_is_accessible_empty_and_with_errors(page, db, csp_violations):
    page.goto("/account/sign-in/")
    assert_accessible(page, context="empty sign-in")
    screenshot(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    assert_accessible(page, context="sign-in with errors")
    screenshot(page, "sign-in-errors")
    # Following a link in the summary puts the cursor in the field at fault.
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert csp_violations == []


def test_a_locked_out_person_is_told_plainly(page, staff, password):
    for _ in range(5):
        type_sign_in(page, staff.email, "wrong password")
    type_sign_in(page, staff.email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked for now")
    expect(page.get_by_text("stopped any more for 30 minutes")).to_be_visible()
    assert_accessible(page, context="locked out")


def test_account_and_error_pages_are_accessible(page, live_server, admin, staff):
    sign_in(page, live_server, staff)
    for path, heading in [
        ("/account/", "Your account"),
        ("/account/password/", "Change your password"),
        ("/no-such-page/", "Page not found"),
        ("/account/people/", "You cannot do this"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, context=path)
    page.goto("/account/password/")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page, context="password change with errors")


def test_an_admin_invites_someone_using_only_the_keyboard(page, live_server, admin):
    sign_in(page, live_server, admin)
    page.goto("/account/people/")
    assert_accessible(page, context="people list")
    page.get_by_role("link", name="Invite someone").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    assert_accessible(page, context="empty invitation")
    page.get_by_role("button", name="Send invitation").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page, context="invitation with errors")
    screenshot(page, "invite-errors")
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Expert by experience").check()
    page.get_by_role("button", name="Send invitation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Invitation sent to nia@example.org")).to_be_visible()
    expect(page.get_by_role("cell", name="Nia New", exact=True)).to_be_visible()
    assert_accessible(page, context="people list after invitation")


def test_signing_in_and_out_works_with_javascript_off(
    browser, browser_context_args, staff, password
):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    page = context.new_page()
    type_sign_in(page, staff.email, "wrong")
    # axe-core needs JavaScript; these pages are checked with it on elsewhere.
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value(staff.email)
    type_sign_in(page, staff.email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {staff.name}")
    for path, heading in [("/account/", "Your account"), ("/no-such-page/", "Page not found")]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    context.close()


def test_the_session_warning_keeps_what_was_typed(page, live_server, settings, admin):
    # A session shorter than the warning period shows the warning straight away.
    settings.SESSION_IDLE_SECONDS = 240
    sign_in(page, live_server, admin)
    page.goto("/account/people/invite/")
    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(warning).to_be_visible()
    expect(stay).to_be_focused()
    assert_accessible(page, context="session warning")
    page.get_by_label("Full name").fill("Typed before the warning")
    stay.focus()
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    expect(page.get_by_label("Full name")).to_have_value("Typed before the warning")
    assert page.url.endswith("/account/people/invite/")

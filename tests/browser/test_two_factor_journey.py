"""Two-factor in a real browser: an admin is made to set it up, makes a mistake,
gets it right, signs out, and signs in again with a code. axe-core checks every
page and state, with errors too; screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import assert_accessible, screenshot, type_security_code
from tests.factories import UserFactory


def type_sign_in(page, email: str, password: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_admin_sets_up_two_factor_and_signs_in_with_a_code(page, password, csp_violations):
    admin = UserFactory(email="new.admin@example.org", full_name="Nadia New", role=Role.ADMIN)

    # Signing in with a password alone leads straight to set-up, with no menu.
    type_sign_in(page, admin.email, password)
    expect(page).to_have_url(re.compile(r"/account/two-factor/set-up/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page, context="two-factor set-up")
    screenshot(page, "two-factor-set-up")

    # Any other page sends them back.
    page.goto("/projects/")
    expect(page).to_have_url(re.compile(r"/account/two-factor/set-up/$"))

    # A wrong code: the error summary takes focus and links to the box.
    key = page.locator(".app-secret").inner_text().replace(" ", "")
    page.get_by_label("Security code").fill(
        "000000" if pyotp.TOTP(key).now() != "000000" else "111111"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That code did not work")
    expect(page).to_have_title(re.compile(r"^Error: "))
    # The same key is shown again, so the app need not be set up twice.
    expect(page.locator(".app-secret")).to_have_text(re.compile(key[:4]))
    assert_accessible(page, context="two-factor set-up with errors")
    screenshot(page, "two-factor-set-up-errors")

    # The right code, typed from the key as an app would make it.
    page.get_by_label("Security code").fill(pyotp.TOTP(key).now())
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication is on")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    assert_accessible(page, context="recovery codes")
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {admin.name}")

    # Sign out, then in again: now a code is asked for.
    page.get_by_role("button", name="Sign out").click()
    type_sign_in(page, admin.email, password)
    expect(page).to_have_url(re.compile(r"/account/two-factor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    code_box = page.get_by_label("Security code")
    expect(code_box).to_have_attribute("autocomplete", "one-time-code")
    expect(code_box).to_have_attribute("inputmode", "numeric")
    assert_accessible(page, context="two-factor code")
    screenshot(page, "two-factor-code")

    code_box.fill("12345")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("6 numbers")
    assert_accessible(page, context="two-factor code with errors")
    screenshot(page, "two-factor-code-errors")

    # The code used at set-up is spent; the app's next one is accepted.
    type_security_code(page, key, offset=1)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {admin.name}")
    assert csp_violations == []


def test_the_recovery_code_page_is_accessible_with_errors(page, admin, password):
    type_sign_in(page, admin.email, password)
    page.get_by_role("link", name=re.compile("use a recovery code")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a recovery code")
    assert_accessible(page, context="recovery code")
    page.get_by_label("Recovery code").fill("not-a-code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible(page, context="recovery code with errors")
    screenshot(page, "two-factor-recovery-errors")

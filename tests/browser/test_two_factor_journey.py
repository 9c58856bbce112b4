"""Two-factor in a real browser: an admin is made to set it up, makes a mistake,
gets it right, signs out, and signs in again with a code. axe-core checks every
page and state, with errors too; screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime
import re

import pyotp
from django.utils import timezone
from django.utils.dateformat import time_format
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import assert_accessible, screenshot, sign_in, type_security_code
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

    # The password is asked again: a wrong one is an error next to its box, and
    # nothing is turned on, even with the right code.
    key = page.locator(".app-secret").inner_text().replace(" ", "")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("Security code").fill(pyotp.TOTP(key).now())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your password is not right")
    expect(page.locator("#id_password_error")).to_contain_text("Your password is not right")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    assert_accessible(page, context="two-factor set-up with a wrong password")
    screenshot(page, "two-factor-set-up-password-error")

    # A wrong code: the error summary takes focus and links to the box.
    page.get_by_label("Your password").fill(password)
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

    # The password and the right code, typed from the key as an app would make it.
    page.get_by_label("Your password").fill(password)
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


def test_a_locked_second_step_is_explained_and_an_admin_unlocks_it(
    browser, live_server, admin, governance, password
):
    """Too many wrong codes locked the governance lead's second step (the lock
    itself is proven in tests/accounts/test_two_factor_lock.py)."""
    governance.two_factor_locked_until = timezone.now() + datetime.timedelta(minutes=15)
    governance.save(update_fields=["two_factor_locked_until"])
    until = time_format(timezone.localtime(governance.two_factor_locked_until), "H:i")

    theirs = browser.new_page(base_url=live_server.url)
    type_sign_in(theirs, governance.email, password)
    expect(theirs.get_by_role("heading", level=1)).to_have_text(
        "You cannot type a security code for now"
    )
    expect(theirs.locator("main")).to_contain_text(f"until {until}")
    assert_accessible(theirs, context="second step locked")
    screenshot(theirs, "two-factor-locked")

    page = browser.new_page(base_url=live_server.url)
    sign_in(page, live_server, admin)
    page.goto("/account/people/")
    row = page.get_by_role("row", name=re.compile(governance.full_name))
    expect(row.locator(".nhsuk-tag")).to_contain_text(["Active", "Second step locked"])
    page.goto(f"/account/people/{governance.pk}/")
    callout = page.locator(".nhsuk-warning-callout")
    expect(callout).to_contain_text(f"second step is locked until {until}")
    assert_accessible(page, context="an admin's view of a locked second step")
    screenshot(page, "people-second-step-locked")
    unlock = page.get_by_role("button", name="Unlock the second step")
    unlock.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-warning-callout")).to_have_count(0)
    expect(page.get_by_text(f"{governance.name} can type a security code again")).to_be_visible()

    type_sign_in(theirs, governance.email, password)
    type_security_code(theirs)
    expect(theirs.get_by_role("heading", level=1)).to_have_text(f"Hello, {governance.name}")

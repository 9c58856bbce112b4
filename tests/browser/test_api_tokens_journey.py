"""API tokens in a real browser: a staff member makes one by keyboard (a mistake
first), reads it once, uses it, sees its last use and revokes it; the API
reference page reads well. axe-core checks every page and state; screenshots go
to test-artifacts/."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in


def press_enter_to_submit(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_token_is_made_by_keyboard_used_and_revoked(page, live_server, world, csp_violations):
    sign_in(page, live_server, world["staff"])
    page.goto("/account/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert_accessible(page, context="account page without tokens")

    page.get_by_role("link", name="Create an API token").focus()
    press_enter_to_submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an API token")
    assert_accessible(page, context="new token form")

    # Nothing typed: both questions say what is missing; the summary takes focus.
    page.get_by_label("Name").focus()
    press_enter_to_submit(page)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a name for the token")
    expect(summary).to_contain_text("Choose how long the token should work")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("#id_name_error")).to_contain_text("Enter a name for the token")
    assert_accessible(page, context="new token form with errors")
    screenshot(page, "api-token-errors")

    # By keyboard: the link in the summary goes to the box; type; choose a lifetime.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Board report in Power BI")
    page.get_by_label("30 days").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("30 days")).to_be_checked()
    press_enter_to_submit(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    secret = page.locator("#api-token").inner_text().strip()
    assert secret.startswith("coprod_")
    expect(page.get_by_text("We will not show it again")).to_be_visible()
    assert_accessible(page, context="new token shown once")
    screenshot(page, "api-token-created")

    # The token reads the API.
    answer = page.request.get(
        f"{live_server.url}/api/v1/activities/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200
    assert answer.json()["results"][0]["title"] == "Night-time routine workshop"

    page.get_by_role("link", name="I have copied my token").click()
    table = page.get_by_role("region", name="Your API tokens")
    expect(table).to_contain_text("Board report in Power BI")
    expect(table).to_contain_text("Active")
    expect(table).not_to_contain_text("Never")  # it has been used
    assert secret not in page.content()
    assert_accessible(page, context="account page with a token")
    screenshot(page, "api-token-listed")

    page.get_by_role("button", name="Revoke Board report in Power BI").focus()
    press_enter_to_submit(page)
    expect(page.get_by_text("no longer works")).to_be_visible()
    expect(page.get_by_role("region", name="Your API tokens")).to_contain_text("Revoked")
    assert_accessible(page, context="account page after revoking")
    answer = page.request.get(
        f"{live_server.url}/api/v1/activities/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401
    assert csp_violations == []


def test_the_reference_page_reads_well_and_explains_power_bi(page, live_server, csp_violations):
    page.goto("/api/v1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coprod API reference")
    expect(page.get_by_role("heading", name="Connecting Power BI with a token")).to_be_visible()
    expect(page.get_by_text("Authorization: Bearer coprod_your-token-here")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Activities, with their rung and group")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Fields of each row").first).to_contain_text(
        "rung_label"
    )
    assert_accessible(page, context="API reference")
    screenshot(page, "api-reference")
    assert csp_violations == []

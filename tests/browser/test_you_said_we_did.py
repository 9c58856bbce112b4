"""A lead writes what changed; the people who took part are told; letters are printed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from projects.models import Telling
from tests.browser.conftest import assert_accessible, resize, screenshot, sign_in
from tests.factories import InvolvementFactory, PersonFactory


def test_a_lead_writes_what_changed_and_prints_the_letters(
    page, live_server, world, csp_violations
):
    activity = world["activity"]
    pat = PersonFactory(
        display_name="Pat", contact="post", postal_address="12 Willow Road\nLeeds\nLS1 4AB"
    )
    InvolvementFactory(activity=activity, person=pat, hours=1)
    sign_in(page, live_server, world["staff"])
    page.goto(f"/projects/activities/{activity.pk}/edit/")
    page.get_by_label("What changed because of this").fill("Lights now dim at 10pm.")
    page.get_by_role("button", name="Save changes").click()

    told = page.get_by_role("heading", name="Who has been told").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(told).to_contain_text("Pat: personal page, letter (waiting to be printed)")
    expect(told).to_contain_text("Rita: personal page")
    assert_accessible(page, context="activity page with who has been told")
    screenshot(page, "told-activity")

    page.get_by_role("link", name="Letters to print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters to print")
    expect(page.get_by_role("cell", name="Pat")).to_be_visible()
    assert_accessible(page, context="letters to print")
    screenshot(page, "told-letters")
    resize(page, {"width": 390, "height": 844})
    assert_accessible(page, context="letters to print at 390 px")
    screenshot(page, "told-letters-390")

    page.get_by_role("button", name="Print these letters").click()
    expect(page.get_by_role("alert")).to_contain_text("1 letter is ready to print")
    expect(page.get_by_text("There are no letters waiting to be printed")).to_be_visible()
    assert Telling.objects.get(person=pat, how="letter").printed_at is not None
    assert_accessible(page, context="letters printed")
    screenshot(page, "told-letters-printed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letters (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    # Printed again, should the printer jam: the batch stays on the page.
    with page.expect_download() as again:
        page.get_by_role("link", name=re.compile(r"^Download the 1 letter printed")).click()
    assert again.value.suggested_filename == download.value.suggested_filename
    assert csp_violations == []

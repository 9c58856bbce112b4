"""A person without an account on a phone, by keyboard: they open the link on
their printed letter, confirm one activity's rung, contest another with a reason
(after first sending nothing), read "you said, we did", check their tax-year
total, and change their preferred format to Easy Read. axe-core checks every
step, the error state included."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from ladder.models import Response
from personal.services import link_new
from projects.telling import what_changed_tell
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import ActivityFactory, ClassificationFactory, InvolvementFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def rita_has_things_to_do(world):
    rita = world["person"]
    first = world["activity"]
    first.what_changed = "Lights now go down at 10pm on Willow ward."
    first.save()
    what_changed_tell(activity=first, by=world["staff"])
    ClassificationFactory(activity=first)
    second = ActivityFactory(
        project=world["project"], title="Menu tasting", date=datetime.date(2025, 10, 2)
    )
    InvolvementFactory(
        activity=second,
        person=rita,
        hours=3,
        fee_paid_pence=6000,
        payment_choice="paid",
        paid_on=datetime.date(2025, 10, 20),
    )
    ClassificationFactory(activity=second, suggested_rung=5, chosen_rung=5, answers={})
    # More than the page shows: the rest are a page of their own.
    for n in range(10):
        meeting = ActivityFactory(
            project=world["project"],
            title=f"Ward meeting {n + 1}",
            date=datetime.date(2025, 11, 3) + datetime.timedelta(weeks=n),
        )
        InvolvementFactory(activity=meeting, person=rita, hours=1)
    return rita


def check(page, javascript: bool, context: str) -> None:
    if javascript:
        assert_accessible(page, context=context)


def activate(locator) -> None:
    locator.focus()
    locator.press("Enter")


# The same journey with JavaScript off; axe runs in the JavaScript run only (it is
# a script: with scripts off it never finishes), on the same pages.
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_person_without_an_account_uses_their_page_by_keyboard(
    browser, live_server, world, rita_has_things_to_do, javascript
):
    rita = rita_has_things_to_do
    letter = link_new(person=rita, by=world["staff"], given="printed")
    suffix = "" if javascript else "-nojs"
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, java_script_enabled=javascript
    )
    page = context.new_page()

    page.goto(f"/me/{letter.token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your page")
    assert letter.token not in page.url
    check(page, javascript, "the page")
    screenshot(page, f"personal-page-390{suffix}")

    # Confirm the workshop's rung.
    activate(page.get_by_role("link", name=re.compile("Night-time routine workshop")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("How we described this activity")
    check(page, javascript, "a rung to check")
    page.get_by_label("Yes, that is right").press("Space")
    activate(page.get_by_role("button", name="Send my answer"))
    expect(page.get_by_text("Thank you. We have saved your answer.")).to_be_visible()

    # Contest the menu tasting's, first sending nothing.
    activate(page.get_by_role("link", name=re.compile("Menu tasting")))
    page.get_by_label("Tell us why (optional)").fill("We only tasted what was already chosen")
    activate(page.get_by_role("button", name="Send my answer"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Tell us why (optional)")).to_have_value(
        "We only tasted what was already chosen"
    )
    check(page, javascript, "a rung, sent with no answer")
    page.get_by_label("No, I see it differently").press("Space")
    activate(page.get_by_role("button", name="Send my answer"))
    expect(page.get_by_text("Nothing is waiting for you just now")).to_be_visible()
    verdicts = dict(
        Response.objects.filter(person=rita).values_list(
            "classification__activity__title", "verdict"
        )
    )
    assert verdicts == {"Night-time routine workshop": "confirmed", "Menu tasting": "contested"}

    # You said, we did; and the tax-year total.
    said = page.locator("#you-said-we-did ~ ul").first
    expect(said).to_contain_text("Lights now go down at 10pm on Willow ward.")
    totals = page.get_by_role("table", name="Your hours and money for each tax year")
    expect(
        totals.get_by_role("row", name=re.compile("6 April 2025 to 5 April 2026"))
    ).to_contain_text("£60.00")
    check(page, javascript, "the page, all done")

    # The page shows the latest ten activities; all of them are a page away.
    expect(page.get_by_text("Menu tasting")).to_have_count(0)
    activate(page.get_by_role("link", name="See all your activities"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("All your activities")
    expect(page.get_by_role("table", name="All your activities")).to_contain_text("Menu tasting")
    check(page, javascript, "all your activities")
    activate(page.get_by_role("link", name="Back to your page", exact=True))

    # Easy Read, please.
    activate(page.get_by_role("link", name="Change your details"))
    check(page, javascript, "details")
    page.get_by_label("Easy Read").press("Space")
    activate(page.get_by_role("button", name="Save my details"))
    expect(page.get_by_role("heading", name="Things to do")).to_be_visible()
    expect(page.get_by_role("heading", name="About you", exact=True)).to_be_visible()
    check(page, javascript, "the Easy Read page")
    screenshot(page, f"personal-page-easy-read-390{suffix}")
    context.close()


def test_the_page_and_its_forms_fit_at_400_percent_zoom(
    browser, live_server, world, rita_has_things_to_do
):
    # 400% zoom of a 1280 by 1024 screen leaves 320 by 256 CSS pixels.
    zoomed = {"width": 320, "height": 256}
    letter = link_new(person=rita_has_things_to_do, by=world["staff"], given="printed")
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=zoomed)
    page = context.new_page()
    page.goto(f"/me/{letter.token}/")

    def fits(step: str) -> None:
        # Nothing spills sideways: people at high zoom only ever scroll down.
        assert page.evaluate("document.documentElement.scrollWidth") <= zoomed["width"], step
        assert_accessible(page, context=f"400% zoom, {step}")

    fits("the page")
    activate(page.get_by_role("link", name=re.compile("Menu tasting")))
    fits("a rung to check")
    activate(page.get_by_role("button", name="Send my answer"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    fits("a rung, sent with no answer")
    page.goto("/me/")
    activate(page.get_by_role("link", name="See all your activities"))
    fits("all your activities")
    page.goto("/me/")
    activate(page.get_by_role("link", name="Change your details"))
    fits("details")
    screenshot(page, "personal-details-400-percent")
    context.close()

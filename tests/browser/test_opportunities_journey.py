"""A lead posts an opportunity by keyboard, and a person without an account says
they are interested by their personal link. axe-core checks every page at desktop
width and at 390 px, the error states included."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opportunities.models import Interest, Opportunity
from personal.services import link_new
from tests.browser.conftest import PHONE, assert_accessible, resize, screenshot, sign_in
from tests.factories import OpportunityFactory

TITLE = "Design group for the ward garden"


@pytest.fixture
def panel_for_rita(world):
    """An open, paid opportunity of the project Rita took part in."""
    return OpportunityFactory(
        project=world["project"],
        title="Interview panel for a ward manager",
        rate_card=world["rate_card"],
        support=["travel", "carer_cover"],
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def activate(locator) -> None:
    locator.focus()
    locator.press("Enter")


def tick(locator) -> None:
    locator.focus()
    locator.press("Space")


def type_into(locator, text: str) -> None:
    locator.focus()
    locator.press("Control+A")
    locator.page.keyboard.type(text)


def type_date(page, field: str, day: datetime.date) -> None:
    type_into(page.locator(f"#id_{field}_0"), str(day.day))
    type_into(page.locator(f"#id_{field}_1"), str(day.month))
    type_into(page.locator(f"#id_{field}_2"), str(day.year))


def test_a_lead_posts_an_opportunity_by_keyboard(page, live_server, world, csp_violations):
    today = timezone.localdate()
    sign_in(page, live_server, world["staff"])
    page.goto("/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities")
    assert_accessible(page, context="opportunity list, empty")

    activate(page.get_by_role("link", name="Post an opportunity"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an opportunity")
    assert_accessible(page, context="new opportunity")

    # Sent with nothing filled in: every problem in the summary and by its field.
    activate(page.get_by_role("button", name="Post opportunity"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the project this opportunity is for")
    expect(summary).to_contain_text("Enter the closing date")
    expect(page.locator("#id_title").locator("xpath=..")).to_contain_text("Enter a title")
    assert_accessible(page, context="new opportunity, errors")
    screenshot(page, "opportunity-form-errors")

    page.get_by_label("Which project is it for?").focus()
    page.keyboard.type("Better nights")
    type_into(page.get_by_label("Title"), TITLE)
    type_into(page.get_by_label("What it is and why"), "Help us plan the new garden.")
    page.get_by_label("Kind of activity").focus()
    page.keyboard.type("Workshop")
    tick(page.get_by_label("In person", exact=True))
    type_into(page.get_by_label("Place (if in person)"), "Willow ward day room")
    type_into(page.get_by_label("Time needed, in hours"), "2")
    tick(page.get_by_label("Travel costs paid"))
    tick(page.get_by_label("An accessible venue"))
    type_into(page.get_by_label("Who are you looking for?"), "People who have stayed on Willow.")
    type_into(page.get_by_label("How many places?"), "6")
    type_date(page, "closes_on", today + datetime.timedelta(days=14))
    activate(page.get_by_role("button", name="Post opportunity"))

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    opportunity = Opportunity.objects.get()
    assert opportunity.project == world["project"]
    assert opportunity.created_by == world["staff"]
    assert opportunity.support == ["travel", "accessible_venue"]
    assert opportunity.rate_card == world["rate_card"]  # the card in force, chosen for them
    expect(page.get_by_text("To be arranged")).to_be_visible()
    assert_accessible(page, context="the opportunity")
    screenshot(page, "opportunity-detail")
    resize(page, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "opportunity-detail-390")
    assert csp_violations == []


def test_a_person_without_an_account_says_they_are_interested(
    browser, live_server, world, panel_for_rita
):
    letter = link_new(person=world["person"], by=world["staff"], given="printed")
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()

    # Public: needs no sign-in; this one is not on the public page.
    page.goto("/opportunities/public/")
    expect(page.get_by_text("There is nothing open just now")).to_be_visible()
    assert_accessible(page, context="the public page, empty")
    panel_for_rita.public = True
    panel_for_rita.save()
    page.reload()
    activate(page.get_by_role("link", name=panel_for_rita.title))
    expect(page.get_by_role("heading", level=1)).to_contain_text(panel_for_rita.title)
    assert_accessible(page, context="a public opportunity")
    screenshot(page, "opportunity-public-390")

    page.goto(f"/me/{letter.token}/")
    expect(page.get_by_role("heading", name="Ways to get involved")).to_be_visible()
    assert_accessible(page, context="personal page with opportunities")
    screenshot(page, "opportunity-personal-page-390")

    activate(page.get_by_role("link", name=re.compile(panel_for_rita.title)))
    expect(page.get_by_role("heading", level=1)).to_contain_text(panel_for_rita.title)
    assert_accessible(page, context="an opportunity on the personal page")

    # Too long: shown back with the error summary, nothing lost. The box's
    # maxlength stops most browsers first; older ones and some paste tools do not.
    box = page.get_by_label("What would help you take part? (optional)")
    box.evaluate("box => box.removeAttribute('maxlength')")
    box.fill("A quiet room. " + "x" * 1000)
    activate(page.get_by_role("button", name="I'm interested"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("1,000 characters or fewer")
    expect(box).to_have_value(re.compile(r"^A quiet room\. x+$"))
    assert_accessible(page, context="saying interested, error")
    screenshot(page, "opportunity-interest-error-390")

    type_into(box, "A quiet room, please.")
    activate(page.get_by_role("button", name="I'm interested"))
    expect(page.get_by_text("We have told the team you are interested")).to_be_visible()
    expect(page.get_by_text("You said you are interested")).to_be_visible()
    assert_accessible(page, context="personal page after saying interested")

    interest = Interest.objects.get()
    assert interest.person == world["person"]
    assert interest.how == Interest.How.PERSONAL_LINK
    assert interest.support_needed == "A quiet room, please."

    # Changing their mind, by keyboard.
    activate(page.get_by_role("link", name=re.compile(panel_for_rita.title)))
    activate(page.get_by_role("button", name="I'm no longer interested"))
    expect(page.get_by_text("We have taken your name off")).to_be_visible()
    interest.refresh_from_db()
    assert interest.withdrawn_at is not None
    resize(page, {"width": 1280, "height": 900})
    screenshot(page, "opportunity-personal-page")
    context.close()

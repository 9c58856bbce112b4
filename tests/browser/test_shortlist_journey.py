"""A lead chooses people fairly and invites them, by keyboard; a person without an
account accepts by their personal link; the lead opens the activity form with them
already on it. axe-core checks every page at desktop width and at 390 px, the error
state included."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opportunities.models import Interest, Reply
from outbox.models import OutboundEmail
from personal.services import link_new
from tests.browser.conftest import PHONE, assert_accessible, resize, screenshot, sign_in
from tests.factories import (
    ActivityFactory,
    InterestFactory,
    InvolvementFactory,
    OpportunityFactory,
    PersonFactory,
)


def activate(locator) -> None:
    locator.focus()
    locator.press("Enter")


def tick(locator) -> None:
    locator.focus()
    locator.press("Space")


@pytest.fixture
def panel(world):
    """Two places; Rita (no account, her page only), Ella (email) and Reg, who
    took part last month, are interested."""
    today = timezone.localdate()
    panel = OpportunityFactory(
        project=world["project"],
        title="Interview panel for a ward manager",
        rate_card=world["rate_card"],
        places=2,
        hours=3,
        starts_on=today,
        closes_on=today + datetime.timedelta(days=10),
    )
    InterestFactory(opportunity=panel, person=world["person"])
    ella = PersonFactory(display_name="Ella", contact="email", email="ella@example.org")
    InterestFactory(opportunity=panel, person=ella)
    reg = PersonFactory(display_name="Reg")
    recent = ActivityFactory(project=world["project"], date=today - datetime.timedelta(days=30))
    InvolvementFactory(activity=recent, person=reg)
    InterestFactory(opportunity=panel, person=reg)
    return panel


def test_shortlist_invite_and_accept_by_keyboard(browser, page, live_server, world, panel):
    sign_in(page, live_server, world["staff"])
    page.goto(f"/opportunities/{panel.pk}/")
    activate(page.get_by_role("link", name="Choose people"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Choose people")
    assert_accessible(page, context="the shortlist")

    # Too many ticked: the error summary, and what was ticked is kept.
    for name in ("Rita", "Ella", "Reg"):
        tick(page.get_by_label(name, exact=True))
    activate(page.get_by_role("button", name="Save choices"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose no more than 2 people")
    expect(page.get_by_label("Reg", exact=True)).to_be_checked()
    assert_accessible(page, context="the shortlist, error")
    screenshot(page, "shortlist-error")

    # The suggestion: the two new voices, with the reasons in plain words.
    activate(page.get_by_role("link", name="Suggest a fair shortlist"))
    expect(page.get_by_text("We have ticked a suggested shortlist")).to_be_visible()
    expect(page.get_by_label("Rita", exact=True)).to_be_checked()
    expect(page.get_by_label("Ella", exact=True)).to_be_checked()
    expect(page.get_by_label("Reg", exact=True)).not_to_be_checked()
    expect(page.get_by_text("Involved once this tax year.")).to_be_visible()
    assert_accessible(page, context="the suggested shortlist")
    screenshot(page, "shortlist-suggested")
    activate(page.get_by_role("button", name="Save choices"))
    expect(page.get_by_text("Saved: 2 chosen, 1 not chosen")).to_be_visible()

    activate(page.get_by_role("button", name="Invite and thank people"))
    expect(page.get_by_text("2 invited and 1 thanked")).to_be_visible()
    assert OutboundEmail.objects.get().to == "ella@example.org"
    assert_accessible(page, context="the shortlist, told")

    # Rita opens her personal link on her phone and accepts.
    letter = link_new(person=world["person"], by=world["staff"], given="printed")
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    phone = context.new_page()
    phone.goto(f"/me/{letter.token}/")
    expect(phone.get_by_text("You are invited to take part")).to_be_visible()
    assert_accessible(phone, context="personal page with an invitation")
    activate(phone.get_by_role("link", name=re.compile("Say yes or no")))
    activate(phone.get_by_role("button", name="Send my answer"))
    expect(phone).to_have_title(re.compile(r"^Error: "))
    assert_accessible(phone, context="answering, error")
    tick(phone.get_by_label("Yes, I can take part"))
    activate(phone.get_by_role("button", name="Send my answer"))
    expect(phone.get_by_text("You said yes. Thank you.")).to_be_visible()
    screenshot(phone, "invitation-accepted-390")
    context.close()
    assert Interest.objects.get(person=world["person"]).reply == Reply.ACCEPTED

    # Ella phoned to say no: staff record it for her.
    page.reload()
    ella = page.locator("#answers-caption").locator("xpath=..").locator("tr", has_text="Ella")
    activate(ella.get_by_role("button", name=re.compile("^Declined")))
    expect(page.get_by_text("Ella declined, entered on their behalf")).to_be_visible()
    assert_accessible(page, context="the shortlist with answers")
    screenshot(page, "shortlist-answers")
    resize(page, PHONE)
    assert_accessible(page, context="the shortlist with answers, phone")
    screenshot(page, "shortlist-answers-390")

    activate(page.get_by_role("link", name="Log the activity"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log an activity")
    expect(page.locator("#id_participants-0-person")).to_have_value(str(world["person"].pk))
    expect(page.locator("#id_title")).to_have_value(panel.title)
    assert_accessible(page, context="the activity form from the opportunity")

"""The weekly digest's pages, by keyboard and axe-clean at desktop width and
390 px: stopping the emails from the email's link, and a "say I'm interested"
link landing on the person's own page. Also the bulletin's form, its error state
included, the reach figures on an opportunity and the dashboard's link to post
one for a quiet service."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opportunities.digest import digests_send, reply_token, stop_token
from opportunities.models import Digest
from tests.browser.conftest import PHONE, assert_accessible, resize, screenshot, sign_in
from tests.factories import OpportunityFactory


@pytest.fixture
def sent(world):
    rita = world["person"]
    rita.email, rita.opportunities_digest = "rita@example.org", True
    rita.save()
    panel = OpportunityFactory(
        project=world["project"],
        title="Interview panel for a ward manager",
        rate_card=world["rate_card"],
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    digests_send()
    return rita, panel, Digest.objects.get(person=rita)


def activate(locator) -> None:
    locator.focus()
    locator.press("Enter")


def test_stopping_the_emails_in_one_step(page, live_server, sent, csp_violations):
    rita, _panel, _digest = sent
    page.goto(reverse("opportunities:digest_stop", args=[stop_token(rita)]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the weekly emails")
    assert_accessible(page, context="digest stop, asking")
    screenshot(page, "digest-stop-asking")
    activate(page.get_by_role("button", name="Stop the emails"))
    expect(page.get_by_role("heading", level=1)).to_have_text("We have stopped the emails")
    assert_accessible(page, context="digest stop, done")
    rita.refresh_from_db()
    assert not rita.opportunities_digest
    page.goto(reverse("opportunities:digest_stop", args=["made-up"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot open this link")
    assert_accessible(page, context="digest stop, unknown link")
    assert csp_violations == []


def test_the_reply_link_opens_her_page_at_the_opportunity(page, live_server, sent, csp_violations):
    _rita, panel, digest = sent
    url = reverse("personal:digest_reply", args=[reply_token(digest, panel)])
    page.goto(url)
    expect(page).to_have_url(re.compile(rf"/me/opportunities/{panel.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(panel.title)
    assert_accessible(page, context="opportunity from the digest")
    resize(page, PHONE)
    screenshot(page, "digest-reply-landing-phone")
    page.context.clear_cookies()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has been used")
    assert_accessible(page, context="digest reply link used")
    assert csp_violations == []


def test_staff_print_a_bulletin_and_see_reach(page, live_server, world, csp_violations):
    OpportunityFactory(
        project=world["project"],
        title="Interview panel for a ward manager",
        public=True,
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    world["activity"].date = datetime.date(2020, 1, 1)
    world["activity"].save()
    sign_in(page, live_server, world["staff"])
    page.goto(reverse("opportunities:opportunity_list"))
    activate(page.get_by_role("link", name="Print a bulletin"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Print a bulletin")
    assert_accessible(page, context="bulletin form")
    page.get_by_label("Which service is it for?").select_option(label="Willow ward")
    activate(page.get_by_role("button", name="Make the bulletin"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose which opportunities it should show"
    )
    assert_accessible(page, context="bulletin form, errors")
    screenshot(page, "bulletin-form-errors")

    page.goto(reverse("opportunities:opportunity_list"))
    activate(page.get_by_role("link", name="Interview panel for a ward manager"))
    expect(page.get_by_role("heading", name="What it did for reach")).to_be_visible()
    assert_accessible(page, context="opportunity with reach")
    screenshot(page, "opportunity-reach")

    page.goto(reverse("dashboard:dashboard"))
    link = page.get_by_role("link", name="Post an opportunity for Willow ward")
    link.scroll_into_view_if_needed()
    screenshot(page, "dashboard-reach-post")
    activate(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an opportunity")
    expect(page.get_by_label("Which project is it for?")).to_have_value(str(world["project"].pk))
    assert csp_violations == []

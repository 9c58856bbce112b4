"""A paper questionnaire, by keyboard: a lead prints one for someone from the round
page, then keys their answers in, saying they came on paper."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from principles.models import Response
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import InvitationFactory, RoundFactory
from tests.pdfs import A4_POINTS, page_sizes, text


def test_a_lead_prints_a_questionnaire_then_keys_it_in_from_paper(page, live_server, world):
    round_ = RoundFactory(project=world["project"], name="Three months in")
    rita = InvitationFactory(round=round_, person=world["person"])
    sign_in(page, live_server, world["staff"])
    page.goto(reverse("principles:round_detail", args=[round_.pk]))

    link = page.get_by_role("link", name="Print a paper questionnaire for Rita (PDF)")
    with page.expect_download() as download:
        link.press("Enter")
    pdf = download.value.path().read_bytes()
    rita.refresh_from_db()
    assert set(page_sizes(pdf)) == {A4_POINTS}
    assert f"Your reference: {rita.paper_reference}" in text(pdf)

    page.reload()
    expect(page.get_by_text(f"Paper reference: {rita.paper_reference}")).to_be_visible()
    assert_accessible(page, context="round page with a paper reference")
    screenshot(page, "principles-round-page-paper")

    page.get_by_role("link", name="Enter answers for Rita").press("Enter")
    expect(page.get_by_text(f"reference: {rita.paper_reference}")).to_be_visible()
    page.get_by_label("They are a carer or partner in care").press("Space")
    page.get_by_role("button", name="Continue").press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("link", name="Choose how they gave you their answers")).to_be_visible()
    expect(page.get_by_label("They are a carer or partner in care")).to_be_checked()
    assert_accessible(page, context="keying in, how the answers came not chosen")
    screenshot(page, "principles-on-behalf-paper-error")

    page.get_by_label("From paper").press("Space")
    page.get_by_role("button", name="Continue").press("Enter")
    expect(page.get_by_text("Entered from paper on behalf of Rita by Sam Staff")).to_be_visible()
    assert Response.objects.get(invitation=rita).entered_from == "paper"

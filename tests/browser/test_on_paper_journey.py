"""Staff send someone their things on paper, by keyboard: a letter with a new
personal link, their page in large print, and a form to check activities, which
comes back and is typed in as given on paper."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from ladder import services
from ladder.models import Response
from projects.rungs import Rung
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import CONSULTATION_ANSWERS
from tests.pdfs import A4_POINTS, page_sizes, text


def is_pdf(response) -> bool:
    return response.headers.get("content-type") == "application/pdf"


def test_staff_print_a_letter_a_large_print_page_and_a_form_then_key_it_in(
    page, live_server, world, csp_violations
):
    rita = world["person"]
    rita.postal_address = "9 Orchard Close\nNorthwick\nNW1 4AB"
    rita.save()
    services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )
    sign_in(page, live_server, world["staff"])
    page.goto(reverse("projects:person_detail", args=[rita.pk]))
    assert_accessible(page, context="register page with the paper actions")
    screenshot(page, "register-person-on-paper")

    # A letter with a personal link: the PDF is the answer to the form.
    page.get_by_role("link", name="Print a letter with a personal link").press("Enter")
    expect(page.get_by_label("Print a letter, with a QR code and a short code")).to_be_checked()
    with page.expect_response(is_pdf) as shown:
        page.get_by_role("button", name="Make a new link").press("Enter")
    letter = shown.value
    assert letter.request.method == "POST"
    assert letter.headers["content-disposition"] == (
        f'inline; filename="personal-link-letter-{rita.pk}.pdf"'
    )
    # The browser shows the letter, ready to print (Chromium's PDF viewer).
    screenshot(page, "personal-link-letter-shown")

    # Back on the link page, it says a letter was printed.
    page.goto(reverse("personal:link_new", args=[rita.pk]))
    expect(
        page.get_by_text(re.compile(r"It was printed in a letter on .* by Sam Staff"))
    ).to_be_visible()
    assert_accessible(page, context="link page after printing a letter")
    screenshot(page, "personal-link-after-letter")

    # Her page in large print, to post.
    page.goto(reverse("projects:person_detail", args=[rita.pk]))
    large_print = page.get_by_role("link", name="Print their page in large print (PDF)")
    with page.expect_response(is_pdf):
        large_print.press("Enter")
    # The viewer stands in for the body; the same address read again is the PDF.
    pdf = page.request.get(page.url).body()
    assert set(page_sizes(pdf)) == {A4_POINTS}
    assert "Night-time routine workshop" in text(pdf)

    # A form to check the workshop's rung; it comes back ticked "No, not quite".
    page.go_back()
    with page.expect_response(is_pdf):
        page.get_by_role("link", name="Print a form to check activities (PDF)").press("Enter")
    form = text(page.request.get(page.url).body())
    assert "1. Night-time routine workshop" in form
    staff_path = reverse("ladder:respond_on_behalf", args=[world["activity"].pk, rita.pk])
    assert staff_path in form.replace(" ", "")

    page.goto(staff_path)
    page.get_by_label("No, I see it differently").press("Space")
    page.get_by_label("On paper").press("Space")
    page.get_by_label("Why, in their words (optional)").fill(
        "We were only asked to fill in a survey."
    )
    page.get_by_role("button", name="Save their answer").press("Enter")
    expect(page.get_by_text("Rita: entered on their behalf")).to_be_visible()
    saved = Response.objects.get(person=rita)
    assert (saved.verdict, saved.how) == ("contested", "paper")
    assert not csp_violations

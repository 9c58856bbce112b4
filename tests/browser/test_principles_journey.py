"""The principles form on a phone, by keyboard only: someone opens their personal
link, answers four principles, leaves, comes back by the same link, finishes,
checks their answers, changes one and sends them. Then again with JavaScript off."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from principles.models import Answer, Response
from principles.texts import scale_label
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import InvitationFactory, RoundFactory, personal_link

PHONE = {"width": 390, "height": 844}
QUESTIONS = [
    "Was power shared?",
    "Was everyone's knowledge valued?",
    "Was it a fair partnership?",
    "Was there fair give and take?",
    "Did everyone grow from it?",
    "Did we stop and think about how it went?",
    "Was the way we worked flexible?",
]


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).press("Space")


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").press("Enter")


def answer(page, number: int, label: str, *, check: bool) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTIONS[number - 1])
    expect(page.get_by_text(f"Question {number} of 7")).to_be_visible()
    if check:
        assert_accessible(page, context=f"question {number}")
    choose(page, label)
    continue_(page)


def new_phone_page(browser, live_server, *, javascript: bool):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, java_script_enabled=javascript
    )
    return context, context.new_page()


def journey(browser, live_server, world, *, check: bool) -> None:
    round_ = RoundFactory(project=world["project"], name="Six months in")
    invitation = InvitationFactory(
        round=round_, person=world["expert_person"], user=world["expert"]
    )
    link = personal_link(invitation)
    suffix = "" if check else "-nojs"

    context, page = new_phone_page(browser, live_server, javascript=check)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Which of these best describes you?")
    # The link was exchanged for a session: the address bar no longer holds it.
    assert "/principles/r/" not in page.url
    if check:
        assert_accessible(page, context="about you")
        screenshot(page, f"principles-about-you-390{suffix}")
    choose(page, "I have lived experience")
    continue_(page)

    # Continuing without choosing explains what to do.
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTIONS[0])
    continue_(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(
        summary.get_by_role("link", name="Choose a number from 1 to 5, or Don't know")
    ).to_be_visible()
    if check:
        assert_accessible(page, context="question 1, nothing chosen")
        screenshot(page, "principles-question-error-390")

    for number, label in enumerate(
        [scale_label(2), scale_label(4), scale_label(3), "Don't know"], 1
    ):
        answer(page, number, label, check=check)
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTIONS[4])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if check:
        screenshot(page, "principles-question-390")
    context.close()

    # Coming back later by the same link, in a fresh browser: it resumes at question 5.
    context, page = new_phone_page(browser, live_server, javascript=check)
    page.goto(link)
    expect(page.get_by_text("Question 5 of 7")).to_be_visible()
    page.get_by_role("link", name="Back").press("Enter")
    expect(page.get_by_label("Don't know", exact=True)).to_be_checked()
    page.get_by_label("Tell us more (optional)").fill("I was not sure what we gave back.")
    continue_(page)
    for number, label in [(5, scale_label(5)), (6, scale_label(3)), (7, scale_label(4))]:
        answer(page, number, label, check=check)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    rows = page.locator(".nhsuk-summary-list__row")
    expect(rows.filter(has_text="1. Power")).to_contain_text(scale_label(2))
    expect(rows.filter(has_text="4. Give and take")).to_contain_text("Don't know")
    expect(rows.filter(has_text="4. Give and take")).to_contain_text("I was not sure")
    if check:
        assert_accessible(page, context="check your answers")
        screenshot(page, "principles-check-390")

    # Change one answer: back to its question, then straight back to checking.
    page.get_by_role("link", name="Change reflection").press("Enter")
    expect(page.get_by_label(scale_label(3), exact=True)).to_be_checked()
    choose(page, scale_label(1))
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(rows.filter(has_text="6. Reflection")).to_contain_text(scale_label(1))

    page.get_by_role("button", name="Send my answers").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your answers are sent")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    if check:
        assert_accessible(page, context="answers sent")
        screenshot(page, "principles-done-390")
    context.close()

    response = Response.objects.get(invitation=invitation)
    assert response.submitted_at is not None
    assert response.perspective == "lived_experience"
    assert response.entered_on_behalf_by is None
    scores = dict(Answer.objects.filter(response=response).values_list("principle", "score"))
    assert scores == {
        "power": 2,
        "knowledge": 4,
        "partnerships": 3,
        "give_and_take": None,
        "mutual_benefit": 5,
        "reflection": 1,
        "flexibility": 4,
    }


def test_an_expert_rates_the_principles_by_keyboard_on_a_phone(browser, live_server, world):
    journey(browser, live_server, world, check=True)


def test_the_same_journey_works_with_javascript_off(browser, live_server, world):
    journey(browser, live_server, world, check=False)


def test_a_closed_link_is_accessible_and_reveals_nothing(page, live_server, world):
    page.set_viewport_size(PHONE)
    page.goto(reverse("principles:respond", kwargs={"token": "made-up:link"}))
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot open this link")
    assert_accessible(page, context="unknown link")


def test_every_step_fits_at_400_percent_zoom(browser, live_server, world):
    # 400% zoom of a 1280 by 1024 screen leaves 320 by 256 CSS pixels.
    zoomed = {"width": 320, "height": 256}
    round_ = RoundFactory(project=world["project"], name="Zoomed in")
    invitation = InvitationFactory(round=round_, person=world["person"])
    link = personal_link(invitation)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=zoomed)
    page = context.new_page()
    page.goto(link)
    for step in range(3):
        # Nothing spills sideways: people at high zoom only ever scroll down.
        assert page.evaluate("document.documentElement.scrollWidth") <= zoomed["width"], step
        assert_accessible(page, context=f"400% zoom, step {step}")
        page.locator(".nhsuk-radios__input").first.press("Space")
        page.get_by_role("button", name="Continue").press("Enter")
    screenshot(page, "principles-400-percent")
    context.close()


def test_the_results_page_is_accessible(page, live_server, world):
    from tests.principles.test_results import POWER, sent_response

    today = timezone.localdate()
    round_ = RoundFactory(
        project=world["project"],
        name="Results to read",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    for i in range(5):
        sent_response(round_, "lived_experience", {"power": POWER["lived"][i]}, "Heard")
    for i in range(2):
        sent_response(round_, "staff", {"power": POWER["staff"][i]}, "")
    sign_in(page, live_server, world["governance"])
    page.goto(reverse("principles:round_results", args=[round_.pk]))
    expect(
        page.get_by_role("table", name=re.compile("Average rating for each principle"))
    ).to_be_visible()
    assert_accessible(page, context="principles results")
    screenshot(page, "principles-results")


def test_a_lead_gives_a_link_once_and_sees_no_results_while_the_round_is_open(
    page, live_server, world
):
    """By keyboard: the round page lists no links; making one shows it once, to print;
    the results wait for the round to close; someone answering by their own link
    cannot have answers typed in for them."""
    round_ = RoundFactory(project=world["project"], name="Three months in")
    rita = InvitationFactory(round=round_, person=world["person"])
    eve = InvitationFactory(round=round_, person=world["expert_person"], user=world["expert"])
    from principles import services

    services.response_for(eve)  # Eve has started by her own link
    sign_in(page, live_server, world["staff"])
    page.goto(reverse("principles:round_detail", args=[round_.pk]))
    expect(page.get_by_text("They are answering themselves")).to_be_visible()
    assert "/principles/r/" not in page.content()
    assert_accessible(page, context="round page")
    screenshot(page, "principles-round-page")

    # Eve could be emailed: choosing nothing explains what to do.
    page.get_by_role("link", name="Make a link for Eve").press("Enter")
    page.get_by_role("button", name="Make a new link").press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, context="new link, nothing chosen")
    screenshot(page, "principles-new-link-error")
    # Rita has no email address: the link is shown, nothing to choose.
    page.goto(reverse("principles:round_detail", args=[round_.pk]))
    page.get_by_role("link", name="Make a link for Rita").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("A new link for Rita")
    assert_accessible(page, context="new link for someone without email")
    page.get_by_role("button", name="Make a new link").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("New link for Rita")
    expect(page.get_by_text("You will only see this link once")).to_be_visible()
    shown = page.locator(".principles-link").inner_text()
    assert "/principles/r/" in shown
    assert_accessible(page, context="new link shown")
    screenshot(page, "principles-new-link")
    rita.refresh_from_db()
    assert rita.link_shown_to == world["staff"]

    page.goto(reverse("principles:round_results", args=[round_.pk]))
    expect(page.get_by_text("The results show after the round closes")).to_be_visible()
    assert_accessible(page, context="results before the round closes")

    page.goto(reverse("principles:respond_on_behalf", args=[eve.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Eve is answering themselves")
    assert_accessible(page, context="on behalf refused")
    screenshot(page, "principles-on-behalf-refused")

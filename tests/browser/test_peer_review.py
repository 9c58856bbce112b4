"""Peer review in a real browser.

The reviewer opens the link from their email, signs in, meets a validation error
(a standard left unrated), fixes it, checks their answers and sends the review;
the plan's owner answers each recommendation; the plan's archive lists it all.
Then the expert co-reviewer's journey, by keyboard: saying they are willing,
saying yes to an offer, three questions, checking and sending. axe-core runs on
every page and every form state with errors.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import TWO_FACTOR_REQUIRED
from dashboard.models import Assignment, Recommendation, Review
from dashboard.reviews.assigning import reviewers_assign
from tests.browser.conftest import assert_accessible, screenshot, sign_in, type_security_code
from tests.dashboard.reviews_data import ready_report
from tests.factories import PASSWORD, PlanFactory, StandardFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(world):
    plan = PlanFactory(service=world["service"], sponsor_name="Dr Amara Okafor")
    plan.owners.add(world["staff"])
    StandardFactory(plan=plan, statement="People with lived experience shape the agenda.")
    StandardFactory(plan=plan, statement="Everyone is paid fairly for their time.", order=1)
    return plan


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_reviewer_reviews_from_the_email_link_and_the_owner_answers(
    browser, live_server, world, plan, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    report = ready_report(plan)
    (assignment,) = reviewers_assign(report=report)
    reviewer = assignment.reviewer
    (email,) = [m for m in mailoutbox if m.to == [reviewer.email]]
    assert email.subject == f"Please peer review the {plan}"
    first, second = plan.standards.order_by("order", "pk")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.goto(link_in(email))
    # Not signed in: the sign-in page, then straight on to the review.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if reviewer.role in TWO_FACTOR_REQUIRED:  # a governance lead's turn: their code too
        type_security_code(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review the {plan}")
    assert_accessible(page, context="review form, empty")
    screenshot(page, "peer-review-form")

    # Standard 1 rated; standard 2 only has its evidence typed.
    page.locator(f"#id_rating_{first.pk}_0").check()
    page.get_by_label("Evidence for standard 1").fill("They set the agenda at each meeting.")
    page.get_by_label("Evidence for standard 2").fill("Expenses were paid late twice.")
    page.get_by_label("Strengths").fill("Meetings are chaired by people with lived experience.")
    page.get_by_label("Recommendation 1").fill("Pay expenses within a week.")
    page.get_by_label("Recommendation 2").fill("Invite carers to the steering group.")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    message = "Choose met, partly met or not met for standard 2"
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator(f"#id_rating_{second.pk}_error")).to_contain_text(message)
    expect(page.get_by_label("Evidence for standard 2")).to_have_value(
        "Expenses were paid late twice."
    )
    expect(page.get_by_label("Recommendation 2")).to_have_value(
        "Invite carers to the steering group."
    )
    assert_accessible(page, context="review form with an error")
    screenshot(page, "peer-review-form-error")
    summary.get_by_role("link", name=message).click()
    expect(page.locator(f"#id_rating_{second.pk}_0")).to_be_focused()

    page.locator(f"#id_rating_{second.pk}_1").check()  # partly met
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your review before sending it")
    expect(page.get_by_text("Partly met")).to_be_visible()
    assert_accessible(page, context="check your review")
    screenshot(page, "peer-review-check")
    page.get_by_role("button", name="Send the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your review is sent")
    assert_accessible(page, context="review sent")
    context.close()

    # The owner answers each recommendation.
    owner_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    owner = owner_context.new_page()
    sign_in(owner, live_server, world["staff"])
    owner.goto(reverse("dashboard:review_report", args=[report.pk]))
    expect(owner.get_by_role("heading", level=2, name=f"Review by {reviewer.name}")).to_be_visible()
    assert_accessible(owner, context="the review, unanswered")
    owner.get_by_role("link", name="Answer to recommendation 1").click()
    owner.get_by_label("Not accepted").check()
    owner.get_by_role("button", name="Save answer").click()
    expect(owner).to_have_title(re.compile(r"^Error: "))
    expect(
        owner.locator(".nhsuk-error-summary").get_by_role(
            "link", name="Enter why you do not fully accept it"
        )
    ).to_be_visible()
    assert_accessible(owner, context="answer with an error")
    screenshot(owner, "peer-review-answer-error")
    owner.get_by_label("Why? (needed if you do not fully accept it)").fill(
        "We pay within 10 days already; a week is not possible with our finance team."
    )
    owner.get_by_role("button", name="Save answer").click()
    expect(owner.get_by_text("Answer saved for recommendation 1")).to_be_visible()

    owner.get_by_role("link", name="Answer to recommendation 2").click()
    owner.get_by_label("Accepted", exact=True).check()
    owner.get_by_label("What will you do?").fill("Ask carers at the next open day.")
    owner.get_by_label("Day").fill("31")
    owner.get_by_label("Month").fill("3")
    owner.get_by_label("Year").fill("2027")
    assert_accessible(owner, context="answer form, filled in")
    owner.get_by_role("button", name="Save answer").click()
    expect(
        owner.get_by_text("Every recommendation has an answer. The review is closed.")
    ).to_be_visible()
    assert_accessible(owner, context="the review, closed")
    screenshot(owner, "peer-review-answered")
    assert Review.objects.get(assignment=assignment).closed_at is not None
    assert Recommendation.objects.filter(answer="").count() == 0

    # The archive, from the plan page.
    owner.goto(reverse("projects:plan_detail", args=[plan.pk]))
    owner.get_by_role("link", name="Past reports and reviews").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Peer reviews")
    row = owner.locator("tbody tr").first
    expect(row).to_contain_text(reviewer.name)
    expect(row).to_contain_text("Sent")
    expect(row).to_contain_text("All 2 answered: closed")
    assert_accessible(owner, context="plan archive")
    screenshot(owner, "peer-review-archive")
    owner_context.close()


def test_an_expert_co_reviews_by_keyboard(browser, live_server, world, plan, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    expert = world["outsider_expert"]
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, expert)

    # Saying they are willing to be asked.
    page.goto(reverse("dashboard:review_list"))
    assert_accessible(page, context="reviews list, nothing to do")
    page.get_by_role("link", name="Tell us if we can ask you").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Can we ask you to help review plans?"
    )
    page.get_by_role("button", name="Save").press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, context="willing, nothing chosen")
    page.get_by_label("Yes, you can ask me").press("Space")
    page.get_by_role("button", name="Save").press("Enter")
    expect(page.get_by_text("We will ask you when there is a plan to review")).to_be_visible()

    # An offer arrives by email.
    report = ready_report(plan)
    reviewers_assign(report=report)
    offer = Assignment.objects.get(report=report, kind=Assignment.Kind.EXPERT)
    assert offer.reviewer == expert
    (email,) = [m for m in mailoutbox if m.to == [expert.email]]
    page.goto(link_in(email))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Would you like to help review the Willow ward plan?"
    )
    assert_accessible(page, context="offer")
    screenshot(page, "peer-review-expert-offer")
    page.get_by_role("button", name="Yes, I will help").focus()
    page.keyboard.press("Enter")

    answers = ["People are kind and listen.", "The room is noisy at night.", ""]
    for number, text in enumerate(answers, start=1):
        expect(page.get_by_text(f"Willow ward plan: question {number} of 3")).to_be_visible()
        assert_accessible(page, context=f"co-review question {number}")
        if number == 1:
            screenshot(page, "peer-review-expert-question")
        box = page.get_by_role("textbox")
        box.focus()
        if text:
            page.keyboard.type(text)
        # The next thing in the tab order is the button.
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Save and continue")).to_be_focused()
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text("The room is noisy at night.")).to_be_visible()
    assert_accessible(page, context="co-review check")
    screenshot(page, "peer-review-expert-check")
    page.get_by_role("button", name="Send my answers").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your review is sent")
    assert_accessible(page, context="co-review sent")
    offer.refresh_from_db()
    assert offer.submitted_at is not None
    assert offer.expert_review.could_be_better == "The room is noisy at night."
    context.close()


def test_the_review_lists_and_changing_a_reviewer_read_well(
    browser, live_server, world, plan, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    report = ready_report(plan)
    (assignment,) = reviewers_assign(report=report)
    reviewer = assignment.reviewer
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()

    sign_in(page, live_server, reviewer)
    page.goto(reverse("dashboard:review_list"))
    expect(page.get_by_role("link", name=re.compile("Willow ward plan"))).to_be_visible()
    assert_accessible(page, context="reviews to do")
    screenshot(page, "peer-review-list")

    sign_in(page, live_server, world["admin"])
    page.goto(reverse("dashboard:assignment_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Who reviews each report")
    assert_accessible(page, context="who reviews each report")
    screenshot(page, "peer-review-assignments")
    page.get_by_role("link", name=re.compile("Change the peer reviewer")).click()
    page.get_by_role("button", name="Change reviewer").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, context="change reviewer with errors")
    screenshot(page, "peer-review-reassign-error")
    page.locator("input[name=reviewer]").first.check()
    page.get_by_label("Why are you changing the reviewer?").fill("On leave until June")
    page.get_by_role("button", name="Change reviewer").click()
    expect(page.get_by_text("now reviews this report. We emailed them.")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.end_reason == "On leave until June"
    context.close()

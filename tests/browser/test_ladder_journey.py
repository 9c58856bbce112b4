"""The ladder in a real browser: classifying against the evidence, faux-production,
the people who took part contesting it, and the reference page on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in

CONSULTATION = {
    "Did people with lived experience take part?": "Yes",
    "Were they told what had been decided or planned?": "Yes",
    "Were they asked for their views?": "Yes",
    "Did their views change what was decided?": "No",
    "Did they help set the agenda or design the thing?": "No",
    "Did they share the final decisions as equals?": "No",
    "Did they help deliver or run it?": "No",
}
REASON_ERROR = "Write why you chose Co-production when the answers suggest Consultation"


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def classify_as_co_production(page, activity, *, check_accessible: bool) -> None:
    """Answer as for a consultation, call it co-production, then insist on it."""
    page.goto(f"/ladder/activities/{activity.pk}/classify/")
    if check_accessible:
        assert_accessible(page, context="classify, empty")
    for question, answer in CONSULTATION.items():
        choose(page, question, answer)
    choose(page, "What did you call this activity?", "Co-production")
    page.get_by_role("button", name="Suggest a rung").click()
    expect(page.get_by_role("heading", name="Suggested rung: Consultation")).to_be_visible()
    expect(
        page.get_by_role("group", name="Which rung is it on?").get_by_label("Consultation")
    ).to_be_checked()
    if check_accessible:
        assert_accessible(page, context="classify, with a suggestion")

    # A different rung without a reason: the error comes first.
    choose(page, "Which rung is it on?", "Co-production")
    page.get_by_role("button", name="Save classification").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link", name=REASON_ERROR)).to_be_visible()
    if check_accessible:
        assert_accessible(page, context="classify, reason missing")
        screenshot(page, "ladder-classify-error")

    page.get_by_label("Why this rung?").fill("People with lived experience ran the second half.")
    page.get_by_role("button", name="Save classification").click()
    expect(page.get_by_role("heading", name=re.compile("possible faux-production"))).to_be_visible()
    expect(page.get_by_role("heading", name="What would move it up a rung")).to_be_visible()


def test_staff_classify_against_the_evidence_and_the_expert_contests_it(
    page, browser, live_server, world, csp_violations
):
    activity = world["activity"]
    sign_in(page, live_server, world["staff"])
    classify_as_co_production(page, activity, check_accessible=True)
    assert_accessible(page, context="activity on the ladder, flagged")

    # The expert who took part is asked on their home page, and contests it.
    expert_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    expert_page = expert_context.new_page()
    sign_in(expert_page, live_server, world["expert"])
    expert_page.goto("/")
    expert_page.get_by_role("link", name=re.compile(f"{activity.title}.*is this right")).click()
    expect(expert_page.get_by_role("heading", name="Co-production")).to_be_visible()
    assert_accessible(expert_page, context="confirm")
    expert_page.set_viewport_size({"width": 390, "height": 844})
    screenshot(expert_page, "ladder-confirm-390")
    expert_page.get_by_label("No, I see it differently").check()
    expert_page.get_by_label("Tell us why (optional)").fill("Staff had already decided.")
    expert_page.get_by_role("button", name="Send my answer").click()
    expect(expert_page.get_by_text("Thank you. We have saved your answer.")).to_be_visible()
    expect(
        expert_page.get_by_role("link", name=re.compile(f"{activity.title}.*is this right"))
    ).to_have_count(0)
    expert_context.close()

    # The project's ladder page and the activity's rung show it as contested.
    page.goto(f"/ladder/projects/{world['project'].pk}/")
    to_look_at = page.get_by_role("table", name="Contested or possible faux-production")
    row = to_look_at.get_by_role("row", name=re.compile(activity.title))
    expect(row).to_contain_text("Contested")
    expect(row).to_contain_text("Possible faux-production")
    assert_accessible(page, context="project on the ladder")
    screenshot(page, "ladder-project")
    page.goto(f"/ladder/activities/{activity.pk}/")
    expect(page.locator(".nhsuk-tag", has_text="Contested")).to_be_visible()
    expect(page.get_by_text("“Staff had already decided.”")).to_be_visible()
    assert_accessible(page, context="activity on the ladder, contested")
    assert csp_violations == []


def test_classifying_works_with_javascript_off(browser, live_server, world):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, live_server, world["co_lead"])
    classify_as_co_production(page, world["activity"], check_accessible=False)
    context.close()


def test_the_reference_page_reads_well_on_a_phone(page, live_server, world):
    sign_in(page, live_server, world["expert"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ladder/")
    headings = page.locator("main h2, main h3").all_inner_texts()
    assert headings[:3] == ["Doing with", "Rung 7:\nCo-production", "Rung 6:\nCo-design"] or (
        headings[0] == "Doing with" and "Co-production" in headings[1]
    )
    ladder = page.get_by_role("list", name="The ladder, from the top rung down")
    expect(ladder.get_by_role("listitem")).to_have_count(3 + 7)
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, context="ladder reference at 390px")
    screenshot(page, "ladder-reference-390")

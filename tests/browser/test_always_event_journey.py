"""An Always Event from what matters to a second PDSA cycle with its reliability
chart, by keyboard only. axe-core checks every page at desktop width and at 390 px,
the error states included."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from improvement.models import AlwaysEvent, PdsaCycle, ReliabilityEntry, Stage
from tests.browser.conftest import PHONE, assert_accessible, resize, screenshot, sign_in
from tests.browser.test_opportunities_journey import activate, tick, type_date, type_into

STATEMENT = "Always call me by the name I choose"


def heading(page):
    return page.get_by_role("heading", level=1)


def choose(page, label: str, option: str) -> None:
    """A select by keyboard: focus it and type the start of the option."""
    page.get_by_label(label).focus()
    page.keyboard.type(option)


def move_on(page) -> None:
    activate(page.get_by_role("button", name=re.compile(r"^Move on to")))


def test_an_always_event_from_what_matters_to_a_second_cycle(
    page, live_server, world, csp_violations
):
    sign_in(page, live_server, world["staff"])
    page.goto("/always-events/")
    expect(heading(page)).to_have_text("Always Events")
    assert_accessible(page, context="Always Events, none yet")

    # Start it: sent empty first, every problem in the summary and by its field.
    activate(page.get_by_role("link", name="Start an Always Event"))
    expect(heading(page)).to_have_text("Start an Always Event")
    activate(page.get_by_role("button", name="Start the Always Event"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the team or ward")
    expect(summary).to_contain_text("Enter what it is about")
    assert_accessible(page, context="new Always Event, errors")
    screenshot(page, "always-event-form-errors")
    choose(page, "Which team or ward is it for?", "Willow")
    choose(page, "Project it is run through (optional)", "Better nights")
    type_into(page.get_by_label("What is it about?"), "Names")
    type_into(
        page.get_by_label("What counts as it happening? (optional until testing)"),
        "staff used the name the person chose",
    )
    type_into(
        page.get_by_label("When should it happen? (optional until testing)"),
        "each person asked at handover",
    )
    tick(page.get_by_label("Each month"))
    type_into(page.get_by_label("Goal, as a percentage of the times it should happen"), "90")
    activate(page.get_by_role("button", name="Start the Always Event"))

    expect(heading(page)).to_contain_text("Names")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Getting ready")
    assert_accessible(page, context="a new Always Event")
    event = AlwaysEvent.objects.get()
    # Months before today, counted on paper before the team used Coprod: 14 of them,
    # so the 15th typed below turns the run chart into an SPC chart with limits.
    this_month = datetime.date.today().replace(day=1)
    months = []
    month = this_month
    for _ in range(15):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        months.append(month)
    months.reverse()
    for month, happened in zip(
        months[:14], [6, 7, 6, 8, 7, 6, 7, 5, 6, 7, 8, 6, 7, 6], strict=True
    ):
        ReliabilityEntry.objects.create(
            event=event,
            service=world["service"],
            period_start=month,
            happened=happened,
            should_have=10,
        )

    # Getting ready -> finding out what matters; then a conversation is needed first.
    move_on(page)
    expect(page.locator('[aria-current="step"]')).to_contain_text("Finding out what matters")
    move_on(page)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Add at least one what-matters conversation"
    )
    assert_accessible(page, context="Always Event, cannot move on")
    activate(page.get_by_role("link", name="Add a what-matters conversation"))
    activate(page.get_by_role("button", name="Add conversation"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the activity")
    assert_accessible(page, context="what-matters conversation, errors")
    choose(page, "Which activity was it?", "Night")
    type_into(page.get_by_label("What matters to them?"), "Being called by my own name.")
    activate(page.get_by_role("button", name="Add conversation"))
    expect(page.get_by_role("table")).to_contain_text("Being called by my own name.")
    move_on(page)
    expect(page.locator('[aria-current="step"]')).to_contain_text("Co-designing")

    # Co-designing: the statement starts with "Always"; all four criteria to test.
    activate(page.get_by_role("link", name="Write the Always Event and check the criteria"))
    expect(heading(page)).to_have_text("The Always Event and IHI's four criteria")
    type_into(page.get_by_label("The Always Event"), "Call me by my name")
    tick(page.get_by_label("It is important to patients and families", exact=True))
    activate(page.get_by_role("button", name="Save"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Start the Always Event with the word 'Always'")
    expect(summary).to_contain_text("Give the evidence that it is important to patients")
    assert_accessible(page, context="statement and criteria, errors")
    screenshot(page, "always-event-criteria-errors")
    type_into(page.get_by_label("The Always Event"), STATEMENT)
    type_into(
        page.get_by_label("Evidence that it is important to patients and families"),
        "Said by most people at the workshop.",
    )
    activate(page.get_by_role("button", name="Save"))
    move_on(page)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "All four criteria must be met"
    )
    activate(page.get_by_role("link", name="Write the Always Event and check the criteria"))
    for criterion, evidence in (
        ("evidence-based", "Patient experience survey."),
        ("measurable", "Asked at each handover."),
        ("affordable and sustainable", "It needs a habit, not money."),
    ):
        tick(page.get_by_label(f"It is {criterion}", exact=True))
        type_into(page.get_by_label(f"Evidence that it is {criterion}"), evidence)
    activate(page.get_by_role("button", name="Save"))
    move_on(page)
    expect(page.locator('[aria-current="step"]')).to_contain_text("Testing")
    expect(page.locator(".nhsuk-lede-text")).to_have_text(STATEMENT)

    # The first PDSA cycle: nobody named is refused.
    activate(page.get_by_role("link", name="Plan a PDSA cycle"))
    expect(heading(page)).to_have_text("Plan PDSA cycle 1")
    type_into(page.get_by_label("Plan: what change will you test?"), "Name boards by each bed")
    type_into(page.get_by_label("Plan: what do you predict will happen?"), "Names used more")
    type_into(page.get_by_label("Plan: how will you know?"), "Ask 10 people each month")
    type_date(page, "started_on", months[-1])
    activate(page.get_by_role("button", name="Start the cycle"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose at least one person with lived experience"
    )
    expect(page.get_by_label("Plan: what change will you test?")).to_have_value(
        "Name boards by each bed"
    )
    assert_accessible(page, context="PDSA cycle, errors")
    tick(page.get_by_label("Rita"))
    activate(page.get_by_role("button", name="Start the cycle"))
    expect(page.locator(".nhsuk-card")).to_contain_text("Rita")

    activate(page.get_by_role("link", name="Record what happened in cycle 1"))
    expect(heading(page)).to_contain_text("PDSA cycle 1: do, study, act")
    type_into(page.get_by_label("Do: what happened?"), "Boards went up on 8 of 12 beds.")
    type_into(
        page.get_by_label("Study: how did the result compare with the prediction?"),
        "Names were used more by day, not at night.",
    )
    tick(page.get_by_label("Adapt: change it and test again"))
    activate(page.get_by_role("button", name="Save"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Say what the next cycle will change"
    )
    assert_accessible(page, context="do, study, act, errors")
    type_into(
        page.get_by_label("What will the next cycle try?"),
        "Add the chosen name to the night handover sheet",
    )
    activate(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Adapt: change it and test again")).to_be_visible()

    # The second cycle starts from the first one's act step.
    activate(page.get_by_role("link", name="Plan the next PDSA cycle"))
    expect(heading(page)).to_have_text("Plan PDSA cycle 2")
    expect(page.get_by_label("Plan: what change will you test?")).to_have_value(
        "Add the chosen name to the night handover sheet"
    )
    expect(page.get_by_label("Plan: how will you know?")).to_have_value("Ask 10 people each month")
    expect(page.get_by_label("Rita")).to_be_checked()
    assert_accessible(page, context="PDSA cycle 2, prefilled")
    screenshot(page, "always-event-cycle-2")
    tick(page.get_by_label("Eve"))
    type_into(
        page.get_by_label("Plan: what do you predict will happen?"), "Names used at night too"
    )
    type_date(page, "started_on", this_month)
    activate(page.get_by_role("button", name="Start the cycle"))
    expect(page.locator(".nhsuk-card")).to_have_count(2)
    cycle = PdsaCycle.objects.get(number=2)
    assert {p.display_name for p in cycle.people.all()} == {"Rita", "Eve"}

    # The reliability measure: last month's count, a mistake first.
    activate(page.get_by_role("link", name=re.compile("See the counts for Willow ward")))
    expect(heading(page)).to_contain_text("How reliably it happens in Willow ward")
    activate(page.get_by_role("link", name="Record a count"))
    type_date(page, "period_start", months[-1])
    type_into(page.get_by_label("How many times did it happen?"), "12")
    type_into(page.get_by_label("How many times should it have happened?"), "10")
    activate(page.get_by_role("button", name="Save count"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "It cannot have happened more times than it should have happened"
    )
    assert_accessible(page, context="reliability count, errors")
    type_into(page.get_by_label("How many times did it happen?"), "9")
    activate(page.get_by_role("button", name="Save count"))

    chart = page.locator("section.app-chart")
    expect(chart.get_by_role("img", name=re.compile("How reliably it happens"))).to_be_visible()
    expect(chart).to_contain_text("Target 90")
    expect(chart).to_contain_text("Upper limit")
    expect(chart).to_contain_text("it happened 9 times out of 10 (90%)")
    activate(chart.locator("summary"))
    expect(chart.locator("table")).to_contain_text("90.0%")
    assert_accessible(page, context="the reliability chart")
    screenshot(page, "always-event-reliability")
    resize(page, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "always-event-reliability-390")
    resize(page, {"width": 1280, "height": 900})

    page.goto(f"/always-events/{event.pk}/")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Testing")
    assert_accessible(page, context="the Always Event in testing")
    screenshot(page, "always-event-detail")
    event.refresh_from_db()
    assert event.stage == Stage.TESTING
    assert event.statement == STATEMENT
    assert event.criteria_met()
    assert ReliabilityEntry.objects.count() == 15
    assert csp_violations == []

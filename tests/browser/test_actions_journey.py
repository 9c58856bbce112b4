"""A REIS finding becomes an action, goes overdue and reaches the dashboard.

By keyboard only, in a real browser: a ward's member of staff opens their
services' actions, the ward's REIS cycles, adds an action from a finding
(meeting the errors of an empty form), tries to mark it done without evidence
(an error), then days pass (the due date moves into the past, as if they had)
and the action is overdue on the dashboard, from where it is marked done with
its evidence. axe-core runs on every page and every error state.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_projects_journey import follow_menu, press, type_date, type_into
from tests.factories import reis_assessment

pytestmark = pytest.mark.django_db(transaction=True)

WHAT = "Put a clock people can read from the sofa in the lounge"
FINDING = "People lose track of time in the lounge; there is no clock."


def test_a_reis_finding_becomes_an_action_that_goes_overdue_and_reaches_the_dashboard(
    page, live_server, world
):
    reis_assessment(
        world["project"],
        date=datetime.date(2025, 10, 6),
        ratings={"space": 3, "objects": 3, "relationships": 3, "activities": 2},
    )
    reis_assessment(
        world["project"],
        date=datetime.date(2026, 4, 6),
        ratings={"space": 2, "objects": 3, "relationships": 4, "activities": 2},
        findings={"space": FINDING},
    )
    soon = timezone.localdate() + datetime.timedelta(days=5)
    sign_in(page, live_server, world["staff"])
    page.goto("/")

    # My actions, then the ward's actions and its REIS cycles.
    follow_menu(page, "My actions")
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.get_by_text("No actions match this filter.")).to_be_visible()
    assert_accessible(page, context="my actions, empty")
    press(page.get_by_role("link", name="See your services' actions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Services' actions")
    assert_accessible(page, context="services' actions")
    press(page.get_by_role("link", name="Willow ward"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions for Willow ward")
    press(page.get_by_role("link", name="Environmental assessments (REIS) for Willow ward"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Environmental assessments (REIS)")
    expect(page.get_by_text(FINDING)).to_be_visible()
    latest = page.get_by_role("region", name=re.compile("Scores on 6 April 2026"))
    expect(latest.get_by_role("row", name=re.compile("^Everyday space"))).to_contain_text(
        "Down from 3"
    )
    # Six months after the last assessment (REIS_REASSESSMENT_MONTHS).
    if timezone.localdate() > datetime.date(2026, 10, 6):
        expect(page.get_by_text("The next assessment was due on 6 October 2026.")).to_be_visible()
    else:
        expect(page.get_by_text("The next assessment is due by")).to_contain_text("6 October 2026")
    assert_accessible(page, context="REIS cycles")
    screenshot(page, "actions-reis-cycles")

    # An action from the finding: the empty form first.
    press(latest.get_by_role("link", name="Add an action for everyday space on 6 April 2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    expect(page.get_by_text(FINDING)).to_be_visible()
    press(page.get_by_role("button", name="Add the action"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter what will be done")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter when it is due")).to_be_visible()
    assert_accessible(page, context="add an action, with errors")
    screenshot(page, "actions-raise-errors")
    type_into(page.get_by_label("What will be done?"), WHAT)
    type_date(page, "When is it due?", str(soon.day), str(soon.month), str(soon.year))
    press(page.get_by_role("button", name="Add the action"))
    expect(page.get_by_role("heading", level=1)).to_have_text(WHAT)
    expect(page.get_by_text("Action added to the log.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Everyday space"))).to_be_visible()
    assert_accessible(page, context="the action")
    action = Action.objects.get()
    assert (action.owner, action.service, action.due_on) == (
        world["staff"],
        world["service"],
        soon,
    )

    # Marking it done needs evidence.
    press(page.get_by_role("link", name="Mark as done"))
    expect(page.get_by_role("heading", level=1)).to_have_text(WHAT)
    press(page.get_by_role("button", name="Mark as done"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    expect(page.locator(".nhsuk-error-message")).to_contain_text("Enter what shows it is done")
    assert_accessible(page, context="mark as done, no evidence")
    screenshot(page, "actions-done-error")
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN

    # Days pass: the due date is behind us now.
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - datetime.timedelta(1))
    follow_menu(page, "Dashboard")
    overdue = page.get_by_role("region", name=re.compile("Overdue actions you can open"))
    expect(overdue.get_by_role("link", name=WHAT)).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 action\s+is past its due date"))).to_be_visible()
    assert_accessible(page, context="dashboard with an overdue action")
    press(overdue.get_by_role("link", name=WHAT))
    expect(page.get_by_role("heading", name=re.compile("Overdue"))).to_be_visible()
    assert_accessible(page, context="an overdue action")
    screenshot(page, "actions-overdue")
    press(page.get_by_role("link", name="Mark as done"))
    type_into(
        page.get_by_label("What shows it is done?"),
        "The clock is up by the window; two residents chose the place.",
    )
    press(page.get_by_role("button", name="Mark as done"))
    expect(page.get_by_text("Marked as done.")).to_be_visible()
    expect(page.locator(".nhsuk-tag", has_text="Done")).to_be_visible()
    follow_menu(page, "Dashboard")
    expect(page.get_by_text(re.compile("no actions are overdue"))).to_be_visible()
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

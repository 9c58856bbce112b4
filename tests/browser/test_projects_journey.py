"""The projects journey, with the keyboard only and axe-core on every page.

A staff lead starts a project, makes an expert by experience its co-lead and logs
a workshop with three people with lived experience (one new to the register) and
their payments. The co-lead then signs in, adds what changed, and finds the hours
and the payment on "My involvement". Every form is tried empty or wrong first.

Nothing is clicked: links and buttons get focus and Enter, boxes and radios get
Space, and text is typed into the focused field.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from projects.models import Activity, Membership, Person, Project
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PersonFactory

PROJECT = "Quieter mornings on Willow"
WORKSHOP = "Morning routine workshop"
WHAT_CHANGED = "Breakfast now starts at 8.30, and people choose when to wake."


def press(target: Locator, key: str = "Enter") -> None:
    """Move the keyboard focus to `target` and press a key there."""
    target.focus()
    expect(target).to_be_focused()
    target.page.keyboard.press(key)


def tick(target: Locator) -> None:
    press(target, "Space")
    expect(target).to_be_checked()


def type_into(target: Locator, text: str) -> None:
    target.focus()
    target.fill(text)


def choose(select: Locator, label: str) -> None:
    """Pick an option of a <select> by typing the start of its label, as people do."""
    select.focus()
    select.page.keyboard.type(label)
    expect(select.locator("option:checked")).to_have_text(re.compile(f"^{re.escape(label)}"))


def type_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    type_into(group.get_by_label("Day"), day)
    type_into(group.get_by_label("Month"), month)
    type_into(group.get_by_label("Year"), year)


def type_sign_in(page: Page, email: str, password: str, *, check_accessible: bool = True) -> None:
    page.goto("/account/sign-in/")
    if check_accessible:  # axe-core needs JavaScript.
        assert_accessible(page, context="sign-in")
    type_into(page.get_by_label("Email address"), email)
    type_into(page.get_by_label("Password"), password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_menu(page: Page, name: str) -> None:
    press(page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True))


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def error_summary(page: Page) -> Locator:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def test_a_lead_and_an_expert_co_lead_keep_the_record_with_the_keyboard_only(
    page, live_server, world, password, csp_violations
):
    staff, co_lead, rita = world["staff"], world["outsider_expert"], world["person"]
    # The co-lead is already on the register, recorded by the staff lead, and
    # linked to their account: that is what makes "My involvement" theirs.
    PersonFactory(display_name="Oscar", user=co_lead, created_by=staff)

    # 1. The staff lead signs in and starts a project.
    type_sign_in(page, staff.email, password)
    expect(heading(page)).to_have_text(f"Hello, {staff.name}")
    assert_accessible(page, context="staff home")
    follow_menu(page, "Projects")
    expect(heading(page)).to_have_text("Projects")
    assert_accessible(page, context="project list")
    press(page.get_by_role("link", name="Start a project"))
    expect(heading(page)).to_have_text("Start a project")
    assert_accessible(page, context="empty project form")

    press(page.get_by_role("button", name="Save project"))
    summary = error_summary(page)
    # The status starts as "Idea", so it cannot be missing.
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter a title",
            "Enter what matters most to the people this project is for",
            "Choose at least one service",
            "Enter the date the project started or will start",
        ]
    )
    assert_accessible(page, context="project form with errors")
    screenshot(page, "journey-project-errors")
    assert not Project.objects.filter(title=PROJECT).exists()

    press(summary.get_by_role("link", name="Enter a title"))
    title = page.get_by_label("Title", exact=True)
    expect(title).to_be_focused()
    title.fill(PROJECT)
    page.keyboard.press("Tab")
    aim = page.get_by_label("What matters most")
    expect(aim).to_be_focused()
    aim.fill("Mornings that start when people are ready, not when the shift changes.")
    tick(page.get_by_role("group", name="Services").get_by_label("Willow ward"))
    tick(page.get_by_role("group", name="Status").get_by_label("Active", exact=True))
    type_date(page, "Start date", "1", "9", "2026")
    press(page.get_by_role("button", name="Save project"))

    expect(heading(page)).to_have_text(PROJECT)
    expect(page.get_by_text(f"Project “{PROJECT}” created")).to_be_visible()
    expect(page.get_by_role("row", name=f"{staff.name} Lead")).to_be_visible()
    expect(page.get_by_text("No activities logged yet.")).to_be_visible()
    assert_accessible(page, context="new project page")
    project = Project.objects.get(title=PROJECT)
    assert list(project.services.all()) == [world["service"]]

    # 2. The expert by experience becomes a co-lead.
    press(page.get_by_role("link", name="Add someone to this project"))
    expect(heading(page)).to_have_text(f"Add someone to {PROJECT}")
    assert_accessible(page, context="empty add-someone form")
    press(page.get_by_role("button", name="Add to project"))
    summary = error_summary(page)
    expect(summary.get_by_role("link", name="Choose who to add")).to_be_visible()
    assert_accessible(page, context="add-someone form with errors")
    press(summary.get_by_role("link", name="Choose who to add"))
    person_box = page.get_by_label("Person", exact=True)
    expect(person_box).to_be_focused()
    choose(person_box, co_lead.name)
    tick(page.get_by_role("group", name="Their part in the project").get_by_label("Lead"))
    press(page.get_by_role("button", name="Add to project"))
    expect(heading(page)).to_have_text(PROJECT)
    expect(page.get_by_role("row", name=f"{co_lead.name} Lead")).to_be_visible()
    assert_accessible(page, context="project page with a co-lead")
    assert project.memberships.get(user=co_lead).role == Membership.Role.LEAD

    # 3. The staff lead logs a workshop and who took part.
    press(page.get_by_role("link", name="Log an activity"))
    expect(heading(page)).to_contain_text("Log an activity")
    assert_accessible(page, context="empty log form")
    # Start again on a fresh page: axe leaves empty style attributes behind, and
    # htmx's attribute settling would copy them, which the CSP (rightly) reports.
    page.reload()

    type_date(page, "Date", "12", "11", "2026")
    choose(page.get_by_label("Kind of activity"), "Workshop")
    type_into(page.get_by_label("Title", exact=True), WORKSHOP)
    type_into(page.get_by_label("Hours", exact=True), "2")

    # Person 1 is new to the register.
    new_person = page.locator("#participant-1")
    type_into(new_person.get_by_label("Name to show"), "Nadia")
    choose(new_person.get_by_label("Their kind of experience"), "Carer or partner in care")
    tick(new_person.get_by_label("They agree to us keeping their details"))
    tick(new_person.get_by_label("They agree to us contacting them about co-production"))
    type_into(new_person.get_by_label("Hours, including preparation"), "2")

    # The others are found on the register; htmx redraws only the participants
    # (the mark on the window survives that, not a page load) and leaves the
    # keyboard focus on the button that was pressed.
    third = page.locator("#participant-3")
    expect(third.get_by_role("option", name="Rita")).to_have_count(0)
    page.evaluate("window.notReloaded = true")
    find_box = page.get_by_label("Find someone on the register")
    find_button = page.get_by_role("button", name="Find", exact=True)
    type_into(find_box, "rit")
    press(find_button)
    expect(page.get_by_role("status").filter(has_text="Found 1 person: Rita")).to_be_visible()
    expect(find_button).to_be_focused()
    expect(new_person.get_by_label("Name to show")).to_have_value("Nadia")
    expect(page.get_by_label("Title", exact=True)).to_have_value(WORKSHOP)
    choose(third.get_by_label("Someone on the register"), "Rita")
    # A slip of the finger: hours cannot be negative.
    type_into(third.get_by_label("Hours, including preparation"), "-2")

    # Enter in the search box finds too: Find is the form's first button.
    press(find_box, "Control+A")
    page.keyboard.type("osc")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Found 1 person: Oscar")).to_be_visible()
    expect(find_box).to_be_focused()
    expect(third.get_by_label("Someone on the register")).to_have_value(str(rita.pk))
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page, context="log form after finding people")
    second = page.locator("#participant-2")
    choose(second.get_by_label("Someone on the register"), "Oscar")
    type_into(second.get_by_label("Hours, including preparation"), "2")
    tick(second.get_by_label("Chose to take less"))
    type_into(second.get_by_label("Amount they took, in pounds, if they chose less"), "25")

    press(page.get_by_role("button", name="Save activity"))
    summary = error_summary(page)
    expect(summary.get_by_role("listitem")).to_have_text(["Person 3: Hours must be more than 0"])
    # Everything typed is still there, and nothing was saved.
    expect(page.get_by_label("Title", exact=True)).to_have_value(WORKSHOP)
    expect(page.get_by_label("Kind of activity")).to_have_value("workshop")
    expect(new_person.get_by_label("Name to show")).to_have_value("Nadia")
    expect(new_person.get_by_label("They agree to us keeping their details")).to_be_checked()
    expect(second.get_by_label("Chose to take less")).to_be_checked()
    expect(second.get_by_label("Amount they took, in pounds, if they chose less")).to_have_value(
        "25"
    )
    expect(third.get_by_label("Someone on the register")).to_have_value(str(rita.pk))
    expect(third.get_by_label("Hours, including preparation")).to_have_value("-2")
    assert_accessible(page, context="log form with errors")
    screenshot(page, "journey-log-errors")
    assert not Activity.objects.filter(title=WORKSHOP).exists()
    assert not Person.objects.filter(display_name="Nadia").exists()

    press(summary.get_by_role("link", name="Person 3: Hours must be more than 0"))
    rita_hours = third.get_by_label("Hours, including preparation")
    expect(rita_hours).to_be_focused()
    rita_hours.fill("1.5")
    press(page.get_by_role("button", name="Save activity"))

    expect(heading(page)).to_contain_text(WORKSHOP)
    expect(page.get_by_text(f"“{WORKSHOP}” is logged")).to_be_visible()
    taking_part = page.get_by_role("table", name=re.compile("^Who took part"))
    # Name, part, hours, payment, fee due, fee paid, expenses, date paid.
    for row in [
        "Nadia Took part 2 Paid in full £40.00 £40.00 £0.00 Not paid yet",
        "Oscar Took part 2 Chose to take less £40.00 £25.00 £0.00 Not paid yet",
        "Rita Took part 1.5 Paid in full £30.00 £30.00 £0.00 Not paid yet",
    ]:
        expect(taking_part.get_by_role("row", name=row, exact=True)).to_be_visible()
    assert_accessible(page, context="activity page")
    screenshot(page, "journey-activity")
    nadia = Person.objects.get(display_name="Nadia")
    assert (nadia.experience, nadia.consent_to_store, nadia.consent_to_contact) == (
        Person.Experience.CARER,
        True,
        True,
    )
    assert Activity.objects.get(title=WORKSHOP).involvements.count() == 3

    press(page.get_by_role("main").get_by_role("link", name=PROJECT))
    expect(heading(page)).to_have_text(PROJECT)
    timeline = page.locator(".app-timeline__item").filter(has_text=WORKSHOP)
    expect(timeline).to_contain_text("Workshop")
    expect(timeline).to_contain_text("3 taking part, 3 with lived experience")
    assert_accessible(page, context="project page with the workshop")
    screenshot(page, "journey-project-after-logging")

    # 4. The co-lead signs in, says what changed, and sees their own record.
    press(page.get_by_role("button", name="Sign out"))
    expect(heading(page)).to_have_text("Sign in")
    type_sign_in(page, co_lead.email, password)
    expect(heading(page)).to_have_text(f"Hello, {co_lead.name}")
    assert_accessible(page, context="co-lead home")
    follow_menu(page, "Projects")
    expect(heading(page)).to_have_text("Projects")
    assert_accessible(page, context="project list for the co-lead")
    press(page.get_by_role("link", name=PROJECT))
    expect(heading(page)).to_have_text(PROJECT)
    assert_accessible(page, context="project page for the co-lead")
    press(page.get_by_role("link", name=WORKSHOP))
    expect(heading(page)).to_contain_text(WORKSHOP)
    expect(page.get_by_text("Nothing recorded yet.")).to_be_visible()
    assert_accessible(page, context="activity page for the co-lead")
    press(page.get_by_role("link", name="Change activity"))
    expect(heading(page)).to_contain_text("Change an activity")
    assert_accessible(page, context="activity edit form")

    # The title is cleared by mistake: the error comes back with the new words kept.
    type_into(page.get_by_label("Title", exact=True), "")
    type_into(page.get_by_label("What changed because of this (optional)"), WHAT_CHANGED)
    press(page.get_by_role("button", name="Save changes"))
    summary = error_summary(page)
    expect(summary.get_by_role("listitem")).to_have_text(["Enter a title"])
    expect(page.get_by_label("What changed because of this (optional)")).to_have_value(WHAT_CHANGED)
    assert_accessible(page, context="activity edit form with errors")
    press(summary.get_by_role("link", name="Enter a title"))
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type(WORKSHOP)
    press(page.get_by_role("button", name="Save changes"))

    expect(heading(page)).to_contain_text(WORKSHOP)
    expect(page.get_by_text(f"Changes to “{WORKSHOP}” are saved")).to_be_visible()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text(WHAT_CHANGED)
    expect(page.get_by_role("row", name=re.compile(r"^Oscar .*£25\.00"))).to_be_visible()
    assert_accessible(page, context="activity page after the co-lead's change")
    assert Activity.objects.get(title=WORKSHOP).what_changed == WHAT_CHANGED

    follow_menu(page, "My involvement")
    expect(heading(page)).to_have_text("Your involvement")
    expect(page.get_by_role("listitem").filter(has_text=PROJECT)).to_contain_text(
        "(you lead this project)"
    )
    took_part = page.get_by_role("table", name=re.compile("^What you took part in"))
    expect(took_part.get_by_role("row", name=re.compile(WORKSHOP))).to_contain_text(
        re.compile(
            r"12 Nov 2026.*Took part\s*2\s*£25\.00 \(you chose to take less\)\s*Not paid yet", re.S
        )
    )
    expect(page.get_by_role("listitem").filter(has_text=WHAT_CHANGED)).to_contain_text(WORKSHOP)
    assert_accessible(page, context="my involvement")
    screenshot(page, "journey-my-involvement")

    # 5. Nothing the Content Security Policy had to block, on any page.
    assert csp_violations == []


def test_finding_someone_on_the_register_works_without_javascript(
    browser, browser_context_args, world, password
):
    PersonFactory(display_name="Ravi", created_by=world["staff"])
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    page = context.new_page()
    type_sign_in(page, world["staff"].email, password, check_accessible=False)
    page.goto(f"/projects/{world['project'].pk}/activities/new/")
    register = page.locator("#participant-3").get_by_label("Someone on the register")
    expect(register.get_by_role("option", name="Ravi")).to_have_count(0)
    type_into(page.get_by_label("Title", exact=True), WORKSHOP)
    type_into(page.get_by_label("Find someone on the register"), "rav")
    press(page.get_by_role("button", name="Find", exact=True))
    # The whole page comes back, with what was typed, no complaints about the
    # empty boxes, and Ravi ready to choose.
    expect(page.get_by_role("status")).to_contain_text("Found 1 person: Ravi")
    expect(register.get_by_role("option", name="Ravi")).to_have_count(1)
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(page.get_by_label("Title", exact=True)).to_have_value(WORKSHOP)
    expect(page.get_by_label("Find someone on the register")).to_have_value("rav")
    choose(register, "Ravi")
    context.close()

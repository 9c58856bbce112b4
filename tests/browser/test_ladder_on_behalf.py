"""A lead enters someone's answer for them, and an expert who prefers Easy Read
reads the rung in Easy Read, at desktop width and on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ladder import services
from projects.models import Person
from projects.rungs import Rung
from tests.browser.conftest import PHONE, assert_accessible, resize, screenshot, sign_in
from tests.factories import CONSULTATION_ANSWERS, InvitationFactory, RoundFactory, personal_link


def classify(world) -> None:
    services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )


def test_a_lead_enters_an_answer_on_someones_behalf(page, live_server, world, csp_violations):
    classify(world)
    sign_in(page, live_server, world["staff"])
    page.goto(f"/ladder/activities/{world['activity'].pk}/")
    page.get_by_role("link", name="Enter their answer for Rita").click()
    expect(page.get_by_role("heading", name=re.compile("Enter Rita.s answer"))).to_be_visible()
    assert_accessible(page, context="on behalf, empty")

    page.get_by_label("Why, in their words (optional)").fill("It was only a survey.")
    page.get_by_role("button", name="Save their answer").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Why, in their words (optional)")).to_have_value(
        "It was only a survey."
    )
    assert_accessible(page, context="on behalf, errors")
    screenshot(page, "ladder-on-behalf-error")
    resize(page, PHONE)
    assert_accessible(page, context="on behalf, errors, 390px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "ladder-on-behalf-error-390")

    page.get_by_label("No, I see it differently").check()
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Save their answer").click()
    expect(page.get_by_text(re.compile("entered on behalf by Sam"))).to_be_visible()
    assert_accessible(page, context="activity with an answer entered on behalf, 390px")
    screenshot(page, "ladder-activity-on-behalf-390")
    resize(page, {"width": 1280, "height": 900})
    screenshot(page, "ladder-activity-on-behalf")
    assert csp_violations == []


def test_an_expert_who_prefers_easy_read_reads_the_rung_in_easy_read(page, live_server, world):
    classify(world)
    Person.objects.filter(pk=world["expert_person"].pk).update(
        preferred_format=Person.Format.EASY_READ
    )
    sign_in(page, live_server, world["expert"])
    page.goto(f"/ladder/activities/{world['activity'].pk}/confirm/")
    picture = page.get_by_role("img", name=re.compile("Their speech bubble has a question mark"))
    expect(picture).to_be_visible()
    expect(page.get_by_text("They might use your ideas.")).to_be_visible()
    assert_accessible(page, context="confirm in Easy Read")
    screenshot(page, "ladder-confirm-easy-read")
    resize(page, PHONE)
    assert_accessible(page, context="confirm in Easy Read, 390px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "ladder-confirm-easy-read-390")


def test_someone_who_prefers_easy_read_answers_a_principle_in_easy_read(page, live_server, world):
    Person.objects.filter(pk=world["person"].pk).update(preferred_format=Person.Format.EASY_READ)
    round_ = RoundFactory(project=world["project"], name="Start of the project")
    page.goto(personal_link(InvitationFactory(round=round_, person=world["person"])))
    page.get_by_label("Carer or partner in care").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("img", name="A pair of scales, level on both sides.")).to_be_visible()
    expect(page.get_by_text("We make the big choices together.")).to_be_visible()
    assert_accessible(page, context="principle question in Easy Read")
    screenshot(page, "principles-question-easy-read")
    resize(page, PHONE)
    assert_accessible(page, context="principle question in Easy Read, 390px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "principles-question-easy-read-390")

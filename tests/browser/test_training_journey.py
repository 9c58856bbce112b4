"""Issue 21 by keyboard only, with axe-core on every page: a training cohort whose
participants rate themselves at the start and at follow-up (by a personal link,
and on paper typed in by staff), with the change shown per team and nothing from
2 people; and a plan's standards made from the national Co-Production Model."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.principle_texts import CODES
from projects.standard_templates import PARTS
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PersonFactory, PlanFactory
from training.models import Cohort, Member, SelfRating, Stage, Team
from training.services import rating_for, rating_save

TODAY = timezone.localdate()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def press(page: Page, role: str, name: str) -> None:
    page.get_by_role(role, name=name, exact=True).first.press("Enter")


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def expect_error(page: Page, message: str, context: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(message)
    assert_accessible(page, context=context)


def rate_everything(page: Page, scores: list[int]) -> None:
    for code, score in zip(CODES, scores, strict=True):
        page.locator(f"input[name='{code}'][value='{score}']").press("Space")


def seed(team: Team, stage: str, scores: list[int]) -> None:
    for member, score in zip(team.members.order_by("pk"), scores, strict=True):
        rating = rating_for(member=member, stage=stage)
        rating_save(rating=rating, scores=dict.fromkeys(CODES, score))


def add_people(team: Team, names: list[str]) -> None:
    for name in names:
        Member.objects.create(team=team, person=PersonFactory(display_name=name))


def test_a_cohort_shows_change_per_team_and_hides_small_groups(page, browser, live_server, world):
    sign_in(page, live_server, world["admin"])
    page.goto("/")
    press(page, "link", "Co-production training")
    expect(heading(page)).to_have_text("Co-production training")
    assert_accessible(page, context="training list")
    press(page, "link", "Start a cohort")
    expect(heading(page)).to_have_text("Start a training cohort")
    assert_accessible(page, context="cohort form")

    # A follow-up before the start is refused, and what was typed stays.
    page.get_by_label("Name of the cohort").fill("May cohort")
    fill_date(page, "Starts on", TODAY - datetime.timedelta(days=180))
    fill_date(page, "Follow-up ratings from", TODAY - datetime.timedelta(days=200))
    page.get_by_label("Sam Staff").press("Space")
    press(page, "button", "Save cohort")
    expect_error(page, "The follow-up date must be the same as or after the start", "cohort error")
    screenshot(page, "training-cohort-error")
    expect(page.get_by_label("Name of the cohort")).to_have_value("May cohort")
    fill_date(page, "Follow-up ratings from", TODAY - datetime.timedelta(days=7))
    press(page, "button", "Save cohort")
    expect(heading(page)).to_contain_text("May cohort")
    cohort = Cohort.objects.get()

    # A team: its aim is needed.
    press(page, "link", "Add a team")
    page.get_by_label("Team name").fill("Willow")
    page.get_by_label("Better nights on Willow").press("Space")
    press(page, "button", "Save team")
    expect_error(page, "Enter the team's co-production aim", "team error")
    page.get_by_label("The team's co-production aim").fill("Patients help redesign night checks")
    press(page, "button", "Save team")
    expect(heading(page)).to_contain_text("Willow")
    assert_accessible(page, context="team page")
    screenshot(page, "training-team")

    # Rita joins from the register.
    press(page, "link", "Add someone to the team")
    press(page, "button", "Add to team")
    expect_error(page, "Choose a member of staff or someone on the register", "member error")
    page.get_by_label("Or someone on the register").focus()
    page.keyboard.type("Rita")
    press(page, "button", "Add to team")
    expect(page.locator(".nhsuk-card, main")).to_contain_text("Rita")
    willow = Team.objects.get(name="Willow")
    rita = willow.members.get()

    # The rest of the cohort, made directly: Willow grows to 4; Birch has 3, Oak 2.
    add_people(willow, ["Wyn", "Wes", "Wren"])
    birch = Team.objects.create(cohort=cohort, name="Birch", aim="Families shape visiting")
    add_people(birch, ["Bea", "Bo", "Bill"])
    oak = Team.objects.create(cohort=cohort, name="Oak", aim="Peer workers on panels")
    add_people(oak, ["Ola", "Oz"])
    others = list(willow.members.exclude(pk=rita.pk).order_by("pk"))
    for member, score in zip(others, [2, 2, 3], strict=True):
        rating_save(
            rating=rating_for(member=member, stage=Stage.BASELINE),
            scores=dict.fromkeys(CODES, score),
        )
        rating_save(
            rating=rating_for(member=member, stage=Stage.FOLLOW_UP), scores=dict.fromkeys(CODES, 4)
        )
    seed(birch, Stage.BASELINE, [3, 3, 3])
    seed(birch, Stage.FOLLOW_UP, [4, 4, 4])
    seed(oak, Stage.BASELINE, [1, 1])
    seed(oak, Stage.FOLLOW_UP, [5, 5])

    # Rita rates herself at the start by her personal link, shown once to staff.
    page.goto(f"/training/cohorts/{cohort.pk}/")
    press(page, "link", "Personal link for Rita, at the start")
    assert_accessible(page, context="link page")
    press(page, "button", "Make a new link")
    expect(heading(page)).to_contain_text("New link for Rita")
    link = page.locator("code.principles-link").inner_text()
    screenshot(page, "training-new-link")
    own = browser.new_context(base_url=live_server.url, locale="en-GB")
    phone = own.new_page()
    phone.goto(link)
    assert "/training/r/" not in phone.url
    expect(heading(phone)).to_contain_text("How confident do you feel?")
    assert_accessible(phone, context="rating form")
    press(phone, "button", "Send ratings")
    expect_error(phone, "Choose how confident you feel about power", "rating form error")
    screenshot(phone, "training-rating-error")
    rate_everything(phone, [2] * 7)
    press(phone, "button", "Send ratings")
    expect(heading(phone)).to_have_text("Thank you, your ratings are sent")
    assert_accessible(phone, context="rating sent")
    own.close()
    assert SelfRating.objects.get(member=rita, stage=Stage.BASELINE).entered_on_behalf_by is None

    # Her follow-up came on paper: staff type it in, marked as theirs.
    page.goto(f"/training/cohorts/{cohort.pk}/")
    press(page, "link", "Type in from paper for Rita, at follow-up")
    expect(heading(page)).to_contain_text("Rita's ratings from paper")
    rate_everything(page, [4] * 7)
    press(page, "button", "Save their ratings")
    expect(heading(page)).to_contain_text("May cohort")
    paper = SelfRating.objects.get(member=rita, stage=Stage.FOLLOW_UP)
    assert paper.entered_on_behalf_by == world["admin"]

    # The programme page: Willow's 4 people show change; Oak's 2 show nothing, and
    # Birch (the next smallest) is hidden too, so Oak's cannot be worked out.
    assert_accessible(page, context="programme page")
    screenshot(page, "training-programme")
    tables = {
        name: page.locator("section", has=page.get_by_role("heading", name=name, exact=True))
        for name in ("Willow", "Birch", "Oak")
    }
    # (2 + 2 + 3 + 2) / 4 = 2.3 at the start, 4.0 at follow-up.
    expect(tables["Willow"]).to_contain_text("Up 1.7")
    expect(tables["Oak"]).to_contain_text("Fewer than 3 people")
    expect(tables["Oak"]).not_to_contain_text("Up ")
    expect(tables["Birch"]).to_contain_text("Fewer than 3 people")
    whole = page.get_by_role("region", name="The whole cohort")
    expect(
        whole.get_by_role("row", name=re.compile("^People who rated themselves"))
    ).to_contain_text("9")
    # What Rita said is hers: her row says only that she sent it.
    rita_row = tables["Willow"].get_by_role("row", name=re.compile("^Rita"))
    expect(rita_row).to_have_text(re.compile(r"^\s*Rita\s+Sent\s+Sent\s*$"))


def test_an_admin_makes_a_plans_standards_from_the_co_production_model(page, live_server, world):
    plan = PlanFactory(service=world["service"])
    sign_in(page, live_server, world["admin"])
    page.goto(f"/projects/plans/{plan.pk}/")
    press(page, "link", "Start from a template")
    expect(heading(page)).to_contain_text("Start the standards from a template")
    assert_accessible(page, context="template choice")
    press(page, "button", "Add these standards")
    expect_error(page, "Choose a template to start from", "template choice error")
    screenshot(page, "standards-template-error")
    page.get_by_label("The national Co-Production Model").press("Space")
    press(page, "button", "Add these standards")
    expect(page.locator(".nhsuk-notification-banner, [role=alert], main").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("12 standards added")
    expect(page.locator("main")).to_contain_text(
        "From the Co-Production Model: Step: review and share what was learned"
    )
    assert_accessible(page, context="plan with model standards")
    screenshot(page, "standards-from-model")
    assert list(plan.standards.values_list("model_part", flat=True)) == [
        str(part.part.value) for part in PARTS
    ]

    # Saved as the admins' own template, for the next plan.
    press(page, "link", "Save these standards as a template")
    press(page, "button", "Save as a template")
    expect_error(page, "Enter a name for the template", "template name error")
    page.get_by_label("Name of the template").fill("Wards 2026")
    press(page, "button", "Save as a template")
    expect(page.locator("main")).to_contain_text("Saved as the template “Wards 2026”")

"""Issue 19's acceptance journey, from an opportunity to a payment, by keyboard only.

A lead posts an opportunity. Rita (no account) says she is interested by her
personal link; Paul, who prefers post, sends a paper form and staff record it for
him. The fair shortlist explains itself without giving away anyone's equality
answers; staff adjust its suggestion and tell people: emails go through the
outbox and Paul's letter is a PDF. Rita accepts by her link, Paul by phone
(recorded by staff); the activity is logged from the opportunity with both on it
at the agreed pay, and Paul's limit warning shows. A finance user signs in with
two-factor, gathers the payments into a run, sees the warning there too, and
downloads the run for the finance system.

Nothing is clicked: links, buttons and fields are reached with Tab (or given
focus, for radios, which Tab enters only at the ticked one) and used with Enter,
Space and typing. axe-core checks every page and every error state at desktop
width and at 390 px.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from opportunities.models import Decision, Interest, Opportunity, Reply
from outbox.models import OutboundEmail
from personal.services import link_new
from projects.models import EqualityMonitoring, Involvement, PaymentRun, Person
from projects.models.payments import tax_year_of
from projects.models.population import population_profile_save
from tests.browser.conftest import ARTIFACTS, PHONE, assert_accessible, screenshot, sign_in
from tests.factories import (
    ActivityFactory,
    InterestFactory,
    InvolvementFactory,
    PersonFactory,
)
from tests.two_factor import code_now

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Interview panel for a ward manager"
RITA_NEEDS = "A quiet room, and travel costs paid on the day."
PAUL_NEEDS = "Someone to meet me at the entrance."
# Words that would give someone's equality answers away on the shortlist.
ANSWER_WORDS = ["Black", "White", "18 to 24", "50 to 64", "thnic", "Age band"]

# Keyboard ------------------------------------------------------------------------

MAX_TABS = 400


def tab_to(target: Locator) -> None:
    """Press Tab until `target` has the focus, as someone with a keyboard would.
    Fails if it is never reached (not in the tab order, or hidden)."""
    page = target.page
    expect(target).to_be_visible()
    handle = target.element_handle()
    for _ in range(MAX_TABS):
        if page.evaluate("el => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def press(target: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and press a key there."""
    tab_to(target)
    target.page.keyboard.press(key)


def follow(target: Locator) -> None:
    """Tab to a link or button and press Enter; wait for the next page."""
    with target.page.expect_navigation():
        press(target)


def type_into(target: Locator, text: str) -> None:
    """Tab to a box, clear it and type."""
    tab_to(target)
    page = target.page
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def tick(target: Locator) -> None:
    """A checkbox: Tab to it and press Space."""
    press(target, "Space")


def choose_radio(target: Locator) -> None:
    """Tab enters a radio group only at its ticked radio (or the first): give
    the radio the focus, as the arrow keys would, and press Space."""
    target.focus()
    expect(target).to_be_focused()
    target.page.keyboard.press("Space")
    expect(target).to_be_checked()


def choose(select: Locator, label: str) -> None:
    """Pick an option of a <select> by typing the start of its label."""
    tab_to(select)
    select.page.keyboard.type(label)
    expect(select.locator("option:checked")).to_have_text(re.compile(f"^{re.escape(label)}"))


def type_date(page: Page, field: str, day: datetime.date) -> None:
    type_into(page.locator(f"#id_{field}_0"), str(day.day))
    type_into(page.locator(f"#id_{field}_1"), str(day.month))
    type_into(page.locator(f"#id_{field}_2"), str(day.year))


def error_summary(page: Page) -> Locator:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def checked(page: Page, step: str) -> None:
    """axe-core at both widths, and a screenshot to look at."""
    assert_accessible(page, context=step)
    screenshot(page, f"journey-{step.replace(' ', '-').replace(',', '')}")


# The world -----------------------------------------------------------------------


def answered(person: Person, **answers: str) -> Person:
    EqualityMonitoring.objects.update_or_create(person=person, defaults=answers)
    return person


@pytest.fixture
def people(world):
    """Willow ward with a cost centre and a population profile; the people on its
    register; and who took part lately, so that the shortlist has something fair
    to say.

    - Rita: no account, email, a new voice (last involved over a year ago), in
      groups Willow hears from less.
    - Paul: no account, prefers post, involved once this tax year (paid £60) and
      chose a limit of £100 a tax year.
    - Bea and Cai: already interested, involved this year, in groups Willow
      hears from less; told by email when not chosen.
    - In the last 12 months 10 White people aged 50 to 64 took part, with Bea and
      2 others who are Black and aged 18 to 24, and Cai, who is Black and aged 50
      to 64: Black people (4 in 14, against 40% of those served) and people aged
      18 to 24 (3 in 14, against 50%) are heard from less.
    """
    today = timezone.localdate()
    # Lately, and in this tax year whatever day the test runs.
    this_tax_year = datetime.date(tax_year_of(today), 4, 6)
    lately = max(today - datetime.timedelta(days=30), this_tax_year)
    willow = world["service"]
    willow.cost_centre = "AMH110"
    willow.save()
    world["other_service"].cost_centre = "CMH220"
    world["other_service"].save()
    population_profile_save(
        service=willow,
        source="Made-up census figures",
        basis="percent",
        people_served=1000,
        figures={
            "ethnicity": {"white": Decimal(40), "black": Decimal(40), "asian": Decimal(20)},
            "age_band": {"18_24": Decimal(50), "50_64": Decimal(50)},
        },
        by=world["admin"],
    )
    rita = world["person"]
    rita.contact = Person.Contact.EMAIL
    rita.email = "rita@example.org"
    rita.save()
    answered(rita, ethnicity="black", age_band="18_24")

    recent = ActivityFactory(
        project=world["project"],
        title="Ward garden walk",
        date=lately,
    )
    for _ in range(10):
        InvolvementFactory(
            activity=recent, person=answered(PersonFactory(), ethnicity="white", age_band="50_64")
        )
    for _ in range(2):
        InvolvementFactory(
            activity=recent, person=answered(PersonFactory(), ethnicity="black", age_band="18_24")
        )
    bea = answered(
        PersonFactory(display_name="Bea", contact="email", email="bea@example.org"),
        ethnicity="black",
        age_band="18_24",
    )
    cai = answered(
        PersonFactory(display_name="Cai", contact="email", email="cai@example.org"),
        ethnicity="black",
        age_band="50_64",
    )
    for person in (bea, cai):
        InvolvementFactory(activity=recent, person=person)
    InvolvementFactory(
        activity=ActivityFactory(
            project=world["project"], date=max(lately, today - datetime.timedelta(days=9))
        ),
        person=bea,
    )

    paul = PersonFactory(
        display_name="Paul",
        contact=Person.Contact.POST,
        created_by=world["staff"],
        pay_limit_pence=10000,
        pay_limit_period=Person.LimitPeriod.TAX_YEAR,
    )
    InvolvementFactory(
        activity=recent,
        person=paul,
        hours=3,
        rate_card=world["rate_card"],
        fee_due_pence=6000,
        fee_paid_pence=6000,
        payment_choice="paid",
        paid_on=lately,
    )
    # Something owed to someone in another service: the run has two cost centres.
    cafe = ActivityFactory(project=world["other_project"], title="Café menu tasting", date=today)
    InvolvementFactory(
        activity=cafe,
        person=PersonFactory(display_name="Dev"),
        hours=1,
        rate_card=world["rate_card"],
        fee_due_pence=2000,
        fee_paid_pence=2000,
        payment_choice="paid",
    )
    return {"rita": rita, "paul": paul, "bea": bea, "cai": cai, "recent": recent}


# The journey ---------------------------------------------------------------------


def test_from_an_opportunity_to_a_payment_by_keyboard(
    browser, page: Page, live_server, world, people, password, mailoutbox, csp_violations
):
    today = timezone.localdate()
    staff, rita, paul = world["staff"], people["rita"], people["paul"]
    sign_in(page, live_server, staff)

    # 1. Staff post an opportunity: first with a mistake, then put right. -----------
    page.goto("/opportunities/")
    checked(page, "1 opportunities")
    follow(page.get_by_role("link", name="Post an opportunity"))
    expect(heading(page)).to_have_text("Post an opportunity")
    choose(page.get_by_label("Which project is it for?"), "Better nights")
    type_into(page.get_by_label("Title"), TITLE)
    type_into(page.get_by_label("What it is and why"), "Help us choose the next ward manager.")
    choose(page.get_by_label("Kind of activity"), "Interview panel")
    type_date(page, "starts_on", today)
    choose_radio(page.get_by_label("In person", exact=True))
    # The place is forgotten, and the places typed as a word.
    type_into(page.get_by_label("Time needed, in hours"), "3")
    tick(page.get_by_label("Travel costs paid"))
    type_into(page.get_by_label("Who are you looking for?"), "People who have stayed on Willow.")
    type_into(page.get_by_label("How many places?"), "two")
    type_date(page, "closes_on", today)
    follow(page.get_by_role("button", name="Post opportunity"))

    summary = error_summary(page)
    expect(summary).to_contain_text("Enter the place, as it is in person")
    expect(summary).to_contain_text("Enter the number of places as a whole number, like 4")
    expect(page.locator("#id_place_error")).to_contain_text("Enter the place")
    expect(page.get_by_label("Title")).to_have_value(TITLE)  # input kept
    expect(page.get_by_label("How many places?")).to_have_value("two")
    expect(page.get_by_label("Travel costs paid")).to_be_checked()
    checked(page, "1 post an opportunity, errors")
    # The summary links to each field: Enter on its link puts the focus there.
    press(summary.get_by_role("link", name="Enter the place, as it is in person"))
    expect(page.get_by_label("Place (if in person)")).to_be_focused()
    page.keyboard.type("Willow ward meeting room")
    type_into(page.get_by_label("How many places?"), "2")
    follow(page.get_by_role("button", name="Post opportunity"))

    expect(heading(page)).to_contain_text(TITLE)
    expect(page.get_by_text("Opportunity posted")).to_be_visible()
    panel = Opportunity.objects.get()
    assert (panel.places, panel.starts_on, panel.closes_on) == (2, today, today)
    assert panel.rate_card == world["rate_card"]
    checked(page, "1 the opportunity")

    # Bea and Cai said they were interested earlier, by their own links.
    InterestFactory(opportunity=panel, person=people["bea"])
    InterestFactory(opportunity=panel, person=people["cai"])

    # 2a. Rita, who has no account, opens her personal link on her phone. ----------
    letter = link_new(person=rita, by=staff, given="printed")
    phone_context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    phone = phone_context.new_page()
    phone.goto(f"/me/{letter.token}/")
    expect(phone.get_by_role("heading", name="Ways to get involved")).to_be_visible()
    checked(phone, "2 Rita's page")
    follow(phone.get_by_role("link", name=re.compile(TITLE)))
    expect(heading(phone)).to_contain_text(TITLE)
    checked(phone, "2 Rita reads the opportunity")
    # Too long at first: the box's maxlength stops most browsers, not every paste tool.
    box = phone.get_by_label("What would help you take part? (optional)")
    box.evaluate("box => box.removeAttribute('maxlength')")
    type_into(box, RITA_NEEDS + " " + "x" * 1000)
    follow(phone.get_by_role("button", name="I'm interested"))
    expect(error_summary(phone)).to_contain_text("1,000 characters or fewer")
    expect(box).to_have_value(re.compile(r"^A quiet room.* x+$"))
    checked(phone, "2 Rita says she is interested, error")
    type_into(box, RITA_NEEDS)
    follow(phone.get_by_role("button", name="I'm interested"))
    expect(phone.get_by_text("We have told the team you are interested")).to_be_visible()
    checked(phone, "2 Rita is interested")
    said = Interest.objects.get(person=rita)
    assert (said.how, said.support_needed, said.entered_by) == (
        Interest.How.PERSONAL_LINK,
        RITA_NEEDS,
        None,
    )

    # 2b. Paul sent the paper form back: staff record it for him. -------------------
    page.reload()
    follow(page.get_by_role("link", name="Record interest for someone"))
    expect(heading(page)).to_contain_text("Record interest")
    checked(page, "2 record interest")
    type_into(page.get_by_label("Support they need (optional)"), PAUL_NEEDS)
    follow(page.get_by_role("button", name="Record their interest"))
    summary = error_summary(page)
    expect(summary).to_contain_text("Choose who is interested")
    expect(summary).to_contain_text("Choose how they told you")
    expect(page.get_by_label("Support they need (optional)")).to_have_value(PAUL_NEEDS)
    checked(page, "2 record interest, errors")
    choose(page.get_by_label("Who is interested?"), "Paul")
    choose_radio(page.get_by_label("On paper, through staff"))
    follow(page.get_by_role("button", name="Record their interest"))
    expect(page.get_by_text("Paul's interest is marked as entered on their behalf")).to_be_visible()
    expect(page.get_by_text("Entered on their behalf by Sam Staff")).to_be_visible()
    checked(page, "2 interest marked")
    on_paper = Interest.objects.get(person=paul)
    assert (on_paper.how, on_paper.entered_by) == (Interest.How.PAPER, staff)

    # 3. The fair shortlist explains itself, without anyone's answers. ---------------
    follow(page.get_by_role("link", name="Choose people"))
    expect(heading(page)).to_contain_text("Choose people")
    press(page.locator("summary", has_text="How we help you choose fairly"))
    expect(page.get_by_text("We never show anyone's equality answers")).to_be_visible()
    checked(page, "3 the shortlist")
    follow(page.get_by_role("link", name="Suggest a fair shortlist"))
    expect(page.get_by_text("We have ticked a suggested shortlist")).to_be_visible()
    rows = page.get_by_role("table", name=re.compile("People interested"))
    row = {name: rows.get_by_role("row").filter(has_text=name) for name in ("Rita", "Paul", "Cai")}
    # New voices first, then spread between groups, then the least involved.
    expect(page.get_by_label("Rita", exact=True)).to_be_checked()
    expect(page.get_by_label("Cai", exact=True)).to_be_checked()
    expect(page.get_by_label("Paul", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Bea", exact=True)).not_to_be_checked()
    expect(row["Rita"]).to_contain_text("A new voice: not involved in the last 12 months.")
    expect(row["Rita"]).to_contain_text("Would bring in people the team hears from less.")
    expect(row["Paul"]).to_contain_text("Involved once this tax year.")
    expect(row["Paul"]).to_contain_text(PAUL_NEEDS)
    expect(row["Cai"]).to_contain_text("Would help the team hear from groups it hears from less")
    text = page.locator("main").inner_text()
    assert not [word for word in ANSWER_WORDS if word in text], text
    checked(page, "3 the suggested shortlist")

    # Staff adjust it (Paul knows the ward's night shifts) and tick one too many first.
    tick(page.get_by_label("Paul", exact=True))
    follow(page.get_by_role("button", name="Save choices"))
    expect(error_summary(page)).to_contain_text("Choose no more than 2 people")
    expect(page.get_by_label("Paul", exact=True)).to_be_checked()
    checked(page, "3 the shortlist, error")
    tick(page.get_by_label("Cai", exact=True))
    follow(page.get_by_role("button", name="Save choices"))
    expect(page.get_by_text("Saved: 2 chosen, 2 not chosen")).to_be_visible()
    decisions = dict(Interest.objects.values_list("person__display_name", "decision"))
    assert decisions == {
        "Rita": Decision.CHOSEN,
        "Paul": Decision.CHOSEN,
        "Bea": Decision.NOT_CHOSEN,
        "Cai": Decision.NOT_CHOSEN,
    }

    # 4. Invitations go out: emails through the outbox, a letter for Paul. ----------
    follow(page.get_by_role("button", name="Invite and thank people"))
    expect(page.get_by_text("2 invited and 2 thanked")).to_be_visible()
    checked(page, "4 people told")
    emails = {email.to: email for email in OutboundEmail.objects.all()}
    assert set(emails) == {"rita@example.org", "bea@example.org", "cai@example.org"}
    assert {email.status for email in emails.values()} == {OutboundEmail.Status.SENT}
    sent = {message.to[0]: message for message in mailoutbox}
    assert sent["rita@example.org"].subject == f"You are invited: {TITLE}"
    assert "Pay: £60.00" in sent["rita@example.org"].body
    assert sent["bea@example.org"].subject == f"Thank you for your interest in {TITLE}"
    assert len(mailoutbox) == 3

    # The letters open in the browser's PDF viewer, to print.
    with page.expect_response(re.compile(r"/letters/$")) as opened:
        press(page.get_by_role("link", name=re.compile("Letters to print")))
    assert opened.value.headers["content-type"] == "application/pdf"
    # The viewer holds the file: save it as "Save as" would, with the same session.
    saved = page.request.get(opened.value.url)
    pdf = ARTIFACTS / "journey-4-letters.pdf"
    pdf.write_bytes(saved.body())
    assert pdf.read_bytes().startswith(b"%PDF-")
    letters = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    letters_text = letters.decode()
    assert "Paul" in letters_text
    assert TITLE in letters_text
    assert "Rita" not in letters_text  # she asked for email
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(ARTIFACTS / "journey-4-letters")])

    page.go_back()
    expect(heading(page)).to_contain_text("Choose people")

    # 5. Rita accepts by her link; Paul phones, and staff record his yes. -----------
    phone.goto(f"/me/{letter.token}/")
    expect(phone.get_by_text("You are invited to take part")).to_be_visible()
    checked(phone, "5 Rita is invited")
    follow(phone.get_by_role("link", name=re.compile("Say yes or no")))
    follow(phone.get_by_role("button", name="Send my answer"))
    error_summary(phone)
    checked(phone, "5 Rita answers, error")
    choose_radio(phone.get_by_label("Yes, I can take part"))
    follow(phone.get_by_role("button", name="Send my answer"))
    expect(phone.get_by_text("You said yes. Thank you.")).to_be_visible()
    checked(phone, "5 Rita said yes")
    phone_context.close()

    page.reload()
    answers = page.get_by_role("table", name=re.compile("People invited"))
    expect(answers.get_by_role("row").filter(has_text="Rita")).to_contain_text(
        "By their personal link"
    )
    follow(answers.get_by_role("button", name=re.compile(r"^Accepted\s*, for Paul$")))
    expect(page.get_by_text("Paul accepted, entered on their behalf")).to_be_visible()
    expect(answers.get_by_role("row").filter(has_text="Paul")).to_contain_text(
        "Entered on their behalf by Sam Staff"
    )
    checked(page, "5 both accepted")
    assert set(Interest.objects.filter(reply=Reply.ACCEPTED).values_list("person", flat=True)) == {
        rita.pk,
        paul.pk,
    }

    follow(page.get_by_role("link", name="Log the activity"))
    expect(heading(page)).to_contain_text("Log an activity")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    on_it = {}
    for index in (0, 1):
        person = page.locator(f"#id_participants-{index}-person")
        on_it[person.locator("option:checked").inner_text()] = index
        expect(page.locator(f"#id_participants-{index}-hours")).to_have_value("3")
        expect(
            page.locator(f"#participant-{index + 1}").get_by_label("Paid in full", exact=False)
        ).to_be_checked()
    assert set(on_it) == {"Rita", "Paul"}
    checked(page, "5 the activity form from the opportunity")
    follow(page.get_by_role("button", name=re.compile("^Save")))

    # 7 (on logging). Paul's limit: said plainly, and saved anyway.
    expect(page.get_by_text(f"“{TITLE}” is logged")).to_be_visible()
    warning = page.get_by_text(re.compile("over the limit of £100.00 they chose"))
    expect(warning).to_contain_text("This takes Paul to £120.00 in the tax year")
    expect(warning).to_contain_text("take less, not to be paid, or to give the fee to a charity")
    checked(page, "5 the activity, logged with a limit warning")
    logged = Involvement.objects.filter(activity__title=TITLE).select_related("person")
    assert {(i.person.display_name, i.fee_due_pence, i.fee_paid_pence) for i in logged} == {
        ("Rita", 6000, 6000),
        ("Paul", 6000, 6000),
    }
    page.context.clear_cookies()

    # 6. Finance signs in with two-factor, makes a run and downloads it. -------------
    page.goto("/account/sign-in/")
    checked(page, "6 sign in")
    type_into(page.get_by_label("Email address"), world["finance"].email)
    type_into(page.get_by_label("Password"), password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    code = page.get_by_label("Security code")
    type_into(code, "000000" if code_now() != "000000" else "111111")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(error_summary(page)).to_contain_text("That code did not work")
    checked(page, "6 security code, error")
    type_into(code, code_now())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Payments", level=1)).to_be_visible()
    expect(page.get_by_text("4 payments are due, £180.00 in all")).to_be_visible()
    checked(page, "6 payments")
    follow(page.get_by_role("button", name="Make a payment run"))

    run = PaymentRun.objects.get()
    expect(page.get_by_text(f"{run.reference} is made")).to_be_visible()
    # 7 (in the run). The limit warning, with Paul's payee reference.
    expect(page.get_by_text("Over a limit someone chose")).to_be_visible()
    expect(page.get_by_text(f"{paul.payee_reference} (Paul): £120.00")).to_be_visible()
    totals = page.get_by_role("table", name="Totals by cost centre")
    expect(totals.get_by_role("row").filter(has_text="AMH110")).to_contain_text("£160.00")
    expect(totals.get_by_role("row").filter(has_text="CMH220")).to_contain_text("£20.00")
    checked(page, "6 the run, with a limit warning")

    with page.expect_download() as download:
        press(page.get_by_role("link", name="Download for the finance system (CSV)"))
    export = ARTIFACTS / "journey-6-run.csv"
    download.value.save_as(export)
    table = list(csv.reader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    header, body = table[0], table[1:]
    lines = [
        dict(zip(header, line, strict=True))
        for line in body
        if line and line[1] != "Cost centre total"
    ]
    references = {
        person.payee_reference: person.display_name
        for person in Person.objects.filter(involvements__payment_line__run=run)
    }
    assert {line["Payee reference"] for line in lines} == set(references)
    assert all(re.fullmatch(r"P-\d{5}", reference) for reference in references)
    assert {(line["Payee name"], line["To the person (£)"]) for line in lines} == {
        ("Eve", "40.00"),
        ("Rita", "60.00"),
        ("Paul", "60.00"),
        ("Dev", "20.00"),
    }
    cost_centres = {line[3]: line[7] for line in body if line and line[1] == "Cost centre total"}
    assert cost_centres == {"AMH110": "160.00", "CMH220": "20.00"}

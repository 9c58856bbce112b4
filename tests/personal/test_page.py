"""The personal page: only the person's own things, and what they can do there."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.models import Response as LadderResponse
from principles.models import Response as PrinciplesResponse
from projects.models import EqualityMonitoring, RecordView, Telling
from projects.privacy.audit import record_changes
from projects.telling import what_changed_tell
from tests.factories import (
    ActivityFactory,
    ClassificationFactory,
    InterestFactory,
    InvitationFactory,
    InvolvementFactory,
    OpportunityFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rung_to_check(world):
    """The workshop Rita took part in, placed on the consultation rung."""
    activity = world["activity"]
    activity.what_changed = "Lights now go down at 10pm on Willow ward."
    activity.save()
    return ClassificationFactory(activity=activity)


def test_it_never_shows_another_persons_data(opened, other_person, rung_to_check):
    html = opened.get("/me/").content.decode()

    assert "Rita" in html
    assert "Olu" not in html
    assert "67.89" not in html
    assert "Night-time routine workshop" in html


def test_it_refuses_to_check_an_activity_rita_did_not_take_part_in(opened, other_person):
    olu_activity = other_person.involvements.get().activity

    response = opened.get(reverse("personal:rung", args=[olu_activity.pk]))
    posted = opened.post(reverse("personal:rung", args=[olu_activity.pk]), {"verdict": "contested"})

    assert response.status_code == 200
    assert b"We cannot show this" in response.content
    assert posted.status_code == 200
    assert not LadderResponse.objects.exists()


def test_it_lists_the_rung_to_check_with_its_easy_read_description(opened, rung_to_check):
    html = opened.get("/me/").content.decode()
    assert "Consultation" in html
    assert reverse("personal:rung", args=[rung_to_check.activity_id]) in html


def test_rita_confirms_a_rung(opened, rita, rung_to_check):
    url = reverse("personal:rung", args=[rung_to_check.activity_id])
    assert b"Why we said this" in opened.get(url).content

    response = opened.post(url, {"verdict": "confirmed", "reason": ""})

    assert response.status_code == 302
    answer = LadderResponse.objects.get(person=rita)
    assert answer.verdict == "confirmed"
    # Answered, it leaves what is waiting.
    assert url not in opened.get("/me/").content.decode()
    assert any(
        "Ladder" in change.what or "response" in change.what.lower()
        for change in record_changes(rita)
    )


def test_rita_contests_a_rung_with_a_reason(opened, rita, rung_to_check):
    url = reverse("personal:rung", args=[rung_to_check.activity_id])

    opened.post(url, {"verdict": "contested", "reason": "Nobody changed anything I said"})

    answer = LadderResponse.objects.get(person=rita)
    assert answer.verdict == "contested"
    assert answer.reason == "Nobody changed anything I said"
    rung_to_check.activity.refresh_from_db()
    assert rung_to_check.activity.rung_status == "contested"


def test_an_answer_with_no_choice_gets_the_error_summary(opened, rung_to_check):
    url = reverse("personal:rung", args=[rung_to_check.activity_id])

    response = opened.post(url, {"reason": "I am not sure"})

    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Choose yes if this is right" in html
    assert "I am not sure" in html


def _told(activity, text: str, *, on: datetime.date, by) -> None:
    """Record what changed because of `activity` and tell the people who took part,
    as if on the day `on`."""
    activity.what_changed = text
    activity.save()
    told = what_changed_tell(activity=activity, by=by)
    assert told
    Telling.objects.filter(activity=activity, what_changed=text).update(
        created_at=datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
    )


def test_it_shows_what_we_told_them_and_when_newest_first(opened, rita, world, other_person):
    workshop = world["activity"]
    review = ActivityFactory(
        project=world["project"], title="Menu review", date=datetime.date(2025, 11, 4)
    )
    InvolvementFactory(activity=review, person=rita)
    _told(workshop, "Lights now go down at 10pm.", on=datetime.date(2025, 9, 3), by=world["staff"])
    _told(review, "Hot breakfasts are back.", on=datetime.date(2025, 12, 1), by=world["staff"])

    html = opened.get("/me/").content.decode()

    assert html.index("Hot breakfasts are back.") < html.index("Lights now go down at 10pm.")
    assert 'We told you on <time datetime="2025-12-01">1 December 2025</time>' in html
    assert 'We told you on <time datetime="2025-09-03">3 September 2025</time>' in html
    assert "Menu review" in html
    # Olu's activity was never told to Rita.
    assert "Olu's change" not in html


def test_a_change_nobody_was_told_about_is_not_shown(opened, rung_to_check):
    # The fixture writes what changed on the activity without telling anyone: the
    # page shows what people were told, not whatever the activity says today.
    html = opened.get("/me/").content.decode()

    assert "Lights now go down at 10pm on Willow ward." not in html
    assert "Nothing is written here yet. We will add it when something changes." in html


@pytest.mark.parametrize("count", [1, 15])
def test_the_page_takes_the_same_queries_however_much_there_is(
    opened, rita, world, django_assert_num_queries, count
):
    for n in range(count):
        activity = ActivityFactory(project=world["project"], date=datetime.date(2025, 6, 1 + n))
        InvolvementFactory(activity=activity, person=rita, hours=1)
        ClassificationFactory(activity=activity)
        _told(activity, f"Change number {n}.", on=datetime.date(2025, 7, 1 + n), by=world["staff"])
    InvitationFactory(round=RoundFactory(project=world["project"]), person=rita)

    # The session; its personal link with the person; rungs to check; the latest
    # involvements; rounds waiting; what they were told; tax-year totals; whether
    # they shared equality answers; what was decided about opportunities they
    # were interested in; the ways to get involved offered to them, with their
    # interest in each.
    with django_assert_num_queries(10):
        response = opened.get("/me/")

    assert response.status_code == 200


def test_it_shows_totals_per_tax_year(opened, rita, world):
    involvement = rita.involvements.get()
    involvement.fee_paid_pence = 4000
    involvement.paid_on = datetime.date(2026, 4, 5)
    involvement.save()

    html = opened.get("/me/").content.decode()

    assert "6 April 2025 to 5 April 2026" in html
    assert "£40.00" in html


def test_rita_changes_her_details_and_the_page_turns_easy_read(opened, rita):
    standard = opened.get("/me/").content.decode()
    assert "What is waiting for you" in standard

    response = opened.post(
        reverse("personal:details"),
        {
            "contact": "post",
            "email": "",
            "phone": "",
            "postal_address": "4 Elm Road\nLeeds\nLS1 4AB",
            "preferred_format": "easy_read",
            "access_needs": "Large text, please",
        },
    )

    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.preferred_format == "easy_read"
    assert rita.postal_address == "4 Elm Road\nLeeds\nLS1 4AB"
    easy = opened.get("/me/").content.decode()
    assert "Things to do" in easy
    assert "What is waiting for you" not in easy
    assert "4 Elm Road<br>Leeds<br>LS1 4AB" in easy
    assert any("access needs" in change.what for change in record_changes(rita))


def test_details_keep_what_was_typed_on_an_error(opened, rita):
    response = opened.post(
        reverse("personal:details"),
        {
            "contact": "email",
            "email": "",
            "phone": "",
            "preferred_format": "standard",
            "access_needs": "Breaks every hour",
        },
    )

    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter your email address" in html
    assert "Breaks every hour" in html


def test_the_details_form_offers_the_postal_address_with_a_hint(opened, rita):
    rita.postal_address = "9 Orchard Close\nNorthwick"
    rita.save(update_fields=["postal_address"])

    html = opened.get(reverse("personal:details")).content.decode()

    assert "Postal address (optional)" in html
    assert "We use it to send you letters if you choose post." in html
    assert "9 Orchard Close\nNorthwick</textarea>" in html


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (
            {"contact": "post", "postal_address": "  "},
            "Enter your postal address, or choose another way to contact you",
        ),
        ({"postal_address": "x" * 301}, "Postal address must be 300 characters or fewer"),
    ],
)
def test_a_postal_address_that_will_not_do_is_explained(opened, rita, typed, error):
    data = {
        "contact": "through_staff",
        "email": "",
        "phone": "",
        "postal_address": "",
        "preferred_format": "standard",
        "access_needs": "Breaks every hour",
        **typed,
    }

    response = opened.post(reverse("personal:details"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html
    assert html.count(error) == 2  # in the summary and next to the field
    assert "Breaks every hour" in html
    rita.refresh_from_db()
    assert rita.postal_address == ""


def test_rita_answers_the_equality_questions_and_it_is_audited(opened, rita):
    response = opened.post(reverse("personal:equality"), {"age_band": "35_49"})

    assert response.status_code == 302
    assert EqualityMonitoring.objects.get(person=rita).age_band == "35_49"
    view = RecordView.objects.get(person=rita)
    assert view.action == RecordView.Action.EQUALITY_SAVED
    assert view.user is None


def test_opening_the_link_is_in_the_audit_trail(opened, rita):
    assert any("Personal link changed: last opened" in c.what for c in record_changes(rita))
    assert rita.personal_links.get().last_used_at is not None


def test_it_starts_answering_an_open_round_without_another_link(opened, rita, world):
    round_ = RoundFactory(project=world["project"])
    invitation = InvitationFactory(round=round_, person=rita)
    html = opened.get("/me/").content.decode()
    assert world["project"].title in html

    response = opened.post(reverse("personal:round_start", args=[invitation.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("principles:answer")
    about_you = opened.get(reverse("principles:answer", kwargs={"step": "about-you"}))
    assert about_you.status_code == 200
    assert b"Which of these best describes you?" in about_you.content
    assert not PrinciplesResponse.objects.exists()


def test_it_will_not_start_someone_elses_round(opened, world, other_person):
    round_ = RoundFactory(project=world["project"])
    invitation = InvitationFactory(round=round_, person=other_person)

    response = opened.post(reverse("personal:round_start", args=[invitation.pk]))

    assert response.status_code == 404


def test_easy_read_gives_each_section_a_simple_picture(opened, rita, world, rung_to_check):
    InvitationFactory(round=RoundFactory(project=world["project"]), person=rita)
    standard = opened.get("/me/").content.decode()
    rita.preferred_format = "easy_read"
    rita.save(update_fields=["preferred_format"])

    easy = opened.get("/me/").content.decode()

    # Rounds, rungs, you said we did, money, what you did, about you.
    assert easy.count('<svg class="app-easy-read__picture" aria-hidden="true"') == 6
    assert "<img" not in easy
    assert "app-easy-read__picture" not in standard


def test_easy_read_with_nothing_to_do_has_the_things_to_do_picture(opened, rita):
    rita.preferred_format = "easy_read"
    rita.save(update_fields=["preferred_format"])

    html = opened.get("/me/").content.decode()

    waiting = html.split('id="waiting"', 1)[1].split('id="you-said-we-did"', 1)[0]
    assert waiting.count('class="app-easy-read__picture"') == 1
    assert "There is nothing to do now. Thank you." in waiting


def test_earlier_changes_are_folded_away_under_the_latest_five(opened, rita, world):
    for n in range(7):
        activity = ActivityFactory(project=world["project"], title=f"Meeting {n}")
        InvolvementFactory(activity=activity, person=rita)
        _told(activity, f"Change number {n}.", on=datetime.date(2025, 7, 1 + n), by=world["staff"])

    html = opened.get("/me/").content.decode()

    shown, folded = html.split('<details class="nhsuk-details">', 1)
    assert all(f"Change number {n}." in shown for n in range(2, 7))
    assert "Earlier changes (2)" in folded
    assert "Change number 1." in folded
    assert "Change number 0." in folded
    assert "Change number 1." not in shown


def test_it_shows_the_limit_rita_chose_against_her_fees_so_far(opened, rita, world):
    rita.pay_limit_pence, rita.pay_limit_period = 50000, "tax_year"
    rita.save()
    today = datetime.date.today()
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=today),
        person=rita,
        hours=2,
        fee_paid_pence=4000,
        payment_choice="paid",
    )

    html = opened.get("/me/").content.decode()

    assert "The limit you chose" in html
    assert "£500.00, the tax year 6 April" in html
    assert "Your fees so far</dt>" in html
    assert "£40.00</dd>" in html
    assert "https://www.citizensadvice.org.uk/benefits/" in html


def test_it_says_nothing_of_a_limit_rita_did_not_choose(opened):
    assert "The limit you chose" not in opened.get("/me/").content.decode()


def _contents_and_sections(html: str) -> tuple[list[str], list[str]]:
    """The anchors the contents list links to, and the ids of the page's sections
    (its second-level headings, after the contents list), both in page order."""
    nav, after = html.split('<nav class="nhsuk-contents-list"', 1)[1].split("</nav>", 1)
    links = re.findall(r'class="nhsuk-contents-list__link" href="#([^"]+)"', nav)
    sections = re.findall(r'<h2 id="([^"]+)"', after)
    return links, sections


def test_the_contents_list_links_to_every_section_shown_in_order(opened):
    links, sections = _contents_and_sections(opened.get("/me/").content.decode())

    assert "told" not in sections
    assert links == sections
    assert {"get-involved", "pay-limit", "equality"} <= set(links)


def test_what_we_decided_is_in_the_contents_only_once_there_is_some(opened, rita, world):
    opportunity = OpportunityFactory(project=world["project"], created_by=world["staff"])
    InterestFactory(
        opportunity=opportunity, person=rita, decision="not_chosen", told_at=timezone.now()
    )

    links, sections = _contents_and_sections(opened.get("/me/").content.decode())

    assert "told" in sections
    assert links == sections


def test_a_person_sees_their_vouchers_on_their_page(opened, rita, world):
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=datetime.date(2026, 4, 1)),
        person=rita,
        hours=1,
        fee_paid_pence=3000,
        payment_choice="vouchers",
        vouchers_given_on=datetime.date(2026, 4, 10),
    )

    html = opened.get("/me/").content.decode()

    assert "£30.00 in vouchers" in html
    assert "Given 10 Apr 2026" in html
    assert (
        '<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Vouchers</th>'
        in html
    )


def test_statements_without_vouchers_have_no_vouchers_column(opened):
    assert 'scope="col">Vouchers</th>' not in opened.get("/me/").content.decode()

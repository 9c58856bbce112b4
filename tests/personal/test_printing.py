"""A person's own things on paper: their page in large print (downloaded by them
on /me/, or printed by staff to post) and a form to check activities on the
ladder, which staff then type in on the activity's "on their behalf" page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from ladder.models import Response as LadderResponse
from ladder.texts import easy_read
from personal import page as personal_page
from personal.page import rungs_to_check
from personal.printing import FORM_SIZE, ladder_form_html, page_html, person_reference
from projects.models import Person, RecordView
from projects.rungs import Rung
from projects.telling import what_changed_tell
from tests.factories import (
    ActivityFactory,
    ClassificationFactory,
    InvitationFactory,
    InvolvementFactory,
    RoundFactory,
)
from tests.pdfs import A4_POINTS, has_colour, page_sizes, text, word, words

pytestmark = pytest.mark.django_db

# The Easy Read pictures' yellow: "you", the person reading.
YOU_YELLOW = (0xFF, 0xB8, 0x1C)


@pytest.fixture
def rita(world):
    """Rita, with an address to post to and plenty on her page."""
    person = world["person"]
    person.postal_address = "9 Orchard Close\nNorthwick\nNW1 4AB"
    person.access_needs = "Step-free access, please"
    person.save()
    involvement = person.involvements.get()
    involvement.fee_paid_pence = 4000
    involvement.paid_on = datetime.date(2026, 4, 5)
    involvement.save()
    return person


@pytest.fixture
def told(world, rita):
    """A lead wrote what changed because of the workshop: Rita was told on her page."""
    activity = world["activity"]
    activity.what_changed = "Lights now go down at 10pm on Willow ward."
    activity.save()
    what_changed_tell(activity=activity, by=world["staff"])
    return activity


@pytest.fixture
def two_to_check(world, rita):
    """Two activities Rita took part in, on the ladder, that she has not checked."""
    ClassificationFactory(activity=world["activity"])
    later = ActivityFactory(
        project=world["project"], title="Menu tasting panel", date=datetime.date(2026, 2, 3)
    )
    InvolvementFactory(activity=later, person=rita, hours=1)
    ClassificationFactory(activity=later, chosen_rung=Rung.CO_DESIGN, suggested_rung=6)
    return [world["activity"], later]


@pytest.fixture
def round_waiting(world, rita):
    round_ = RoundFactory(project=world["project"], name="Spring check-in")
    return InvitationFactory(round=round_, person=rita)


# Their page in large print ------------------------------------------------------


def staff_print(client, world, person) -> bytes:
    client.force_login(world["staff"])
    response = client.get(reverse("personal:page_print", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="page-large-print-{person.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    return response.content


def test_staff_print_the_whole_page_in_large_print_to_post(
    client, world, rita, told, two_to_check, round_waiting
):
    pdf = staff_print(client, world, rita)

    assert set(page_sizes(pdf)) == {A4_POINTS}
    shown = text(pdf)
    # What is waiting: the round and both activities to check.
    assert "Spring check-in" in shown
    assert "Menu tasting panel" in shown
    assert "We said it was Co-design" in shown
    # You said, we did: what she was told.
    assert "Lights now go down at 10pm on Willow ward." in shown
    # Money for the tax year, and what she took part in.
    assert "Tax year 6 April 2025 to 5 April 2026" in shown
    assert "£40.00" in shown
    assert "Night-time routine workshop" in shown
    # Her details as we hold them.
    assert "Step-free access, please" in shown
    assert "9 Orchard Close" in shown


def test_the_large_print_page_is_at_least_18_point(client, world, rita):
    pdf = staff_print(client, world, rita)

    body = [w for w in words(pdf) if w.text in {"This", "copy", "tax", "Hours"}]
    assert body
    assert all(w.font_points >= 17.5 for w in body), [(w.text, w.font_points) for w in body]


def test_the_address_sits_in_a_window_envelopes_window(client, world, rita):
    pdf = staff_print(client, world, rita)

    name = word(pdf, "Rita")
    assert name.page == 1
    assert 15 <= name.left_mm <= 25
    assert 40 <= name.top_mm <= 55
    assert word(pdf, "4AB").page == 1
    assert word(pdf, "4AB").bottom_mm <= 85


def test_it_never_shows_another_persons_things(client, world, rita, other_person):
    shown = text(staff_print(client, world, rita))

    assert "Olu" not in shown
    assert "67.89" not in shown


def test_easy_read_people_get_easy_read_words(client, world, rita):
    rita.preferred_format = Person.Format.EASY_READ
    rita.save()

    shown = text(staff_print(client, world, rita))

    assert "This is your page on paper. It is in big print." in shown
    assert "Money each year" in shown


def test_staff_printing_is_in_the_audit_trail(client, world, rita):
    staff_print(client, world, rita)

    view = RecordView.objects.get(person=rita, action=RecordView.Action.PAGE_PRINTED)
    assert view.user == world["staff"]
    client.force_login(world["admin"])
    assert (
        "Printed their page in large print"
        in client.get(reverse("projects:person_audit", args=[rita.pk])).content.decode()
    )


def test_rita_downloads_her_own_page_from_her_page(opened, rita, told):
    page = opened.get(reverse("personal:page")).content.decode()
    assert reverse("personal:page_pdf") in page
    assert "Download your page as a large-print PDF" in page

    response = opened.get(reverse("personal:page_pdf"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="your-page-large-print.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Lights now go down at 10pm on Willow ward." in text(response.content)
    view = RecordView.objects.get(person=rita, action=RecordView.Action.PAGE_DOWNLOADED)
    assert view.user is None


def test_her_download_reads_as_hers_in_the_audit_trail(client, opened, world, rita):
    opened.get(reverse("personal:page_pdf"))
    client.force_login(world["admin"])

    audit = client.get(reverse("projects:person_audit", args=[rita.pk])).content.decode()

    assert "Rita (by their personal link)" in audit
    assert "Downloaded their own page in large print" in audit


def test_without_her_session_there_is_no_pdf(client, rita):
    response = client.get(reverse("personal:page_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not RecordView.objects.filter(action=RecordView.Action.PAGE_DOWNLOADED).exists()


# A form to check activities -----------------------------------------------------


def staff_form(client, world, person) -> bytes:
    client.force_login(world["staff"])
    response = client.get(reverse("personal:ladder_form", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="check-activities-{person.pk}.pdf"'
    return response.content


def test_the_form_lists_each_activity_to_check_with_two_tick_boxes(
    client, world, rita, two_to_check
):
    pdf = staff_form(client, world, rita)

    assert set(page_sizes(pdf)) == {A4_POINTS}
    shown = text(pdf)
    assert "1. Menu tasting panel" in shown  # newest first
    assert "2. Night-time routine workshop" in shown
    assert "We said it was: Co-design" in shown
    assert "We said it was: Consultation" in shown
    assert shown.count("Yes, that is right") == 2
    assert shown.count("No, not quite") == 2
    assert shown.count("Tell us why") == 2
    # Staff know where to type each answer in.
    for activity in two_to_check:
        path = reverse("ladder:respond_on_behalf", args=[activity.pk, rita.pk])
        assert path in shown.replace(" ", "")


def test_the_reference_is_on_every_page_and_the_address_in_the_window(
    client, world, rita, two_to_check
):
    rita.preferred_format = Person.Format.LARGE_PRINT
    rita.save()

    pdf = staff_form(client, world, rita)

    reference = person_reference(rita)
    assert reference == f"P-{rita.pk:05d}"
    pages = len(page_sizes(pdf))
    assert pages > 1
    assert text(pdf).count(f"Your reference: {reference}") >= pages
    name = word(pdf, "Rita")
    assert (name.page, 15 <= name.left_mm <= 25, 40 <= name.top_mm <= 55) == (1, True, True)
    assert word(pdf, "Tick").font_points >= 16


def test_answered_activities_are_left_off(client, world, rita, two_to_check):
    workshop = two_to_check[0]
    LadderResponse.objects.create(
        classification=workshop.classifications.get(), person=rita, verdict="confirmed"
    )

    shown = text(staff_form(client, world, rita))

    assert "Night-time routine workshop" not in shown
    assert "1. Menu tasting panel" in shown


def test_easy_read_people_get_the_pictures(client, world, rita, two_to_check):
    standard = staff_form(client, world, rita)
    rita.preferred_format = Person.Format.EASY_READ
    rita.save()

    easy = staff_form(client, world, rita)

    html = ladder_form_html(person=rita, rungs=rungs_to_check(rita))
    assert len(re.findall(r'<svg [^>]*role="img"', html)) == 2
    for sentence in easy_read(Rung.CO_DESIGN).sentences:
        assert sentence in text(easy)
    assert "Did we say it right?" in text(easy)
    assert word(easy, "Tick").font_points >= 16
    pages = range(1, len(page_sizes(easy)) + 1)
    assert any(has_colour(easy, YOU_YELLOW, page=page) for page in pages)
    assert not any(
        has_colour(standard, YOU_YELLOW, page=page)
        for page in range(1, len(page_sizes(standard)) + 1)
    )


def test_printing_the_form_is_in_the_audit_trail(client, world, rita, two_to_check):
    staff_form(client, world, rita)

    view = RecordView.objects.get(person=rita, action=RecordView.Action.LADDER_FORM)
    assert view.user == world["staff"]


def test_with_nothing_to_check_staff_get_a_page_saying_so(client, world, rita):
    client.force_login(world["staff"])

    response = client.get(reverse("personal:ladder_form", args=[rita.pk]))

    assert response.status_code == 200
    assert "Nothing for them to check" in response.content.decode()
    assert not RecordView.objects.filter(action=RecordView.Action.LADDER_FORM).exists()


def test_an_answer_from_the_form_is_typed_in_as_given_on_paper(client, world, rita, two_to_check):
    staff_form(client, world, rita)
    menu = two_to_check[1]

    client.post(
        reverse("ladder:respond_on_behalf", args=[menu.pk, rita.pk]),
        {"verdict": "contested", "reason": "We only tasted food", "how": "paper"},
    )

    saved = LadderResponse.objects.get(person=rita)
    assert (saved.verdict, saved.how, saved.entered_by) == ("contested", "paper", world["staff"])
    assert [item.activity for item in rungs_to_check(rita)] == [two_to_check[0]]


def test_the_register_page_offers_both_to_staff_who_may_print_them(client, world, rita):
    client.force_login(world["staff"])
    page = client.get(reverse("projects:person_detail", args=[rita.pk])).content.decode()
    assert reverse("personal:page_print", args=[rita.pk]) in page
    assert reverse("personal:ladder_form", args=[rita.pk]) in page
    assert "They prefer" not in page

    rita.preferred_format = Person.Format.LARGE_PRINT
    rita.save()
    page = client.get(reverse("projects:person_detail", args=[rita.pk])).content.decode()
    assert "They prefer large print." in page

    client.force_login(world["governance"])
    page = client.get(reverse("projects:person_detail", args=[rita.pk])).content.decode()
    assert reverse("personal:page_print", args=[rita.pk]) not in page


def test_the_copy_on_paper_shows_what_the_page_shows_and_says_how_much_more(rita, world):

    for n in range(FORM_SIZE + 3):
        activity = ActivityFactory(
            project=world["project"], title=f"Meeting {n:02d}", date=datetime.date(2026, 1, 1 + n)
        )
        InvolvementFactory(activity=activity, person=rita, hours=1)
        ClassificationFactory(activity=activity, by=world["staff"])

    rungs = personal_page.rungs_to_check(rita)
    assert len(rungs) == FORM_SIZE + 3
    copy = page_html(person=rita)
    form = ladder_form_html(person=rita, rungs=rungs)

    # The latest first, as many as the page shows, and how many more there are.
    assert "Meeting 12" in copy
    assert "Meeting 07" not in copy.split("Money for each tax year")[0]
    assert f"There are {FORM_SIZE + 3 - personal_page.RUNGS_SHOWN} more to check." in copy
    assert f"This copy shows the latest {personal_page.INVOLVEMENTS_SHOWN}." in copy
    # One form holds FORM_SIZE activities; the rest come on the next one.
    assert form.count("<p>Tick one box.</p>") == FORM_SIZE
    assert "Meeting 02" not in form
    assert "There are 3 more to check. When we get this form back" in form

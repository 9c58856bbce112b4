""" "You said, we did": people who took part are told what changed, once, their way."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.db.models import F
from django.urls import reverse

from outbox.models import OutboundEmail
from projects import services
from projects.models import Person, Telling
from projects.telling import LetterBatch, told_for, what_changed_tell
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory
from tests.projects.test_activity_pages import edit_data

pytestmark = pytest.mark.django_db


def ways(person: Person) -> list[str]:
    return sorted(Telling.objects.filter(person=person).values_list("how", flat=True))


@pytest.fixture
def told_world(world):
    """Four people on the register who took part, each reached a different way."""
    activity = world["activity"]
    people = {
        "email": PersonFactory(display_name="Emma", contact="email", email="emma@example.org"),
        "post": PersonFactory(display_name="Pat", contact="post"),
        "paper": PersonFactory(display_name="Paula", preferred_format="paper"),
        "no_consent": PersonFactory(
            display_name="Nia", contact="email", email="nia@example.org", consent_to_contact=False
        ),
    }
    for person in people.values():
        InvolvementFactory(activity=activity, person=person, hours=1)
    return {**world, **people}


def tell(activity, text: str, by) -> list[Telling]:
    activity.what_changed = text
    activity.save()
    return what_changed_tell(activity=activity, by=by)


def test_it_tells_each_person_the_way_they_chose(told_world, mailoutbox):
    tell(told_world["activity"], "Lights now dim at 10pm.", told_world["staff"])
    assert ways(told_world["email"]) == ["email", "page"]
    assert ways(told_world["post"]) == ["letter", "page"]
    assert ways(told_world["paper"]) == ["letter", "page"]
    # Without their agreement to be contacted, only their own page tells them.
    assert ways(told_world["no_consent"]) == ["page"]
    # People with accounts too, on their page; staff who took part are not told.
    assert ways(told_world["expert_person"]) == ["page"]
    assert not Telling.objects.filter(person__user=told_world["staff"]).exists()
    telling = Telling.objects.get(person=told_world["email"], how="email")
    assert telling.told_by == told_world["staff"]
    assert telling.what_changed == "Lights now dim at 10pm."


def test_the_email_goes_through_the_outbox_once_after_commit(
    told_world, mailoutbox, django_capture_on_commit_callbacks
):
    activity = told_world["activity"]
    with django_capture_on_commit_callbacks(execute=True):
        tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    assert [message.to for message in mailoutbox] == [["emma@example.org"]]
    message = mailoutbox[0]
    assert message.subject == "What changed because of “Night-time routine workshop”"
    assert "Hello Emma" in message.body
    assert "Lights now dim at 10pm." in message.body
    email = OutboundEmail.objects.get()
    assert email.key == Telling.objects.get(how="email").email_key


def test_an_account_email_is_used_when_the_register_has_none(world, mailoutbox):
    person = world["expert_person"]
    person.contact = "email"
    person.save()
    tell(world["activity"], "Quiet room open at night.", world["staff"])
    assert ways(person) == ["email", "page"]
    assert OutboundEmail.objects.get().to == world["expert"].email


def test_saving_the_same_text_again_tells_no_one(told_world):
    activity = told_world["activity"]
    first = tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    # Six people on their page (Eve and Rita too), Emma by email, Pat and Paula by letter.
    assert len(first) == 9
    assert tell(activity, "  Lights now dim at 10pm.  ", told_world["staff"]) == []


def test_a_changed_text_tells_everyone_again(told_world):
    activity = told_world["activity"]
    tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    again = tell(activity, "Lights now dim at 9pm, as you asked.", told_world["staff"])
    assert {telling.what_changed for telling in again} == {"Lights now dim at 9pm, as you asked."}
    assert ways(told_world["post"]) == ["letter", "letter", "page", "page"]
    assert OutboundEmail.objects.count() == 2


def test_nothing_written_tells_no_one(told_world):
    assert tell(told_world["activity"], "   ", told_world["staff"]) == []
    assert not Telling.objects.exists()


def test_someone_added_later_is_told_the_text_as_it_is(told_world):
    activity = told_world["activity"]
    tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    newcomer = PersonFactory(display_name="Nora")
    InvolvementFactory(activity=activity, person=newcomer, hours=1)
    again = what_changed_tell(activity=activity, by=told_world["staff"])
    assert [(telling.person, telling.how) for telling in again] == [(newcomer, "page")]


def test_saving_the_activity_form_tells_people(client, world):
    activity = world["activity"]
    client.force_login(world["co_lead"])
    client.post(
        reverse("projects:activity_edit", args=[activity.pk]),
        edit_data(activity, what_changed="Lights now dim at 10pm."),
    )
    assert ways(world["person"]) == ["page"]
    assert Telling.objects.get(person=world["person"]).told_by == world["co_lead"]


def test_logging_an_activity_with_what_changed_tells_people(world):
    activity = services.activity_log(
        project=world["project"],
        by=world["staff"],
        activity_data={
            "date": world["project"].start_date,
            "kind": "meeting",
            "title": "Ward meeting",
            "duration_minutes": 60,
            "what_changed": "Visiting starts at 10am.",
        },
        participants=[services.ParticipantEntry(part="attended", hours=1, person=world["person"])],
    )
    assert Telling.objects.get(activity=activity).person == world["person"]


# The personal page's lines ---------------------------------------------------------


def test_told_for_lists_what_changed_newest_first_once_per_text(told_world):
    activity = told_world["activity"]
    tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    later = ActivityFactory(project=told_world["project"], title="Menu tasting")
    InvolvementFactory(activity=later, person=told_world["post"], hours=1)
    tell(later, "Hot drinks after 9pm.", told_world["staff"])
    lines = told_for(told_world["post"])
    assert [(line.activity_title, line.what_changed) for line in lines] == [
        ("Menu tasting", "Hot drinks after 9pm."),
        ("Night-time routine workshop", "Lights now dim at 10pm."),
    ]
    assert lines[0].activity_date == later.date
    assert told_for(told_world["email"])[0].activity_title == "Night-time routine workshop"


def test_told_for_shows_nothing_of_anyone_else(told_world):
    tell(told_world["activity"], "Lights now dim at 10pm.", told_world["staff"])
    assert told_for(PersonFactory()) == []


def test_told_for_takes_one_query(told_world, django_assert_num_queries):
    tell(told_world["activity"], "Lights now dim at 10pm.", told_world["staff"])
    with django_assert_num_queries(1):  # the person's page tellings, with their activities
        told_for(told_world["post"])


# The activity page -----------------------------------------------------------------


def test_the_activity_page_shows_who_has_been_told_and_how(client, told_world):
    activity = told_world["activity"]
    tell(activity, "Lights now dim at 10pm.", told_world["staff"])
    tell(activity, "Lights now dim at 9pm.", told_world["staff"])
    client.force_login(told_world["expert"])
    content = client.get(reverse("projects:activity_detail", args=[activity.pk])).content.decode()
    assert "Who has been told" in content
    text = " ".join(re.sub(r"<[^>]+>", "", content).split())
    assert "Emma: personal page, email" in text
    assert "Nia: personal page (last told" in text
    # Told twice, listed once, with each way.
    assert text.count("Pat:") == 1
    assert "Pat: personal page, letter (waiting to be printed)" in text
    # A member who may not change the activity is not sent to the letters.
    assert reverse("projects:letter_list") not in content


def test_the_activity_page_says_when_no_one_has_been_told(client, world):
    client.force_login(world["staff"])
    activity = ActivityFactory(project=world["project"], what_changed="Earlier text")
    content = client.get(reverse("projects:activity_detail", args=[activity.pk])).content.decode()
    assert "No one has been told yet" in content


# Letters for people who prefer post ----------------------------------------------

MM = 72 / 25.4  # PDF points in a millimetre


def pdf_tool(*command: str, pdf: bytes, tmp_path) -> str:
    """What a poppler tool says about the PDF (pdftotext writes to standard output)."""
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf)
    to_stdout = ["-"] if command[0] == "pdftotext" else []
    run = subprocess.run([*command, str(path), *to_stdout], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


BATCH_LINK = re.compile(r'href="(/projects/letters/printed/[^/"]+/)"')


def print_letters(client, ids):
    """Press "Print these letters", then follow the success message's link to the
    PDF: the response holding it."""
    response = client.post(reverse("projects:letter_print"), {"letter": ids}, follow=True)
    assert response.redirect_chain == [(reverse("projects:letter_list"), 302)]
    found = BATCH_LINK.search(response.content.decode())
    assert found, "no link to the printed letters"
    return client.get(found[1])


@pytest.fixture
def letters_world(told_world):
    told_world["post"].postal_address = "12 Willow Road\nLeeds\nLS1 4AB"
    told_world["post"].save()
    told_world["paper"].postal_address = "Flat 3, 7 Park Lane\nLeeds\nLS2 9JT"
    told_world["paper"].save()
    tell(told_world["activity"], "Lights now dim at 10pm.", told_world["staff"])
    return told_world


@pytest.mark.parametrize("more", [0, 12])
def test_the_letters_page_lists_letters_waiting_for_the_lead(
    client, letters_world, django_assert_num_queries, more
):
    activity = letters_world["activity"]
    for n in range(more):
        person = PersonFactory(display_name=f"Reader {n}", contact="post")
        InvolvementFactory(activity=activity, person=person, hours=1)
    what_changed_tell(activity=activity, by=letters_world["staff"])
    client.force_login(letters_world["staff"])
    # 1 session, 2 user, 3 "do they lead a project?", 4 the letters with their
    # person, activity and project (one join), 5 batches printed lately: the same
    # for 2 letters or 14.
    with django_assert_num_queries(5):
        response = client.get(reverse("projects:letter_list"))
    content = response.content.decode()
    assert "Pat" in content
    assert "Paula" in content
    assert "Emma" not in content
    assert content.count('name="letter"') == 2 + more
    assert "Print these letters" in content


def test_the_letters_page_flags_a_letter_with_no_address(client, told_world):
    tell(told_world["activity"], "Lights now dim at 10pm.", told_world["staff"])
    client.force_login(told_world["staff"])
    content = client.get(reverse("projects:letter_list")).content.decode()
    assert content.count("No address on the register") == 2


def test_a_lead_sees_no_letters_from_anyone_elses_projects(client, letters_world):
    client.force_login(letters_world["other_staff"])
    content = client.get(reverse("projects:letter_list")).content.decode()
    assert "Pat" not in content
    assert "There are no letters waiting to be printed" in content


def test_printing_gives_one_a4_pdf_with_each_letter_on_its_own_page(
    client, letters_world, tmp_path
):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    response = print_letters(client, ids)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    info = pdf_tool("pdfinfo", pdf=pdf, tmp_path=tmp_path)
    assert re.search(r"^Pages: +2$", info, re.MULTILINE)
    assert "595.276 x 841.89 pts (A4)" in info
    text = pdf_tool("pdftotext", "-layout", pdf=pdf, tmp_path=tmp_path)
    pages = text.split("\f")
    assert "Dear Pat," in pages[0]
    assert "12 Willow Road" in pages[0]
    assert "LS1 4AB" in pages[0]
    assert "Dear Paula," in pages[1]
    assert "Flat 3, 7 Park Lane" in pages[1]
    assert "LS2 9JT" in pages[1]
    assert "Lights now dim at 10pm." in pages[0]
    assert "Night-time routine workshop" in pages[1]
    # Everything printed is marked, and leaves the list.
    assert not Telling.objects.letters_to_print().exists()
    assert Telling.objects.filter(how="letter", printed_at__isnull=False).count() == 2


def test_the_address_sits_in_a_window_envelope_position(client, letters_world, tmp_path):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    pdf = print_letters(client, ids).content
    bbox = pdf_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf=pdf, tmp_path=tmp_path)
    words: dict[str, tuple[float, float]] = {}
    for match in re.finditer(
        r'<word xMin="(?P<x>[\d.]+)" yMin="(?P<y>[\d.]+)"[^>]*>(?P<word>[^<]+)</word>', bbox
    ):  # where each word first appears, in millimetres from the top left
        words.setdefault(match["word"], (float(match["x"]) / MM, float(match["y"]) / MM))
    # A DL or C5 window: 20 mm from the left, 45 mm down, 90 by 40 mm.
    for word in ("Pat", "12", "Leeds", "LS1"):  # the first word of each line
        x, y = words[word]
        assert 18 <= x <= 25, (word, x)
        assert 45 <= y <= 85, (word, y)


def test_printing_again_prints_nothing_already_printed(client, letters_world):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    client.post(reverse("projects:letter_print"), {"letter": ids})
    response = client.post(reverse("projects:letter_print"), {"letter": ids}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:letter_list")
    assert "There are no letters waiting to be printed" in response.content.decode()


def test_a_printed_batch_can_be_printed_again_from_the_list(
    client, letters_world, tmp_path, django_assert_num_queries
):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    first = print_letters(client, ids).content
    # 1 session, 2 user, 3 "do they lead a project?", 4 letters waiting, 5 batches
    # printed lately (one row each, counted in the database).
    with django_assert_num_queries(5):
        content = client.get(reverse("projects:letter_list")).content.decode()
    assert "There are no letters waiting to be printed" in content
    assert "Printed in the last 30 days" in content
    links = BATCH_LINK.findall(content)
    assert len(links) == 1
    again = client.get(links[0])
    assert again["Content-Type"] == "application/pdf"
    assert "no-cache" in again["Cache-Control"]
    text = pdf_tool("pdftotext", "-layout", pdf=again.content, tmp_path=tmp_path)
    assert "Dear Pat," in text
    assert "Dear Paula," in text
    assert pdf_tool("pdfinfo", pdf=again.content, tmp_path=tmp_path) == pdf_tool(
        "pdfinfo", pdf=first, tmp_path=tmp_path
    )


def test_each_printing_is_its_own_batch(client, letters_world, tmp_path):
    pat, paula = (
        Telling.objects.letters_to_print()
        .order_by("person__display_name")
        .values_list("pk", flat=True)
    )
    client.force_login(letters_world["staff"])
    print_letters(client, [pat])
    print_letters(client, [paula])
    content = client.get(reverse("projects:letter_list")).content.decode()
    links = BATCH_LINK.findall(content)
    assert len(links) == 2
    # Newest first: Paula's letter, then Pat's, each alone.
    newest, oldest = (
        pdf_tool("pdftotext", pdf=client.get(link).content, tmp_path=tmp_path) for link in links
    )
    assert "Dear Paula," in newest
    assert "Dear Pat," not in newest
    assert "Dear Pat," in oldest
    assert "Dear Paula," not in oldest


def test_a_batch_of_another_project_or_a_made_up_one_is_not_found(client, letters_world):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    print_letters(client, ids)
    link = BATCH_LINK.findall(client.get(reverse("projects:letter_list")).content.decode())[0]
    client.force_login(letters_world["other_staff"])
    assert client.get(link).status_code == 404
    assert BATCH_LINK.findall(client.get(reverse("projects:letter_list")).content.decode()) == []
    client.force_login(letters_world["staff"])
    for key in ("20260101T000000000000Z", "not-a-time", "99999999T999999999999Z"):
        assert client.get(reverse("projects:letter_batch", args=[key])).status_code == 404


def test_a_batch_older_than_30_days_is_no_longer_offered(client, letters_world):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    print_letters(client, ids)
    Telling.objects.filter(pk__in=ids).update(
        printed_at=F("printed_at") - datetime.timedelta(days=31)
    )
    assert "Printed in the last" not in client.get(reverse("projects:letter_list")).content.decode()
    printed_at = Telling.objects.get(pk=ids[0]).printed_at
    key = LetterBatch(printed_at=printed_at, count=2).key
    assert client.get(reverse("projects:letter_batch", args=[key])).status_code == 404


def test_a_lead_cannot_print_letters_from_another_project(client, letters_world):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["other_staff"])
    response = client.post(reverse("projects:letter_print"), {"letter": ids})
    assert response.status_code == 302
    assert Telling.objects.letters_to_print().count() == 2


def test_the_activity_page_shows_when_a_letter_was_printed(client, letters_world):
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    client.post(reverse("projects:letter_print"), {"letter": ids})
    activity = letters_world["activity"]
    content = client.get(reverse("projects:activity_detail", args=[activity.pk])).content.decode()
    assert "letter (printed " in content
    assert reverse("projects:letter_list") in content


def test_a_letter_is_in_large_print_for_someone_who_asked(client, letters_world, tmp_path):
    letters_world["post"].preferred_format = "large_print"
    letters_world["post"].save()
    ids = list(Telling.objects.letters_to_print().values_list("pk", flat=True))
    client.force_login(letters_world["staff"])
    pdf = print_letters(client, ids).content

    def body_height(page: int) -> float:
        bbox = pdf_tool(
            "pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf=pdf, tmp_path=tmp_path
        )
        found = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Thank</word>', bbox)
        assert found
        return float(found[2]) - float(found[1])

    # Pat (page 1) asked for large print (18 pt); Paula (page 2) did not (12 pt).
    assert body_height(1) > 1.4 * body_height(2)


@pytest.mark.parametrize("count", [3, 30])
def test_telling_takes_the_same_queries_for_3_or_30_people(world, django_assert_num_queries, count):
    activity = ActivityFactory(project=world["project"], what_changed="New lamps")
    for person in PersonFactory.create_batch(count, contact="post"):
        InvolvementFactory(activity=activity, person=person, hours=1)
    # 1 savepoint, 2 who was told this text already, 3 the people who took part
    # with their accounts, 4 the new tellings in one insert, 5 release.
    with django_assert_num_queries(5):
        told = what_changed_tell(activity=activity, by=world["staff"])
    assert len(told) == 2 * count

"""Telling people what was decided (invited, or thanked and told about similar
opportunities, each the way they chose), their answers, and logging the activity
with the people who accepted already on it."""

from __future__ import annotations

import datetime
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities import invitations
from opportunities.models import Interest, Reply
from outbox.models import OutboundEmail
from personal.services import link_new
from projects.models import Activity, Involvement
from tests.factories import InterestFactory, OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world, panel, today):
    """Ella (email) chosen, Pat (post) chosen, Rita (her page only) not chosen; a
    similar open opportunity of the same project."""
    ella = PersonFactory(display_name="Ella", contact="email", email="ella@example.org")
    pat = PersonFactory(
        display_name="Pat", contact="post", postal_address="3 Elm Road\nLeeds\nLS1 1AA"
    )
    similar = OpportunityFactory(
        project=world["project"],
        title="Menu tasting group",
        kind="focus_group",
        closes_on=today + datetime.timedelta(days=20),
    )
    return {
        "ella": InterestFactory(opportunity=panel, person=ella, decision="chosen"),
        "pat": InterestFactory(opportunity=panel, person=pat, decision="chosen"),
        "rita": InterestFactory(opportunity=panel, person=world["person"], decision="not_chosen"),
        "similar": similar,
    }


def tell(client, world, panel):
    client.force_login(world["staff"])
    return client.post(reverse("opportunities:decisions_tell", args=[panel.pk]))


def test_people_are_told_each_way_they_chose_once(
    client, world, panel, decided, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(client, world, panel).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        tell(client, world, panel)
    assert [message.to for message in mailoutbox] == [["ella@example.org"]]
    assert mailoutbox[0].subject == f"You are invited: {panel.title}"
    assert OutboundEmail.objects.count() == 1
    assert Interest.objects.filter(told_at__isnull=True).count() == 0
    # Pat asked for post: his letter is in the batch, Ella's and Rita's are not.
    assert [i.person.display_name for i in invitations.letters_for(panel)] == ["Pat"]


def test_people_not_chosen_are_thanked_and_told_about_similar_ones(
    client, world, panel, decided, mailoutbox, django_capture_on_commit_callbacks
):
    rita = world["person"]
    rita.contact = "email"
    rita.email = "rita@example.org"
    rita.consent_to_contact = True
    rita.save()
    with django_capture_on_commit_callbacks(execute=True):
        tell(client, world, panel)
    thanks = next(m for m in mailoutbox if m.to == ["rita@example.org"])
    assert thanks.subject == f"Thank you for your interest in {panel.title}"
    assert "Menu tasting group" in thanks.body


def test_the_letters_are_a_pdf_for_window_envelopes(client, world, panel, decided):
    tell(client, world, panel)
    response = client.get(reverse("opportunities:letters", args=[panel.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "letters.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "3 Elm Road" in text
    assert f"You are invited: {panel.title}" in text
    assert "Ella" not in text


@pytest.fixture
def opened(client, world):
    """Rita's personal link opened."""
    made = link_new(person=world["person"], by=world["staff"], given="printed")
    assert client.get(f"/me/{made.token}/").status_code == 302
    return client


def test_a_person_accepts_on_their_own_page(opened, world, panel):
    interest = InterestFactory(
        opportunity=panel, person=world["person"], decision="chosen", told_at=timezone.now()
    )
    page = opened.get("/me/").content.decode()
    assert "You are invited to take part" in page
    url = reverse("personal:opportunity_reply", args=[panel.pk])
    assert url in page
    response = opened.post(url, {})
    assert response.status_code == 200
    assert "Choose yes or no" in response.content.decode()
    assert opened.post(url, {"reply": "accepted"}).status_code == 302
    interest.refresh_from_db()
    assert interest.reply == Reply.ACCEPTED
    assert interest.reply_entered_by is None
    assert "Yes, I can take part" in opened.get("/me/").content.decode()


def test_a_person_answers_only_their_own_invitation(opened, world, panel):
    someone = InterestFactory(
        opportunity=panel, person=PersonFactory(), decision="chosen", told_at=timezone.now()
    )
    url = reverse("personal:opportunity_reply", args=[panel.pk])
    assert opened.get(url).status_code == 404
    assert opened.post(url, {"reply": "accepted"}).status_code == 404
    someone.refresh_from_db()
    assert someone.reply == ""


def test_a_person_not_invited_cannot_answer(opened, world, panel):
    InterestFactory(opportunity=panel, person=world["person"], decision="chosen")
    url = reverse("personal:opportunity_reply", args=[panel.pk])
    assert opened.post(url, {"reply": "accepted"}).status_code == 404


def test_staff_record_an_answer_for_someone_marked(client, world, panel):
    interest = InterestFactory(
        opportunity=panel, person=world["person"], decision="chosen", told_at=timezone.now()
    )
    client.force_login(world["staff"])
    url = reverse("opportunities:reply_record", args=[panel.pk, interest.pk])
    assert client.post(url, {"reply": "declined"}).status_code == 302
    interest.refresh_from_db()
    assert interest.reply == Reply.DECLINED
    assert interest.reply_entered_by == world["staff"]
    page = client.get(reverse("opportunities:shortlist", args=[panel.pk])).content.decode()
    assert "Entered on their behalf by Sam Staff" in page


def test_staff_cannot_answer_for_someone_not_invited(client, world, panel):
    interest = InterestFactory(opportunity=panel, person=world["person"], decision="not_chosen")
    client.force_login(world["staff"])
    url = reverse("opportunities:reply_record", args=[panel.pk, interest.pk])
    assert client.post(url, {"reply": "accepted"}).status_code == 403


def test_the_activity_is_logged_with_the_accepted_people_at_the_agreed_pay(
    client, world, panel, today
):
    panel.starts_on = today
    panel.save()
    now = timezone.now()
    yes = InterestFactory(
        opportunity=panel, person=world["person"], decision="chosen", told_at=now, reply="accepted"
    )
    InterestFactory(
        opportunity=panel, person=PersonFactory(), decision="chosen", told_at=now, reply="declined"
    )
    client.force_login(world["staff"])
    url = reverse("opportunities:activity_log", args=[panel.pk])
    page = client.get(url).content.decode()
    assert f'value="{panel.title}"' in page
    assert f'<option value="{yes.person_id}" selected>' in page
    assert 'name="duration_hours" value="3"' in page
    data = {
        "date_day": str(today.day),
        "date_month": str(today.month),
        "date_year": str(today.year),
        "kind": panel.kind,
        "title": panel.title,
        "duration_hours": "3",
        "duration_minutes_part": "0",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "participants-0-person": str(yes.person_id),
        "participants-0-part": "attended",
        "participants-0-hours": "3",
        "participants-0-payment_choice": "paid",
        "action": "save",
    }
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["entry"].form.errors,
        response.context["entry"].participants.non_form_errors(),
    )
    activity = Activity.objects.get(title=panel.title)
    involvement = Involvement.objects.get(activity=activity)
    assert involvement.person == world["person"]
    # The rate card's £20 an hour, for the opportunity's 3 hours.
    assert involvement.fee_due_pence == panel.fee_pence == 6000


def test_logging_the_activity_warns_of_agreed_pay_over_a_limit_before_saving(
    client, world, panel, today
):
    panel.starts_on = today
    panel.save()
    rita = world["person"]
    rita.pay_limit_pence, rita.pay_limit_period = 5000, "week"
    rita.save()
    InterestFactory(
        opportunity=panel, person=rita, decision="chosen", told_at=timezone.now(), reply="accepted"
    )
    client.force_login(world["staff"])

    page = client.get(reverse("opportunities:activity_log", args=[panel.pk])).content.decode()

    # The opportunity's 3 hours at £20 an hour: £60.00, over her £50.00.
    assert "Before you save: these fees take someone over a limit" in page
    assert "Rita: £60.00 in the week of" in page
    assert "over their limit of £50.00 by £10.00" in page
    assert "take less, not to be paid, or to give the fee to a charity" in page

    rita.pay_limit_pence = 6000
    rita.save()
    page = client.get(reverse("opportunities:activity_log", args=[panel.pk])).content.decode()
    assert "Before you save" not in page

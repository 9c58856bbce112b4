"""Leads open rounds, choose who to ask, and see each person's link."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.mail import email_send
from outbox.models import OutboundEmail
from principles.models import Invitation, Round

pytestmark = pytest.mark.django_db


def dates(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def form_data(world, **extra):
    today = timezone.localdate()
    return {
        "name": "Start of the project",
        **dates("opens_on", today),
        **dates("closes_on", today + datetime.timedelta(days=14)),
        "invitees": [f"u{world['expert'].pk}", f"p{world['person'].pk}", f"u{world['staff'].pk}"],
        **extra,
    }


def test_it_offers_members_and_people_who_took_part_once_each(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("principles:round_create", args=[world["project"].pk]))
    choices = dict(response.context["form"].fields["invitees"].choices)
    # Eve is a member and took part: she appears once, as the member.
    assert sorted(choices.values()) == ["Cleo Colead", "Eve", "Rita", "Sam Staff"]


def test_a_lead_opens_a_round_and_invites_people(client, world):
    client.force_login(world["co_lead"])
    response = client.post(
        reverse("principles:round_create", args=[world["project"].pk]), form_data(world)
    )
    round_ = Round.objects.get()
    assert response["Location"] == reverse("principles:round_detail", args=[round_.pk])
    assert round_.created_by == world["co_lead"]
    invitations = {(i.user_id, i.person_id, i.perspective) for i in Invitation.objects.all()}
    assert invitations == {
        (world["expert"].pk, world["expert_person"].pk, ""),
        (None, world["person"].pk, "lived_experience"),
        (world["staff"].pk, None, "staff"),
    }


def test_it_explains_bad_dates(client, world):
    client.force_login(world["staff"])
    today = timezone.localdate()
    data = form_data(world, **dates("closes_on", today - datetime.timedelta(days=1)))
    response = client.post(reverse("principles:round_create", args=[world["project"].pk]), data)
    assert response.status_code == 200
    assert b"<title>Error: " in response.content
    assert b"The closing date must be today or in the future" in response.content
    assert not Round.objects.exists()


def test_it_needs_someone_to_ask(client, world):
    client.force_login(world["staff"])
    data = form_data(world, invitees=[])
    response = client.post(reverse("principles:round_create", args=[world["project"].pk]), data)
    assert b"Choose at least one person to ask" in response.content


def test_it_refuses_a_person_who_is_not_offered(client, world):
    client.force_login(world["staff"])
    data = form_data(world, invitees=[f"u{world['outsider_expert'].pk}"])
    client.post(reverse("principles:round_create", args=[world["project"].pk]), data)
    assert not Round.objects.exists()


def test_the_round_page_never_lists_a_personal_link(
    client, world, round_, rita_invitation, eve_invitation, django_capture_on_commit_callbacks
):
    from principles.services import invitations_email
    from tests.factories import personal_link

    with django_capture_on_commit_callbacks(execute=True):
        invitations_email(round_=round_, site_url="http://testserver")  # Eve's, by email
    personal_link(rita_invitation)
    client.force_login(world["staff"])
    page = client.get(reverse("principles:round_detail", args=[round_.pk])).content.decode()
    assert "/principles/r/" not in page
    assert "Not started" in page
    assert "Make a new link" in page


def test_a_lead_makes_a_link_that_is_shown_once(client, world, rita_invitation):
    client.force_login(world["staff"])
    address = reverse("principles:invitation_link", args=[rita_invitation.pk])
    confirm = client.get(address)
    assert b"we will show you the link" in confirm.content
    assert b"/principles/r/" not in confirm.content
    made = client.post(address, {"how": "show"})
    assert made.status_code == 200
    assert made["Cache-Control"].startswith("max-age=0")
    link = made.context["link"]
    assert link.startswith("http://testserver/principles/r/")
    assert link in made.content.decode()
    assert b"<svg" in made.content  # the QR code, to print
    rita_invitation.refresh_from_db()
    assert rita_invitation.link_shown_to == world["staff"]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(Invitation.objects.filter(pk=rita_invitation.pk).values().get())
    assert rita_invitation.history.latest().history_user == world["staff"]
    # Never listed again: not on the round page, not on the confirm page.
    for again in (reverse("principles:round_detail", args=[rita_invitation.round_id]), address):
        assert token not in client.get(again).content.decode()
    # A new one ends the old one.
    newer = client.post(address, {"how": "show"}).context["link"]
    client.logout()
    assert client.get(link).status_code == 404
    assert client.get(newer).status_code == 302


def test_a_lead_emails_a_new_link_without_seeing_it(
    client, world, eve_invitation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world["staff"])
    address = reverse("principles:invitation_link", args=[eve_invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(address, {"how": "email"}, follow=True)
    assert b"We are emailing Eve a new link" in sent.content
    assert b"/principles/r/" not in sent.content
    (message,) = mailoutbox
    assert message.to == ["expert@example.org"]
    link = next(word for word in message.body.split() if "/principles/r/" in word)
    assert OutboundEmail.objects.get().body == ""  # sent, so not kept
    client.logout()
    assert client.get(link.removeprefix("http://testserver")).status_code == 302


def test_a_lead_cannot_email_someone_who_has_no_address_we_may_use(client, world, rita_invitation):
    client.force_login(world["staff"])
    address = reverse("principles:invitation_link", args=[rita_invitation.pk])
    page = client.post(address, {"how": "email"})
    assert page.status_code == 200
    assert b"Choose how you will give them the link" in page.content
    assert not OutboundEmail.objects.exists()
    rita_invitation.refresh_from_db()
    assert rita_invitation.key_hash == ""


def test_it_keeps_an_anonymous_persons_progress_from_the_team(client, world, rita_invitation):
    from tests.factories import personal_link

    client.get(personal_link(rita_invitation))
    client.post(
        reverse("principles:answer", kwargs={"step": "about-you"}),
        {"perspective": "carer", "anonymous_to_team": "on"},
    )
    client.force_login(world["staff"])
    page = client.get(reverse("principles:round_detail", args=[rita_invitation.round_id]))
    assert b"they asked to keep their answers from the project team" in page.content
    assert b"Started" not in page.content
    assert b"They are answering themselves" not in page.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 302), ("expert", 403), ("governance", 403), ("other_staff", 404)],
)
def test_only_leads_open_rounds(client, world, persona, status):
    if persona:
        client.force_login(world[persona])
    response = client.post(
        reverse("principles:round_create", args=[world["project"].pk]), form_data(world)
    )
    assert response.status_code == status
    assert not Round.objects.exists()


def test_it_emails_links_once_to_people_who_can_be_emailed(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from principles.services import invitations_email

    # Rita is on the register without an account and chose to be contacted by phone.
    client.force_login(world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("principles:round_create", args=[world["project"].pk]), form_data(world)
        )
    assert sorted(message.to[0] for message in mailoutbox) == [
        "expert@example.org",
        "staff@example.org",
    ]
    eve = next(message for message in mailoutbox if message.to == ["expert@example.org"])
    assert "/principles/r/" in eve.body
    assert Invitation.objects.filter(emailed_at__isnull=False).count() == 2
    # A second run sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_email(round_=Round.objects.get(), site_url="http://testserver") == 0
    assert len(mailoutbox) == 2


def test_a_mail_server_failure_keeps_the_round_and_the_emails_to_send_later(
    client, world, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("outbox.mail.EmailMessage.send", down)
    client.force_login(world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("principles:round_create", args=[world["project"].pk]), form_data(world)
        )
    assert response.status_code == 302
    assert Round.objects.count() == 1
    waiting = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
    assert waiting.count() == 2
    assert mailoutbox == []
    # The mail server is back: the sweep's next try sends each one.
    monkeypatch.undo()
    for email in waiting:
        assert email_send(email_id=email.pk) is True
    assert sorted(message.to[0] for message in mailoutbox) == [
        "expert@example.org",
        "staff@example.org",
    ]

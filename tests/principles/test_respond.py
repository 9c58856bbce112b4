"""The answer pages reached by a personal link, and by a lead on someone's behalf."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from principles.models import Answer, Response
from principles.texts import CODES

pytestmark = pytest.mark.django_db


def url(invitation, step=None, **query):
    kwargs = {"token": invitation.token, **({"step": step} if step else {})}
    address = reverse("principles:respond", kwargs=kwargs)
    return address + ("?next=check" if query.get("back_to_check") else "")


def start(client, invitation, perspective="lived_experience"):
    return client.post(url(invitation, "about-you"), {"perspective": perspective})


def answer(client, invitation, code, score="4", comment="", **query):
    return client.post(url(invitation, code, **query), {"score": score, "comment": comment})


def test_it_sends_a_first_visit_to_the_about_you_page(client, rita_invitation):
    response = client.get(url(rita_invitation))
    assert response.status_code == 302
    assert response["Location"] == url(rita_invitation, "about-you")


def test_it_asks_about_you_without_an_account(client, rita_invitation):
    response = client.get(url(rita_invitation, "about-you"))
    assert response.status_code == 200
    assert b"Which of these best describes you?" in response.content


def test_it_saves_the_perspective_and_goes_to_the_first_question(client, rita_invitation):
    response = start(client, rita_invitation, "carer")
    assert response["Location"] == url(rita_invitation, "power")
    saved = Response.objects.get(invitation=rita_invitation)
    assert saved.perspective == "carer"
    assert saved.is_draft
    assert saved.entered_on_behalf_by is None


def test_it_shows_one_principle_a_page_with_progress_and_hints(client, rita_invitation):
    start(client, rita_invitation)
    page = client.get(url(rita_invitation, "knowledge")).content.decode()
    assert "Question 2 of 7" in page
    assert "<h1" in page
    assert "Was everyone&#x27;s knowledge valued?" in page
    assert "Every kind of knowledge counted the same." in page  # the hint for 5
    assert "Don&#x27;t know" in page
    assert url(rita_invitation, "power") in page  # back link


def test_it_saves_each_answer_at_once_and_moves_on(client, rita_invitation):
    start(client, rita_invitation)
    response = answer(client, rita_invitation, "power", "2", "Staff chose the dates.")
    assert response["Location"] == url(rita_invitation, "knowledge")
    saved = Answer.objects.get(response__invitation=rita_invitation, principle="power")
    assert (saved.score, saved.dont_know, saved.comment) == (2, False, "Staff chose the dates.")


def test_it_saves_dont_know_without_a_score(client, rita_invitation):
    start(client, rita_invitation)
    answer(client, rita_invitation, "power", "dont_know")
    saved = Answer.objects.get(response__invitation=rita_invitation)
    assert (saved.score, saved.dont_know) == (None, True)


def test_it_shows_an_error_when_continuing_without_choosing(client, rita_invitation):
    start(client, rita_invitation)
    response = answer(client, rita_invitation, "power", "")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Choose a number from 1 to 5, or Don" in page
    assert not Answer.objects.exists()


def test_it_refuses_a_comment_over_1000_characters(client, rita_invitation):
    start(client, rita_invitation)
    response = answer(client, rita_invitation, "power", "3", "x" * 1001)
    assert b"1,000 characters or fewer" in response.content
    assert not Answer.objects.exists()


def test_it_resumes_where_they_left_off_and_shows_saved_answers(client, rita_invitation):
    start(client, rita_invitation)
    for code in CODES[:4]:
        answer(client, rita_invitation, code, "3")
    client.cookies.clear()  # leaving: nothing but the link is kept
    response = client.get(url(rita_invitation))
    assert response["Location"] == url(rita_invitation, CODES[4])
    page = client.get(url(rita_invitation, CODES[0]))
    assert page.context["form"]["score"].value() == "3"


def test_check_answers_changes_return_to_the_check_page(client, rita_invitation):
    start(client, rita_invitation)
    for code in CODES:
        answer(client, rita_invitation, code, "3")
    check = client.get(url(rita_invitation, "check")).content.decode()
    assert url(rita_invitation, "reflection", back_to_check=True) in check
    changed = answer(client, rita_invitation, "reflection", "5", back_to_check=True)
    assert changed["Location"] == url(rita_invitation, "check")
    assert Answer.objects.get(principle="reflection").score == 5
    back = client.get(url(rita_invitation, "reflection", back_to_check=True)).content.decode()
    assert f'href="{url(rita_invitation, "check")}"' in back


def test_it_will_not_send_until_every_principle_is_answered(client, rita_invitation):
    start(client, rita_invitation)
    answer(client, rita_invitation, "power", "3")
    response = client.post(url(rita_invitation, "check"))
    assert response.status_code == 200
    assert b"Answer question 2: Knowledge" in response.content
    assert Response.objects.get().is_draft


def test_it_sends_the_answers_and_says_what_happens_next(client, rita_invitation):
    start(client, rita_invitation)
    for code in CODES:
        answer(client, rita_invitation, code, "4")
    response = client.post(url(rita_invitation, "check"))
    assert response["Location"] == url(rita_invitation, "done")
    assert not Response.objects.get().is_draft
    done = client.get(url(rita_invitation, "done")).content.decode()
    assert "What happens next" in done


def test_they_can_change_answers_after_sending_until_the_round_closes(client, rita_invitation):
    start(client, rita_invitation)
    for code in CODES:
        answer(client, rita_invitation, code, "4")
    client.post(url(rita_invitation, "check"))
    assert client.get(url(rita_invitation))["Location"] == url(rita_invitation, "check")
    answer(client, rita_invitation, "power", "1", back_to_check=True)
    assert Answer.objects.get(principle="power").score == 1


def test_it_refuses_the_wrong_method(client, rita_invitation):
    assert client.put(url(rita_invitation, "about-you")).status_code == 405


def test_an_unknown_step_is_not_found(client, rita_invitation):
    start(client, rita_invitation)
    assert client.get(url(rita_invitation, "secrets")).status_code == 404


# Tokens ---------------------------------------------------------------------------


def test_a_tampered_link_reveals_nothing(client, rita_invitation):
    token = rita_invitation.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(reverse("principles:respond", kwargs={"token": tampered}))
    assert response.status_code == 404
    page = response.content.decode()
    assert "We cannot open this link" in page
    assert rita_invitation.round.name not in page
    assert rita_invitation.round.project.title not in page


def test_a_made_up_link_reveals_nothing(client, db):
    response = client.get(reverse("principles:respond", kwargs={"token": "abc:def"}))
    assert response.status_code == 404
    assert b"We cannot open this link" in response.content


def test_a_link_stops_working_when_the_round_closes(client, rita_invitation):
    start(client, rita_invitation)
    round_ = rita_invitation.round
    round_.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    round_.save()
    for step in (None, "about-you", "power", "check"):
        response = client.get(url(rita_invitation, step))
        assert response.status_code == 410
        assert b"This link has closed" in response.content
        assert round_.project.title.encode() not in response.content
    assert answer(client, rita_invitation, "power", "5").status_code == 410
    assert not Answer.objects.exists()


def test_a_link_never_opens_another_persons_answers(client, rita_invitation, eve_invitation):
    start(client, eve_invitation, "lived_experience")
    answer(client, eve_invitation, "power", "1", "Eve's private comment")
    page = client.get(url(rita_invitation, "power"))
    assert page.status_code == 302  # Rita has not started: her link asks about her first
    start(client, rita_invitation, "carer")
    page = client.get(url(rita_invitation, "power"))
    assert page.context["form"]["score"].value() is None
    assert b"Eve&#x27;s private comment" not in page.content
    # Rita's link started her own response; Eve's is untouched.
    assert Response.objects.get(invitation=eve_invitation).perspective == "lived_experience"
    assert Response.objects.get(invitation=rita_invitation).perspective == "carer"


# Signed in ---------------------------------------------------------------------


def test_my_rounds_lists_open_invitations_with_their_links(client, world, eve_invitation):
    client.force_login(world["expert"])
    page = client.get(reverse("principles:my_rounds")).content.decode()
    assert url(eve_invitation) in page
    assert "Better nights on Willow" in page


def test_my_rounds_shows_nothing_for_someone_not_invited(client, world, eve_invitation):
    client.force_login(world["outsider_expert"])
    page = client.get(reverse("principles:my_rounds")).content.decode()
    assert url(eve_invitation) not in page
    assert "Nothing to answer" in page


# On someone's behalf -------------------------------------------------------------


def behalf_url(invitation, step=None):
    kwargs = {"pk": invitation.pk, **({"step": step} if step else {})}
    return reverse("principles:respond_on_behalf", kwargs=kwargs)


def test_a_lead_enters_a_paper_response_marked_as_on_behalf(client, world, rita_invitation):
    client.force_login(world["staff"])
    client.post(behalf_url(rita_invitation, "about-you"), {"perspective": "lived_experience"})
    for code in CODES:
        client.post(behalf_url(rita_invitation, code), {"score": "3"})
    check = client.get(behalf_url(rita_invitation, "check")).content.decode()
    assert "Entered on behalf of Rita by Sam Staff" in check
    response = client.post(behalf_url(rita_invitation, "check"))
    assert response["Location"] == behalf_url(rita_invitation, "done")
    saved = Response.objects.get(invitation=rita_invitation)
    assert saved.entered_on_behalf_by == world["staff"]
    assert not saved.is_draft
    detail = client.get(reverse("principles:round_detail", args=[rita_invitation.round_id]))
    assert b"Entered on their behalf" in detail.content


def test_the_person_sees_who_entered_their_answers(client, world, rita_invitation):
    client.force_login(world["staff"])
    client.post(behalf_url(rita_invitation, "about-you"), {"perspective": "lived_experience"})
    client.logout()
    page = client.get(url(rita_invitation, "power")).content.decode()
    assert "Entered on behalf of Rita by Sam Staff" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("expert", 403), ("governance", 403), ("other_staff", 404), ("outsider_expert", 404)],
)
def test_only_leads_enter_answers_for_someone(client, world, rita_invitation, persona, status):
    client.force_login(world[persona])
    response = client.post(
        behalf_url(rita_invitation, "about-you"), {"perspective": "lived_experience"}
    )
    assert response.status_code == status
    assert not Response.objects.exists()


def test_entering_on_behalf_needs_signing_in(client, rita_invitation):
    response = client.get(behalf_url(rita_invitation, "about-you"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

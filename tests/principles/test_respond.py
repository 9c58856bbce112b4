"""The answer pages reached by a personal link, and by a lead on someone's behalf."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from principles.models import Answer, Response
from principles.texts import CODES
from tests.activity import last_request_ago
from tests.factories import personal_link

pytestmark = pytest.mark.django_db


def url(invitation, step=None, **query):
    """An answer page of the invitation whose link this browser opened last (the
    invitation is named only so each test reads as whose page it is)."""
    address = reverse("principles:answer", kwargs={"step": step} if step else {})
    return address + ("?next=check" if query.get("back_to_check") else "")


def open_link(client, invitation):
    """Open a new personal link for the invitation in this browser."""
    response = client.get(personal_link(invitation))
    assert response.status_code == 302
    return response


@pytest.fixture
def rita_invitation(rita_invitation, client):
    """Rita's invitation, with her link opened in the test's browser as if she
    clicked it."""
    open_link(client, rita_invitation)
    return rita_invitation


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
    open_link(client, rita_invitation)
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


# Links -----------------------------------------------------------------------------


def test_a_link_is_exchanged_for_a_session_and_the_token_leaves_the_address(db, client, world):
    from tests.factories import InvitationFactory, RoundFactory

    invitation = InvitationFactory(
        round=RoundFactory(project=world["project"]), person=world["person"]
    )
    link = personal_link(invitation)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("principles:answer")
    assert response["Referrer-Policy"] == "no-referrer"
    for step in (None, "about-you"):
        page = client.get(url(invitation, step), follow=True)
        assert page.status_code == 200
        assert token not in page.content.decode()
        assert all(token not in address for address, _status in page.redirect_chain)
    assert b"Which of these best describes you?" in page.content


def test_a_tampered_link_reveals_nothing(client, world, rita_invitation):
    link = personal_link(rita_invitation)
    tampered = link[:-2] + ("A" if link[-2] != "A" else "B") + "/"
    response = client.get(tampered)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We cannot open this link" in page
    assert rita_invitation.round.name not in page
    assert rita_invitation.round.project.title not in page


def test_a_made_up_link_reveals_nothing(client, db):
    response = client.get(reverse("principles:respond", kwargs={"token": "abc:def"}))
    assert response.status_code == 404
    assert b"We cannot open this link" in response.content


def test_the_answer_pages_need_a_link_opened_in_this_browser(db, client):
    page = client.get(reverse("principles:answer", kwargs={"step": "about-you"}))
    assert page.status_code == 200
    assert b"Open your personal link" in page.content
    assert client.post(url(None, "about-you"), {"perspective": "carer"}).status_code == 200
    assert not Response.objects.exists()


def test_a_new_link_ends_the_old_link_and_its_session(client, world, rita_invitation):
    start(client, rita_invitation)
    old = personal_link(rita_invitation)  # made while her first session is open
    assert client.get(url(rita_invitation, "power")).status_code == 200
    newest = personal_link(rita_invitation)
    # The session opened with an older link ends, and older links open nothing.
    page = client.get(url(rita_invitation, "power"))
    assert b"Please open your link again" in page.content
    assert answer(client, rita_invitation, "power", "5").status_code == 200
    assert not Answer.objects.exists()
    assert client.get(old).status_code == 404
    assert client.get(newest).status_code == 302
    assert client.get(url(rita_invitation, "power")).status_code == 200


def test_the_session_ends_after_a_short_idle_time_and_keeps_what_was_typed(
    client, world, rita_invitation, monkeypatch
):
    from principles import access

    start(client, rita_invitation)
    last_request_ago(client, access.ANSWERING_IDLE_SECONDS + 1)
    late = answer(client, rita_invitation, "power", "2", "Typed before the break")
    assert b"Please open your link again" in late.content
    assert b"We kept what you typed" in late.content
    assert not Answer.objects.exists()
    open_link(client, rita_invitation)
    page = client.get(url(rita_invitation, "power"))
    assert page.context["form"]["score"].value() == "2"
    assert page.context["form"]["comment"].value() == "Typed before the break"
    # Offered once: it is in the form now, not kept for ever.
    assert client.get(url(rita_invitation, "power")).context["form"]["comment"].value() in (
        None,
        "",
    )


def test_closed_and_not_yet_open_rounds_answer_with_a_plain_page(client, rita_invitation):
    """Not an error status: a working link's address must not reach the error logs."""
    start(client, rita_invitation)
    round_ = rita_invitation.round
    round_.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    round_.save()
    for step in (None, "about-you", "power", "check"):
        response = client.get(url(rita_invitation, step))
        assert response.status_code == 200
        assert b"This link has closed" in response.content
        assert round_.project.title.encode() not in response.content
    assert answer(client, rita_invitation, "power", "5").status_code == 200
    assert not Answer.objects.exists()
    round_.opens_on = timezone.localdate() + datetime.timedelta(days=2)
    round_.closes_on = timezone.localdate() + datetime.timedelta(days=9)
    round_.save()
    assert client.get(personal_link(rita_invitation)).status_code == 302
    response = client.get(url(rita_invitation), follow=True)
    assert response.status_code == 200
    assert b"This form is not open yet" in response.content


def test_erasing_a_person_ends_their_links(client, world, rita_invitation):
    from projects.privacy.erasure import person_erase

    link = personal_link(rita_invitation)
    person_erase(person=world["person"], by=world["admin"], reason="They asked us to")
    assert client.get(link).status_code == 404
    assert b"Please open your link again" in client.get(url(rita_invitation, "power")).content


def test_a_link_never_opens_another_persons_answers(client, rita_invitation, eve_invitation):
    open_link(client, eve_invitation)
    start(client, eve_invitation, "lived_experience")
    answer(client, eve_invitation, "power", "1", "Eve's private comment")
    open_link(client, rita_invitation)
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


def mine_url(invitation, step=None):
    kwargs = {"pk": invitation.pk, **({"step": step} if step else {})}
    return reverse("principles:respond_mine", kwargs=kwargs)


def test_my_rounds_lists_open_invitations_with_their_pages(client, world, eve_invitation):
    client.force_login(world["expert"])
    page = client.get(reverse("principles:my_rounds")).content.decode()
    assert mine_url(eve_invitation) in page
    assert "Better nights on Willow" in page
    assert "/principles/r/" not in page  # no personal link needed, none shown


def test_a_signed_in_person_answers_their_own_invitation_without_a_link(
    client, world, eve_invitation
):
    client.force_login(world["expert"])
    client.post(mine_url(eve_invitation, "about-you"), {"perspective": "lived_experience"})
    client.post(mine_url(eve_invitation, "power"), {"score": "5", "comment": ""})
    saved = Answer.objects.get(response__invitation=eve_invitation)
    assert (saved.score, saved.entered_by) == (5, None)
    assert Response.objects.get(invitation=eve_invitation).invitee_started_at is not None


def test_my_rounds_shows_nothing_for_someone_not_invited(client, world, eve_invitation):
    client.force_login(world["outsider_expert"])
    page = client.get(reverse("principles:my_rounds")).content.decode()
    assert mine_url(eve_invitation) not in page
    assert "Nothing to answer" in page
    assert client.get(mine_url(eve_invitation, "about-you")).status_code == 404


# On someone's behalf -------------------------------------------------------------


# What a lead says about a paper questionnaire before typing its answers in.
ON_PAPER = {"entered_from": "paper", "perspective": "lived_experience"}


def behalf_url(invitation, step=None):
    kwargs = {"pk": invitation.pk, **({"step": step} if step else {})}
    return reverse("principles:respond_on_behalf", kwargs=kwargs)


def test_a_lead_enters_a_paper_response_marked_as_on_behalf(client, world, rita_invitation):
    client.force_login(world["staff"])
    client.post(behalf_url(rita_invitation, "about-you"), ON_PAPER)
    for code in CODES:
        client.post(behalf_url(rita_invitation, code), {"score": "3"})
    check = client.get(behalf_url(rita_invitation, "check")).content.decode()
    assert "Entered from paper on behalf of Rita by Sam Staff" in check
    response = client.post(behalf_url(rita_invitation, "check"))
    assert response["Location"] == behalf_url(rita_invitation, "done")
    saved = Response.objects.get(invitation=rita_invitation)
    assert saved.entered_on_behalf_by == world["staff"]
    assert not saved.is_draft
    detail = client.get(reverse("principles:round_detail", args=[rita_invitation.round_id]))
    assert b"Entered on their behalf (from paper)" in detail.content


def test_pages_for_staff_typing_speak_of_the_person_not_to_them(client, world, rita_invitation):
    client.force_login(world["staff"])
    about = client.get(behalf_url(rita_invitation, "about-you")).content.decode()
    assert "Which of these best describes them?" in about
    assert "They have lived experience" in about
    assert "They care for or support someone who uses the service." in about
    assert "They asked us not to show their name to the project team" in about
    assert "Type in Rita's answers as they gave them" in about
    assert "describes you" not in about
    assert "I have lived experience" not in about
    assert "by the same link" not in about
    refused = client.post(behalf_url(rita_invitation, "about-you"), {"entered_from": "paper"})
    assert "Choose the answer that best describes them" in refused.content.decode()
    client.post(behalf_url(rita_invitation, "about-you"), ON_PAPER)
    question = client.get(behalf_url(rita_invitation, "power")).content.decode()
    assert "Their answer is saved when you continue." in question
    for code in CODES:
        client.post(behalf_url(rita_invitation, code), {"score": "3"})
    check = client.get(behalf_url(rita_invitation, "check")).content.decode()
    assert "<h1>Check their answers</h1>" in check
    assert "Send their answers" in check
    assert "Send my answers" not in check
    done = client.post(behalf_url(rita_invitation, "check"), follow=True).content.decode()
    assert "Thank you. Their answers are sent" in done
    # Rita opening her own link afterwards is spoken to as herself.
    client.logout()
    open_link(client, rita_invitation)
    own = client.get(url(rita_invitation, "check")).content.decode()
    assert "<h1>Check your answers</h1>" in own
    assert "Save my changes" in own


def test_the_person_sees_who_entered_their_answers(client, world, rita_invitation):
    client.force_login(world["staff"])
    client.post(behalf_url(rita_invitation, "about-you"), ON_PAPER)
    client.post(behalf_url(rita_invitation, "power"), {"score": "2"})
    client.logout()
    open_link(client, rita_invitation)
    page = client.get(url(rita_invitation, "power")).content.decode()
    assert "Entered from paper on behalf of Rita by Sam Staff" in page
    check = client.get(url(rita_invitation, "check")).content.decode()
    today = timezone.localdate()
    assert f"Entered from paper for Rita by Sam Staff on {today:%-d %B %Y}" in check


def test_each_answer_records_who_typed_it_and_when(client, world, rita_invitation):
    client.force_login(world["staff"])
    client.post(behalf_url(rita_invitation, "about-you"), ON_PAPER)
    client.post(behalf_url(rita_invitation, "power"), {"score": "2"})
    typed = Answer.objects.get(principle="power")
    assert typed.entered_by == world["staff"]
    assert typed.history.latest().history_user == world["staff"]
    # Rita changes it herself: now it is hers, and the trail keeps both.
    client.logout()
    open_link(client, rita_invitation)
    answer(client, rita_invitation, "power", "4")
    changed = Answer.objects.get(principle="power")
    assert (changed.score, changed.entered_by) == (4, None)
    assert [h.score for h in changed.history.order_by("history_date")] == [2, 4]


def test_nobody_enters_answers_for_someone_answering_by_their_own_link(
    client, world, rita_invitation
):
    start(client, rita_invitation)
    answer(client, rita_invitation, "power", "1", "Only mine")
    before = list(Answer.objects.values_list("principle", "score", "comment", "updated_at"))
    client.force_login(world["staff"])
    for step, data in [
        ("about-you", {"perspective": "staff"}),
        ("power", {"score": "5", "comment": "Changed"}),
        ("knowledge", {"score": "5"}),
        ("check", {}),
    ]:
        refused = client.post(behalf_url(rita_invitation, step), data)
        assert refused.status_code == 403
        assert b"Rita is answering themselves" in refused.content
        assert b"Only mine" not in refused.content
    assert client.get(behalf_url(rita_invitation, "power")).status_code == 403
    assert list(Answer.objects.values_list("principle", "score", "comment", "updated_at")) == before
    saved = Response.objects.get(invitation=rita_invitation)
    assert (saved.perspective, saved.entered_on_behalf_by, saved.submitted_at) == (
        "lived_experience",
        None,
        None,
    )
    detail = client.get(reverse("principles:round_detail", args=[rita_invitation.round_id]))
    assert b"They are answering themselves" in detail.content


def test_a_new_link_shown_to_a_lead_does_not_show_earlier_answers(client, world, rita_invitation):
    """Making someone a new link and opening it is no way to read what they said."""
    start(client, rita_invitation)
    answer(client, rita_invitation, "power", "1", "Staff never listen")
    client.force_login(world["staff"])
    made = client.post(
        reverse("principles:invitation_link", args=[rita_invitation.pk]), {"how": "show"}
    )
    link = made.context["link"]
    client.logout()
    client.get(link)
    page = client.get(url(rita_invitation, "power"))
    assert page.context["form"]["score"].value() is None
    assert b"Staff never listen" not in page.content
    assert b"we do not show it on this link" in page.content
    check = client.get(url(rita_invitation, "check"))
    assert b"Staff never listen" not in check.content
    assert b"Not shown on this link" in check.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("expert", 403), ("governance", 403), ("other_staff", 404), ("outsider_expert", 404)],
)
def test_only_leads_enter_answers_for_someone(client, world, rita_invitation, persona, status):
    client.force_login(world[persona])
    response = client.post(behalf_url(rita_invitation, "about-you"), ON_PAPER)
    assert response.status_code == status
    assert not Response.objects.exists()


def test_entering_on_behalf_needs_signing_in(client, rita_invitation):
    response = client.get(behalf_url(rita_invitation, "about-you"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

"""The personal page: only the person's own things, and what they can do there."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ladder.models import Response as LadderResponse
from principles.models import Response as PrinciplesResponse
from projects.models import EqualityMonitoring, RecordView
from projects.privacy.audit import record_changes
from tests.factories import ClassificationFactory, InvitationFactory, RoundFactory

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


def test_it_shows_what_changed_newest_first(opened, world, rung_to_check):
    html = opened.get("/me/").content.decode()
    assert "Lights now go down at 10pm on Willow ward." in html


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
            "preferred_format": "easy_read",
            "access_needs": "Large text, please",
        },
    )

    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.preferred_format == "easy_read"
    easy = opened.get("/me/").content.decode()
    assert "Things to do" in easy
    assert "What is waiting for you" not in easy
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

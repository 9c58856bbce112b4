"""A lead enters a confirmation or contest for someone who took part."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder import services
from ladder.models import Response
from projects.rungs import Rung, RungStatus
from tests.factories import CONSULTATION_ANSWERS, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def classification(world):
    return services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )


def on_behalf_url(world, person_key: str = "person") -> str:
    return reverse("ladder:respond_on_behalf", args=[world["activity"].pk, world[person_key].pk])


def test_it_records_the_answer_as_entered_on_behalf(client, world, classification):
    client.force_login(world["staff"])
    page = client.get(on_behalf_url(world))
    assert "Does Rita say this is right?" in page.text
    response = client.post(
        on_behalf_url(world),
        {"verdict": "contested", "reason": " It was a survey. ", "how": "phone"},
    )
    assert response.status_code == 302
    assert response.url == reverse("ladder:activity", args=[world["activity"].pk])
    answer = Response.objects.get()
    assert answer.person == world["person"]
    assert (answer.verdict, answer.reason) == ("contested", "It was a survey.")
    assert (answer.entered_by, answer.how) == (world["staff"], Response.How.PHONE)
    assert answer.entered_on_behalf
    world["activity"].refresh_from_db()
    assert world["activity"].rung_status == RungStatus.CONTESTED


def test_the_audit_trail_names_the_member_of_staff(client, world, classification):
    client.force_login(world["co_lead"])
    client.post(on_behalf_url(world), {"verdict": "confirmed", "how": "paper"})
    [row] = Response.history.all()
    assert row.history_user == world["co_lead"]
    assert (row.entered_by, row.how, row.verdict) == (world["co_lead"], "paper", "confirmed")


def test_the_service_names_the_member_of_staff_without_a_request(world, classification):
    services.response_record(
        classification=classification,
        person=world["person"],
        verdict="confirmed",
        reason="",
        entered_by=world["staff"],
        how=Response.How.IN_PERSON,
    )
    assert Response.history.get().history_user == world["staff"]


def test_the_service_needs_to_know_how_they_told_you(world, classification):
    with pytest.raises(ValueError, match="how the person told you"):
        services.response_record(
            classification=classification,
            person=world["person"],
            verdict="confirmed",
            reason="",
            entered_by=world["staff"],
        )


def test_it_is_refused_when_the_person_answered_themselves(client, world, classification):
    services.response_record(
        classification=classification,
        person=world["expert_person"],
        verdict="confirmed",
        reason="Mine.",
    )
    client.force_login(world["staff"])
    for response in (
        client.get(on_behalf_url(world, "expert_person")),
        client.post(
            on_behalf_url(world, "expert_person"), {"verdict": "contested", "how": "phone"}
        ),
    ):
        assert response.status_code == 403
        assert "Eve has answered themselves" in response.text
    answer = Response.objects.get()
    assert (answer.verdict, answer.reason, answer.entered_by) == ("confirmed", "Mine.", None)


def test_the_service_never_enters_an_answer_over_the_persons_own(world, classification):
    own = services.response_record(
        classification=classification, person=world["person"], verdict="confirmed", reason=""
    )
    with pytest.raises(services.AnsweredThemselves):
        services.response_record(
            classification=classification,
            person=world["person"],
            verdict="contested",
            reason="",
            entered_by=world["staff"],
            how=Response.How.PAPER,
        )
    own.refresh_from_db()
    assert (own.verdict, own.entered_by, own.how) == ("confirmed", None, "")


def test_a_lead_can_change_an_answer_entered_on_behalf(client, world, classification):
    client.force_login(world["staff"])
    client.post(on_behalf_url(world), {"verdict": "contested", "how": "phone"})
    page = client.get(on_behalf_url(world))
    assert "Saving changes it." in page.text
    client.post(on_behalf_url(world), {"verdict": "confirmed", "how": "in_person"})
    answer = Response.objects.get()
    assert (answer.verdict, answer.how) == ("confirmed", "in_person")


def test_the_persons_own_answer_replaces_one_entered_for_them(client, world, classification):
    client.force_login(world["staff"])
    client.post(on_behalf_url(world, "expert_person"), {"verdict": "contested", "how": "phone"})
    client.force_login(world["expert"])
    client.post(reverse("ladder:confirm", args=[world["activity"].pk]), {"verdict": "confirmed"})
    answer = Response.objects.get()
    assert (answer.verdict, answer.entered_by, answer.how) == ("confirmed", None, "")
    assert not answer.entered_on_behalf


def test_bad_input_keeps_what_was_typed(client, world, classification):
    client.force_login(world["staff"])
    response = client.post(on_behalf_url(world), {"reason": "She said it was only a survey."})
    assert response.status_code == 200
    assert "Error: " in response.text
    assert "Choose yes if Rita says this is right" in response.text
    assert "Choose how they told you their answer" in response.text
    assert "She said it was only a survey." in response.text
    assert not Response.objects.exists()


def test_someone_who_did_not_take_part_is_not_found(client, world, classification):
    elsewhere = PersonFactory(display_name="Omar")
    client.force_login(world["staff"])
    url = reverse("ladder:respond_on_behalf", args=[world["activity"].pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_nothing_to_answer_before_the_activity_is_classified(client, world):
    client.force_login(world["staff"])
    response = client.post(on_behalf_url(world), {"verdict": "confirmed", "how": "phone"})
    assert response.status_code == 200
    assert "Nothing to answer yet" in response.text
    assert not Response.objects.exists()


def test_the_ladder_page_shows_who_entered_an_answer_and_when(client, world, classification):
    services.response_record(
        classification=classification,
        person=world["person"],
        verdict="contested",
        reason="",
        entered_by=world["staff"],
        how=Response.How.PAPER,
    )
    client.force_login(world["expert"])
    page = client.get(reverse("ladder:activity", args=[world["activity"].pk]))
    assert f"entered on behalf by {world['staff'].name} on" in page.text
    assert "on paper" in page.text
    # Members who are not leads see the marking, but not the list of people.
    assert "Enter their answer" not in page.text


def test_the_ladder_page_offers_leads_an_answer_for_each_participant(client, world, classification):
    services.response_record(
        classification=classification,
        person=world["expert_person"],
        verdict="confirmed",
        reason="",
    )
    client.force_login(world["staff"])
    page = client.get(reverse("ladder:activity", args=[world["activity"].pk]))
    assert "answered themselves." in page.text
    assert page.text.count("Enter their answer") == 1
    assert on_behalf_url(world) in page.text
    assert on_behalf_url(world, "expert_person") not in page.text


def test_the_persons_copy_of_their_data_says_who_entered_it_and_how(world, classification):
    from projects.privacy.export import subject_access_copy

    services.response_record(
        classification=classification,
        person=world["person"],
        verdict="contested",
        reason="",
        entered_by=world["staff"],
        how=Response.How.PHONE,
    )
    copy = subject_access_copy(person=world["person"], by=world["admin"])
    [section] = [s for s in copy.sections if s.title.startswith("What you said about how")]
    [row] = section.rows
    assert "Entered for you by" in section.columns
    assert world["staff"].full_name in row
    assert "By phone" in row

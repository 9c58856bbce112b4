"""People who took part confirm or contest a classification; the status rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder import services
from ladder.models import Classification, Response
from projects.rungs import Rung, RungStatus
from tests.factories import CONSULTATION_ANSWERS, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def classify(world, *, label="consultation", chosen=Rung.CONSULTATION, reason="") -> Classification:
    return services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label=label,
        chosen=chosen,
        reason=reason,
    )


def confirm_url(world) -> str:
    return reverse("ladder:confirm", args=[world["activity"].pk])


def status_of(world) -> tuple[str, bool]:
    world["activity"].refresh_from_db()
    return world["activity"].rung_status, world["activity"].faux_production


def test_it_shows_the_easy_read_rung_to_someone_who_took_part(client, world):
    classify(world)
    client.force_login(world["expert"])
    response = client.get(confirm_url(world))
    assert response.status_code == 200
    assert "Staff ask what you think." in response.text


def test_agreeing_confirms_the_rung(client, world):
    classify(world)
    client.force_login(world["expert"])
    response = client.post(confirm_url(world), {"verdict": "confirmed"})
    assert response.status_code == 302
    assert status_of(world) == (RungStatus.CONFIRMED, False)


def test_contesting_a_co_production_claim_flags_it(client, world):
    classify(world, label="co_production", chosen=Rung.CO_PRODUCTION, reason="We think so")
    client.force_login(world["expert"])
    client.post(confirm_url(world), {"verdict": "contested", "reason": "Staff decided it all."})
    assert status_of(world) == (RungStatus.CONTESTED, True)
    response = Response.objects.get()
    assert response.person == world["expert_person"]
    assert response.reason == "Staff decided it all."


def test_the_reason_is_optional_but_the_answer_is_not(client, world):
    classify(world)
    client.force_login(world["expert"])
    response = client.post(confirm_url(world), {"reason": "Hmm"})
    assert response.status_code == 200
    assert "Choose yes if this is right" in response.text
    assert client.post(confirm_url(world), {"verdict": "contested"}).status_code == 302


def test_answering_again_changes_the_answer(client, world):
    classify(world)
    client.force_login(world["expert"])
    client.post(confirm_url(world), {"verdict": "contested"})
    client.post(confirm_url(world), {"verdict": "confirmed"})
    assert Response.objects.count() == 1
    assert Response.history.count() == 2
    assert status_of(world) == (RungStatus.CONFIRMED, False)


def test_one_contest_outweighs_agreement(world):
    classification = classify(world)
    other = PersonFactory(user=UserFactory(role="expert"))
    services.response_record(
        classification=classification, person=world["expert_person"], verdict="confirmed", reason=""
    )
    assert status_of(world)[0] == RungStatus.CONFIRMED
    services.response_record(
        classification=classification, person=other, verdict="contested", reason=""
    )
    assert status_of(world)[0] == RungStatus.CONTESTED


@pytest.mark.parametrize(
    ("verdicts", "status"),
    [
        ([], RungStatus.PROPOSED),
        (["confirmed"], RungStatus.CONFIRMED),
        (["confirmed", "confirmed"], RungStatus.CONFIRMED),
        (["confirmed", "contested"], RungStatus.CONTESTED),
        (["contested"], RungStatus.CONTESTED),
    ],
)
def test_the_status_rule(verdicts, status):
    assert services.status_from_verdicts(verdicts) == status


def test_reclassifying_asks_again_and_old_answers_do_not_count(client, world):
    first = classify(world)
    services.response_record(
        classification=first, person=world["expert_person"], verdict="contested", reason=""
    )
    classify(world, label="engagement", chosen=Rung.ENGAGEMENT, reason="Second look")
    assert status_of(world) == (RungStatus.PROPOSED, False)
    # An answer to the old classification leaves the new one alone.
    services.response_record(
        classification=first, person=world["expert_person"], verdict="confirmed", reason=""
    )
    assert status_of(world) == (RungStatus.PROPOSED, False)


def test_the_home_page_asks_until_they_answer(client, world):
    classify(world)
    client.force_login(world["expert"])
    assert confirm_url(world) in client.get(reverse("home")).text
    client.post(confirm_url(world), {"verdict": "confirmed"})
    assert confirm_url(world) not in client.get(reverse("home")).text


def test_awaiting_response_lists_only_current_classifications_of_their_activities(world):
    classify(world)
    latest = classify(world, label="engagement", chosen=Rung.ENGAGEMENT, reason="Again")
    assert list(Classification.objects.awaiting_response_from(world["expert"])) == [latest]
    assert not Classification.objects.awaiting_response_from(world["co_lead"]).exists()


def test_it_refuses_members_who_did_not_take_part(client, world):
    classify(world)
    client.force_login(world["co_lead"])
    assert client.post(confirm_url(world), {"verdict": "contested"}).status_code == 403
    assert not Response.objects.exists()

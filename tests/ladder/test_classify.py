"""Classifying an activity from evidence: the page, its validation, the record."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ladder.models import Classification
from projects.rungs import Rung, RungStatus
from tests.factories import CONSULTATION_ANSWERS

pytestmark = pytest.mark.django_db


def classify_url(world) -> str:
    return reverse("ladder:classify", args=[world["activity"].pk])


def post(client, world, *, action="save", label="co_production", **extra):
    data = {**CONSULTATION_ANSWERS, "label": label, "action": action, **extra}
    return client.post(classify_url(world), data)


def test_it_shows_the_questions_to_a_lead(client, world):
    client.force_login(world["staff"])
    response = client.get(classify_url(world))
    assert response.status_code == 200
    assert "Did their views change what was decided?" in response.text
    assert "Save classification" not in response.text  # The choice comes after a suggestion.


def test_it_suggests_a_rung_and_starts_the_choice_there(client, world):
    client.force_login(world["staff"])
    response = post(client, world, action="suggest")
    assert response.status_code == 200
    assert "Suggested rung: Consultation" in response.text
    assert response.context["form"]["chosen_rung"].value() == Rung.CONSULTATION
    assert not Classification.objects.exists()


def test_it_saves_the_suggested_rung_without_a_reason(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, world, label="consultation", chosen_rung=Rung.CONSULTATION)
    assert response.status_code == 302
    assert response["Location"] == reverse("ladder:activity", args=[world["activity"].pk])
    classification = Classification.objects.get()
    assert classification.by == world["staff"]
    assert classification.answers == CONSULTATION_ANSWERS
    assert classification.suggested_rung == classification.chosen_rung == Rung.CONSULTATION
    activity = world["activity"]
    activity.refresh_from_db()
    assert (activity.rung, activity.rung_status, activity.faux_production) == (
        Rung.CONSULTATION,
        RungStatus.PROPOSED,
        False,
    )
    # The expert took part and has an account: asked once, by email.
    assert [message.to for message in mail.outbox] == [[world["expert"].email]]
    assert reverse("ladder:confirm", args=[activity.pk]) in mail.outbox[0].body


def test_a_different_rung_needs_a_reason(client, world):
    client.force_login(world["staff"])
    response = post(client, world, chosen_rung=Rung.CO_PRODUCTION)
    assert response.status_code == 200
    assert "Write why you chose Co-production when the answers suggest Consultation" in (
        response.text
    )
    assert "<title>Error: " in response.text
    assert not Classification.objects.exists()


def test_a_different_rung_with_a_reason_is_saved_and_flagged(client, world):
    client.force_login(world["staff"])
    response = post(
        client, world, chosen_rung=Rung.CO_PRODUCTION, reason="They ran the second half."
    )
    assert response.status_code == 302
    activity = world["activity"]
    activity.refresh_from_db()
    assert activity.rung == Rung.CO_PRODUCTION
    assert activity.faux_production is True
    page = client.get(reverse("ladder:activity", args=[activity.pk]))
    assert "possible faux-production" in page.text
    assert "Show people how their views changed what happens" in page.text


def test_every_question_needs_an_answer(client, world):
    client.force_login(world["staff"])
    response = client.post(classify_url(world), {"action": "suggest", "label": "other"})
    assert response.status_code == 200
    assert "Answer “Did people with lived experience take part?”" in response.text


def test_reclassifying_keeps_history_and_starts_from_the_last_answers(client, world):
    client.force_login(world["staff"])
    post(client, world, label="consultation", chosen_rung=Rung.CONSULTATION)
    post(
        client,
        world,
        label="engagement",
        chosen_rung=Rung.ENGAGEMENT,
        views_changed="yes",
    )
    assert Classification.objects.count() == 2
    world["activity"].refresh_from_db()
    assert world["activity"].rung == Rung.ENGAGEMENT
    page = client.get(classify_url(world))
    assert "Suggested rung: Engagement" in page.text
    history = client.get(reverse("ladder:activity", args=[world["activity"].pk]))
    assert "Earlier classifications" in history.text


def test_it_refuses_a_member_who_does_not_lead(client, world):
    client.force_login(world["expert"])
    assert post(client, world, chosen_rung=4).status_code == 403
    assert not Classification.objects.exists()


def test_a_co_lead_with_lived_experience_can_classify(client, world):
    client.force_login(world["co_lead"])
    assert post(client, world, label="consultation", chosen_rung=4).status_code == 302

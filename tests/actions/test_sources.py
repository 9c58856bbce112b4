"""What raises actions: the registry of source kinds, and the apps above the
action log plugging into it (a principles round's results, a peer review)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.sources import kinds
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_kind_without_the_log_importing_it():
    registered = {slug: kind.model for slug, kind in kinds().items()}
    assert registered == {
        "reis": "projects.ReisScore",
        "recommendation": "dashboard.Recommendation",
        "round": "principles.Round",
        "pdsa": "improvement.PdsaCycle",
        "always-event": "improvement.AlwaysEvent",
    }


@pytest.fixture
def closed_round(world):
    today = timezone.localdate()
    return RoundFactory(
        project=world["project"],
        name="Six months in",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )


def test_a_lead_raises_an_action_from_a_closed_rounds_results(client, world, closed_round):
    client.force_login(world["co_lead"])
    results = reverse("principles:round_results", args=[closed_round.pk])
    page = client.get(results).content.decode()
    assert "No actions from this round yet." in page
    raise_url = reverse("actions:raise", args=["round", closed_round.pk])
    assert raise_url in page
    client.post(
        raise_url,
        {
            "what": "Share the agenda a week before each meeting",
            "owner": str(world["co_lead"].pk),
            "due_on_day": "1",
            "due_on_month": "2",
            "due_on_year": "2027",
        },
    )
    action = Action.objects.get()
    assert (action.source, action.service, action.owner) == (
        closed_round,
        world["service"],
        world["co_lead"],
    )
    assert "Share the agenda a week before each meeting" in client.get(results).content.decode()


def test_an_open_round_has_no_results_to_act_on_yet(client, world):
    open_round = RoundFactory(project=world["project"])
    client.force_login(world["staff"])
    assert client.get(reverse("actions:raise", args=["round", open_round.pk])).status_code == 403


def test_governance_reads_the_results_but_is_not_offered_to_raise(client, world, closed_round):
    client.force_login(world["governance"])
    page = client.get(reverse("principles:round_results", args=[closed_round.pk]))
    assert "/actions/new/" not in page.content.decode()

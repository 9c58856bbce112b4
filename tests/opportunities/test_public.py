"""The public page needs no sign-in and shows only public, open opportunities,
with nothing about the people involved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import InterestFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

PUBLIC = reverse("opportunities:public_list")


def public_detail(opportunity) -> str:
    return reverse("opportunities:public_detail", args=[opportunity.pk])


@pytest.fixture
def public_panel(panel):
    panel.public = True
    panel.save()
    return panel


def test_it_lists_only_public_open_opportunities(client, world, public_panel, today):
    private = OpportunityFactory(project=world["project"], title="Private group")
    closed = OpportunityFactory(
        project=world["project"],
        public=True,
        title="Closed group",
        closes_on=today - datetime.timedelta(days=1),
    )
    filled = OpportunityFactory(
        project=world["project"], public=True, title="Filled group", filled_at=timezone.now()
    )
    page = client.get(PUBLIC).content.decode()
    assert public_panel.title in page
    for hidden in (private, closed, filled):
        assert hidden.title not in page
        assert client.get(public_detail(hidden)).status_code == 404


def test_it_shows_nothing_about_the_people_involved(client, world, public_panel):
    InterestFactory(opportunity=public_panel, person=world["person"], support_needed="A ramp")
    InterestFactory(
        opportunity=public_panel,
        person=world["expert_person"],
        how="phone",
        entered_by=world["staff"],
    )
    public_panel.created_by = world["staff"]
    public_panel.save()
    for url in (PUBLIC, public_detail(public_panel)):
        page = client.get(url).content.decode()
        assert public_panel.title in page
        for about_people in (
            "Rita",
            "Eve",
            "A ramp",
            "Sam Staff",
            "Cleo",
            "Interested",
            "1 of 3",
            "2 of 3",
        ):
            assert about_people not in page, (url, about_people)
        # No links into the signed-in product either.
        assert reverse("projects:person_list") not in page


def test_it_needs_no_sign_in_and_answers_signed_in_people_alike(client, world, public_panel):
    assert client.get(public_detail(public_panel)).status_code == 200
    client.force_login(world["outsider_expert"])
    assert client.get(public_detail(public_panel)).status_code == 200

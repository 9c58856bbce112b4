"""Reach and opportunities, both ways: a quiet service is offered "Post an
opportunity"; an opportunity shows how many of the people interested are new
voices, never from fewer than 3 people and never with a name."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opportunities.reach import ReachChange, reach_change, where_to_post
from tests.factories import (
    ActivityFactory,
    InterestFactory,
    InvolvementFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def interested(opportunity, *, new: int, returning: int, world) -> None:
    posted = opportunity.created_at.date()
    earlier = ActivityFactory(project=world["project"], date=posted - datetime.timedelta(days=60))
    long_ago = ActivityFactory(project=world["project"], date=posted - datetime.timedelta(days=400))
    for n in range(new):
        person = PersonFactory(display_name=f"New{n}")
        InvolvementFactory(activity=long_ago, person=person, hours=1)  # over 12 months ago
        InterestFactory(opportunity=opportunity, person=person)
    for n in range(returning):
        person = PersonFactory(display_name=f"Back{n}")
        InvolvementFactory(activity=earlier, person=person, hours=1)
        InterestFactory(opportunity=opportunity, person=person)


@pytest.mark.parametrize(
    ("new", "returning", "expected"),
    [
        (0, 0, ReachChange(0, 0, 0)),
        (2, 0, ReachChange(None, None, None)),
        (3, 0, ReachChange(3, 3, 0)),
        (3, 2, ReachChange(5, None, None)),
        (2, 3, ReachChange(5, None, None)),
        (4, 3, ReachChange(7, 4, 3)),
    ],
)
def test_new_voices_are_counted_and_small_numbers_hidden(
    world, panel, new, returning, expected, django_assert_num_queries
):
    interested(panel, new=new, returning=returning, world=world)
    with django_assert_num_queries(1):
        assert reach_change(panel) == expected


def test_involvement_in_another_service_does_not_count_and_withdrawn_interest_is_left_out(
    world, panel
):
    elsewhere = ActivityFactory(
        project=world["other_project"], date=panel.created_at.date() - datetime.timedelta(days=5)
    )
    for n in range(3):
        person = PersonFactory(display_name=f"Other{n}")
        InvolvementFactory(activity=elsewhere, person=person, hours=1)
        InterestFactory(opportunity=panel, person=person)
    InterestFactory(opportunity=panel, person=PersonFactory(), withdrawn_at=panel.created_at)
    assert reach_change(panel) == ReachChange(3, 3, 0)


def test_the_page_says_it_without_names_to_a_member_who_sees_no_names(client, world, panel):
    interested(panel, new=4, returning=3, world=world)
    client.force_login(world["expert"])
    html = client.get(reverse("opportunities:opportunity_detail", args=[panel.pk])).content.decode()
    assert "What it did for reach" in html
    assert "4 of them are new voices" in html
    assert "New0" not in html
    assert "Back0" not in html


def test_the_page_hides_a_split_from_too_few(client, world, panel):
    interested(panel, new=1, returning=3, world=world)
    client.force_login(world["staff"])
    html = client.get(reverse("opportunities:opportunity_detail", args=[panel.pk])).content.decode()
    assert "4 people have said they are interested" in html
    assert "new voices</strong>" not in html


# The dashboard's reach panel -----------------------------------------------------


def test_a_quiet_service_offers_its_leads_post_an_opportunity(client, world):
    # Willow's only involvement is the world's activity: make it long ago, so quiet.
    world["activity"].date = datetime.date(2020, 1, 1)
    world["activity"].save()
    client.force_login(world["staff"])
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    create = reverse("opportunities:opportunity_create")
    assert f'{create}?project={world["project"].pk}">Post an opportunity for Willow ward' in html
    assert reverse("opportunities:opportunity_list") in html


def test_no_post_link_for_a_service_that_is_heard_or_for_those_who_cannot_post(client, world):
    # Heard from within the default period (the last 12 complete months).
    world["activity"].date = datetime.date.today().replace(day=1) - datetime.timedelta(days=3)
    world["activity"].save()
    client.force_login(world["staff"])
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Post an opportunity for Willow ward" not in html
    world["activity"].date = datetime.date(2020, 1, 1)
    world["activity"].save()
    client.force_login(world["governance"])
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Post an opportunity for" not in html
    assert reverse("opportunities:opportunity_list") in html


def test_where_to_post_picks_a_project_the_user_leads(world, django_assert_num_queries):
    services = [world["service"], world["other_service"]]
    with django_assert_num_queries(1):
        found = where_to_post(world["staff"], services, scope=services)
    assert [(w.service_name, w.project_pk) for w in found] == [("Willow ward", world["project"].pk)]
    assert where_to_post(world["expert"], services, scope=services) == []
    with django_assert_num_queries(1):
        assert where_to_post(world["staff"], [], scope=services) == []


def test_admins_and_governance_leads_reach_opportunities_from_home(client, world):
    for persona in ("admin", "governance"):
        client.force_login(world[persona])
        html = client.get(reverse("home")).content.decode()
        assert f'href="{reverse("opportunities:opportunity_list")}"' in html

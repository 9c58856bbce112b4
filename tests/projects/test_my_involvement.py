"""My involvement: an expert by experience's own record."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("projects:my_involvement")


def test_it_shows_an_expert_their_projects_activities_money_and_changes(client, world):
    activity = world["activity"]
    activity.what_changed = "Quiet hours start at 10pm."
    activity.save()
    involvement = activity.involvements.get(person=world["expert_person"])
    involvement.paid_on = datetime.date(2026, 4, 6)
    involvement.expenses_pence = 350
    involvement.save()
    client.force_login(world["expert"])

    content = client.get(PAGE).content.decode()

    assert "Better nights on Willow" in content
    assert "Night-time routine workshop" in content
    assert "£40.00" in content
    assert "£3.50 expenses" in content
    assert "6 April 2026 to 5 April 2027" in content
    assert "Quiet hours start at 10pm." in content
    # Someone else's record never shows.
    assert "Rita" not in content


def test_it_does_not_link_activities_in_projects_they_cannot_open(client, world):
    hidden = ActivityFactory(project=world["other_project"], title="Café tasting")
    InvolvementFactory(activity=hidden, person=world["expert_person"], hours=1)
    client.force_login(world["expert"])
    content = client.get(PAGE).content.decode()
    assert "Café tasting" in content
    assert reverse("projects:activity_detail", args=[hidden.pk]) not in content
    assert reverse("projects:activity_detail", args=[world["activity"].pk]) in content


def test_it_tells_people_without_a_record_there_is_nothing_to_show(client, world):
    client.force_login(world["staff"])
    content = client.get(PAGE).content.decode()
    assert "There is nothing to show here" in content


@pytest.mark.parametrize("count", [3, 30])
def test_it_shows_a_record_with_the_same_number_of_queries_for_3_or_30(
    client, world, django_assert_num_queries, count
):
    user = UserFactory(role="expert")
    person = PersonFactory(user=user)
    for _ in range(count):
        InvolvementFactory(
            activity=ActivityFactory(project=world["project"]),
            person=person,
            hours=1,
            fee_paid_pence=2000,
            paid_on=datetime.date(2026, 5, 1),
        )
    client.force_login(user)
    # 1 session, 2 user, 3 their person, 4 projects they may open, 5 count and
    # 6 page of involvements with activity and project, 7 tax-year totals,
    # 8 memberships with projects, 9 what changed.
    with django_assert_num_queries(9):
        response = client.get(PAGE)
    assert response.status_code == 200

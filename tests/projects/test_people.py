from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "display_name": "Priya",
        "experience": "carer",
        "contact": "phone",
        "email": "",
        "phone": "07700 900123",
        "preferred_format": "easy_read",
        "access_needs": "Needs a quiet room and breaks every hour.",
        "consent_to_store": "on",
        "consent_to_contact": "on",
    }
    return {**data, **overrides}


def test_staff_add_someone_and_consent_is_recorded(client, world, settings):
    client.force_login(world["staff"])
    response = client.post(reverse("projects:person_create"), person_data())
    priya = Person.objects.get(display_name="Priya")
    assert response.status_code == 302
    assert priya.created_by == world["staff"]
    assert priya.consent_recorded_by == world["staff"]
    assert priya.consent_recorded_at is not None
    assert priya.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": ""}, "Enter the name they want us to use"),
        ({"display_name": "x" * 81}, "Name must be 80 characters or fewer"),
        ({"experience": ""}, "Choose the kind of experience they bring"),
        ({"phone": ""}, "Enter a phone number, or choose another way to contact them"),
        (
            {"contact": "email", "email": "not-an-email"},
            "Enter an email address in the right format",
        ),
        ({"access_needs": "x" * 1001}, "Access needs must be 1,000 characters or fewer"),
        ({"consent_to_store": ""}, "only add someone to the register if they agree"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(client, world, overrides, message):
    client.force_login(world["staff"])
    before = Person.objects.count()
    response = client.post(reverse("projects:person_create"), person_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_staff_see_only_people_from_their_services_or_whom_they_added(client, world):
    PersonFactory(display_name="Stranger")
    client.force_login(world["staff"])
    response = client.get(reverse("projects:person_list"))
    assert sorted(p.display_name for p in response.context["page"]) == ["Eve", "Rita"]
    client.force_login(world["other_staff"])
    response = client.get(reverse("projects:person_list"))
    assert [p.display_name for p in response.context["page"]] == []


def test_the_person_page_shows_what_they_took_part_in(client, world):
    client.force_login(world["staff"])
    content = client.get(reverse("projects:person_detail", args=[world["person"].pk])).content
    assert "Night-time routine workshop" in content.decode()


def test_governance_leads_read_the_register_but_cannot_change_it(client, world):
    client.force_login(world["governance"])
    assert (
        client.get(reverse("projects:person_detail", args=[world["person"].pk])).status_code == 200
    )
    response = client.post(
        reverse("projects:person_edit", args=[world["person"].pk]),
        person_data(display_name="Changed"),
    )
    assert response.status_code == 403
    world["person"].refresh_from_db()
    assert world["person"].display_name == "Rita"


@pytest.mark.parametrize("extra", [3, 30])
def test_it_lists_people_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    PersonFactory.create_batch(extra, created_by=world["staff"])
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 count, 4 page of people, 5-7 session update.
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:person_list"))
    assert response.status_code == 200

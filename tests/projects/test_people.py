from __future__ import annotations

import re

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
        (
            {"contact": "post", "postal_address": ""},
            "Enter a postal address, or choose another way to contact them",
        ),
        ({"postal_address": "x" * 301}, "Postal address must be 300 characters or fewer"),
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
    # 1 session, 2 user, 3 count, 4 page of people.
    with django_assert_num_queries(4):
        response = client.get(reverse("projects:person_list"))
    assert response.status_code == 200


def test_equality_answers_are_saved_but_never_shown_back(client, world):
    from projects.models import EqualityMonitoring

    client.force_login(world["staff"])
    url = reverse("projects:person_equality", args=[world["person"].pk])
    response = client.post(url, {"age_band": "25_34", "ethnicity": "mixed", "disability": ""})
    assert response.status_code == 302
    answers = EqualityMonitoring.objects.get(person=world["person"])
    assert (answers.age_band, answers.ethnicity) == ("25_34", "mixed")
    # A question left blank is recorded as not said.
    assert answers.disability == "prefer_not_to_say"
    form_page = client.get(url).content.decode()
    assert "Answers were shared before" in form_page
    # Only the "Prefer not to say" defaults are ticked, never the saved answers.
    assert 'value="25_34" checked' not in form_page
    assert 'value="mixed" checked' not in form_page
    checked = re.findall(r'value="(\w+)" id="id_\w+" checked', form_page)
    assert checked == ["prefer_not_to_say"] * 6
    person_page = client.get(reverse("projects:person_detail", args=[world["person"].pk]))
    assert "25 to 34" not in person_page.content.decode()


def test_someone_with_an_account_can_answer_for_themselves(client, world):
    client.force_login(world["expert"])
    url = reverse("projects:person_equality", args=[world["expert_person"].pk])
    assert client.post(url, {"sex": "female"}).status_code == 302
    assert world["expert_person"].equality.sex == "female"


@pytest.mark.parametrize("extra", [0, 20])
def test_the_person_page_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    from tests.factories import ActivityFactory, InvolvementFactory

    for _ in range(extra):
        activity = ActivityFactory(project=world["project"])
        InvolvementFactory(activity=activity, person=world["person"], hours=1)
    client.force_login(world["admin"])
    # 1 session, 2 user, 3 the person, 4 tax-year totals, 5 the view noted in the
    # record's audit log, 6 their involvements with activities and projects,
    # 7 equality shared?
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:person_detail", args=[world["person"].pk]))
    assert response.status_code == 200

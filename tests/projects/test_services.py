from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Service

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_ward_inside_a_division_with_its_staff(client, admin, staff):
    division = Service.objects.create(name="Adult mental health", kind="division")
    client.force_login(admin)
    response = client.post(
        reverse("projects:service_create"),
        {
            "name": "Cedar ward",
            "kind": "ward",
            "parent": division.pk,
            "members": [staff.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    cedar = Service.objects.get(name="Cedar ward")
    assert cedar.parent == division
    assert list(cedar.members.all()) == [staff]
    assert division.descendant_ids() == {division.pk, cedar.pk}


def test_it_explains_a_missing_name_and_a_duplicate(client, admin):
    Service.objects.create(name="Cedar ward", kind="ward")
    client.force_login(admin)
    content = client.post(
        reverse("projects:service_create"), {"name": "", "kind": ""}
    ).content.decode()
    assert "Enter the service&#x27;s name" in content
    assert "Choose what kind of service this is" in content
    content = client.post(
        reverse("projects:service_create"), {"name": "Cedar ward", "kind": "ward"}
    ).content.decode()
    assert "There is already a service with this name" in content


def test_a_service_cannot_sit_inside_itself_or_its_children(client, admin):
    division = Service.objects.create(name="Division", kind="division")
    directorate = Service.objects.create(name="Directorate", kind="directorate", parent=division)
    client.force_login(admin)
    response = client.post(
        reverse("projects:service_edit", args=[division.pk]),
        {"name": "Division", "kind": "division", "parent": directorate.pk},
    )
    assert response.status_code == 200
    division.refresh_from_db()
    assert division.parent is None


def test_only_admins_manage_services(client, staff):
    client.force_login(staff)
    assert client.get(reverse("projects:service_list")).status_code == 403
    assert (
        client.post(reverse("projects:service_create"), {"name": "X", "kind": "team"}).status_code
        == 403
    )
    assert not Service.objects.filter(name="X").exists()


@pytest.mark.parametrize("extra", [3, 30])
def test_it_lists_services_in_a_fixed_number_of_queries(
    client, admin, django_assert_num_queries, extra
):
    for index in range(extra):
        Service.objects.create(name=f"Team {index}")
    client.force_login(admin)
    # 1 session, 2 user, 3 services with parents and counts.
    with django_assert_num_queries(3):
        assert client.get(reverse("projects:service_list")).status_code == 200

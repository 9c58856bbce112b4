from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Membership, Project
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    PersonFactory,
    ProjectFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def project_data(world, **overrides):
    data = {
        "title": "Welcome pack rewrite",
        "aim": "New patients feel welcome on their first night.",
        "services": [world["service"].pk],
        "status": "active",
        "start_date_day": "3",
        "start_date_month": "2",
        "start_date_year": "2026",
        "end_date_day": "",
        "end_date_month": "",
        "end_date_year": "",
    }
    return {**data, **overrides}


def test_it_starts_a_project_with_the_creator_as_lead(client, world):
    client.force_login(world["staff"])
    response = client.post(reverse("projects:project_create"), project_data(world))
    project = Project.objects.get(title="Welcome pack rewrite")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_detail", args=[project.pk])
    assert list(project.services.all()) == [world["service"]]
    assert project.memberships.get().user == world["staff"]
    assert project.memberships.get().role == Membership.Role.LEAD
    assert project.created_by == world["staff"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"title": "x" * 151}, "Title must be 150 characters or fewer"),
        ({"aim": ""}, "Enter what matters most to the people this project is for"),
        ({"services": []}, "Choose at least one service"),
        ({"start_date_month": "13"}, "Enter a real date"),
        ({"start_date_day": "", "start_date_month": "", "start_date_year": ""}, "Enter the date"),
        (
            {"end_date_day": "1", "end_date_month": "1", "end_date_year": "2025"},
            "End date must be the same as or after the start date",
        ),
    ],
)
def test_it_explains_bad_input_keeps_it_and_saves_nothing(client, world, overrides, message):
    client.force_login(world["staff"])
    before = Project.objects.count()
    response = client.post(reverse("projects:project_create"), project_data(world, **overrides))
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert message in content
    assert Project.objects.count() == before
    # What was typed comes back in the form.
    title = project_data(world, **overrides)["title"]
    if title:
        assert f'value="{title}"' in content


def test_it_keeps_what_was_typed_when_the_form_has_errors(client, world):
    client.force_login(world["staff"])
    response = client.post(
        reverse("projects:project_create"), project_data(world, aim="", title="Garden plans")
    )
    content = response.content.decode()
    assert 'value="Garden plans"' in content
    assert 'value="3"' in content
    assert 'value="2026"' in content


def test_staff_cannot_start_a_project_in_a_service_they_are_not_in(client, world):
    client.force_login(world["staff"])
    response = client.post(
        reverse("projects:project_create"),
        project_data(world, services=[world["other_service"].pk]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Project.objects.filter(title="Welcome pack rewrite").exists()


def test_a_lead_changes_the_project_and_the_change_is_audited(client, world):
    client.force_login(world["co_lead"])
    response = client.post(
        reverse("projects:project_edit", args=[world["project"].pk]),
        project_data(world, title="Better nights, together"),
    )
    assert response.status_code == 302
    latest = world["project"].history.first()
    assert latest.history_user == world["co_lead"]
    assert latest.title == "Better nights, together"
    history = client.get(reverse("projects:project_history", args=[world["project"].pk]))
    content = history.content.decode()
    assert "Cleo Colead" in content
    assert "Project changed: " in content
    assert "title" in content


def test_a_member_who_does_not_lead_cannot_change_it(client, world):
    client.force_login(world["expert"])
    response = client.post(
        reverse("projects:project_edit", args=[world["project"].pk]),
        project_data(world, title="Taken over"),
    )
    assert response.status_code == 403
    world["project"].refresh_from_db()
    assert world["project"].title == "Better nights on Willow"


def test_the_project_page_shows_people_activities_and_what_changed(client, world):
    activity = world["activity"]
    activity.what_changed = "Lights now dim at 10pm."
    activity.save()
    client.force_login(world["expert"])
    content = client.get(reverse("projects:project_detail", args=[world["project"].pk])).content
    content = content.decode()
    assert "Cleo Colead" in content
    assert "Sam Staff" in content
    assert "Night-time routine workshop" in content
    assert "3 taking part, 2 with lived experience" in content
    assert "Lights now dim at 10pm." in content
    # A member who does not lead sees no editing controls.
    assert "Log an activity" not in content
    assert "See every change" not in content


def test_a_lead_adds_an_expert_by_experience_as_co_lead(client, world, outsider_expert):
    # The lead knows them from the register, which they keep.
    PersonFactory(display_name="Oscar", user=outsider_expert, created_by=world["staff"])
    client.force_login(world["staff"])
    response = client.post(
        reverse("projects:member_add", args=[world["project"].pk]),
        {"user": outsider_expert.pk, "role": "lead"},
    )
    assert response.status_code == 302
    assert world["project"].memberships.get(user=outsider_expert).role == "lead"
    # Now they lead, they can change it: same rights as a staff lead.
    client.force_login(outsider_expert)
    edit = client.get(reverse("projects:project_edit", args=[world["project"].pk]))
    assert edit.status_code == 200


def test_it_will_not_remove_the_last_lead(client, world):
    project = ProjectFactory(services=[world["service"]])
    only_lead = MembershipFactory(project=project, user=world["staff"], role="lead")
    client.force_login(world["staff"])
    client.post(reverse("projects:member_remove", args=[project.pk, only_lead.pk]))
    assert project.memberships.filter(pk=only_lead.pk).exists()


def test_removing_someone_needs_a_post(client, world):
    membership = world["project"].memberships.get(user=world["expert"])
    client.force_login(world["staff"])
    url = reverse("projects:member_remove", args=[world["project"].pk, membership.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not world["project"].memberships.filter(pk=membership.pk).exists()


def test_it_filters_projects_by_service_status_member_and_text(client, world):
    ward = world["service"]
    bay = ServiceFactory(name="Willow bay", parent=ward)
    paused = ProjectFactory(title="Quiet room", status="paused", services=[bay])
    client.force_login(world["governance"])

    def titles(**params):
        response = client.get(reverse("projects:project_list"), params)
        return sorted(p.title for p in response.context["page"])

    assert titles(service=ward.pk) == ["Better nights on Willow", "Quiet room"]
    assert titles(status="paused") == [paused.title]
    assert titles(member=world["co_lead"].pk) == ["Better nights on Willow"]
    assert titles(q="café") == ["Community café"]


def test_experts_see_only_their_own_projects_in_the_list(client, world):
    client.force_login(world["expert"])
    response = client.get(reverse("projects:project_list"))
    assert [p.title for p in response.context["page"]] == ["Better nights on Willow"]


@pytest.mark.parametrize("extra", [3, 30])
def test_it_lists_projects_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        project = ProjectFactory(services=[world["service"]])
        MembershipFactory(project=project, user=world["staff"], role="lead")
        ActivityFactory(project=project)
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 count, 4 page of projects with activity counts,
    # 5 their services, 6 their leads with users, 7 services for the filter,
    # 8 members for the filter.
    with django_assert_num_queries(8):
        response = client.get(reverse("projects:project_list"))
    assert len(response.context["page"]) == min(extra + 1, 20)


@pytest.mark.parametrize("extra", [3, 30])
def test_it_shows_a_project_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        ActivityFactory(project=world["project"], what_changed="Something better")
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 project with can_edit, 4 services, 5 memberships with users,
    # 6 activities with counts.
    with django_assert_num_queries(6):
        response = client.get(reverse("projects:project_detail", args=[world["project"].pk]))
    assert response.status_code == 200


def test_it_filters_projects_by_rung_and_group(client, world):
    world["activity"].rung = 7
    world["activity"].save()
    consulted = ProjectFactory(title="Menu survey", services=[world["service"]])
    ActivityFactory(project=consulted, rung=4)
    client.force_login(world["admin"])

    def titles(**params):
        response = client.get(reverse("projects:project_list"), params)
        return sorted(p.title for p in response.context["page"])

    assert titles(rung=7) == ["Better nights on Willow"]
    assert titles(rung=4) == ["Menu survey"]
    assert titles(group="doing_with") == ["Better nights on Willow"]
    assert titles(group="doing_for") == ["Menu survey"]
    assert titles(group="doing_to") == []


def test_a_lead_can_only_add_people_they_have_reason_to_know(client, world, outsider_expert):
    from projects.forms.projects import addable_members

    stranger_staff = world["other_staff"]
    choices = set(addable_members(world["project"], world["co_lead"]))
    assert stranger_staff not in choices
    assert outsider_expert not in choices
    # Staff of the project's own service can be added.
    colleague = UserFactory(full_name="Colin Colleague")
    world["service"].members.add(colleague)
    assert colleague in set(addable_members(world["project"], world["co_lead"]))
    # Admins may add anyone.
    assert outsider_expert in set(addable_members(world["project"], world["admin"]))


@pytest.mark.parametrize("edits", [2, 20])
def test_the_history_page_uses_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, edits
):
    project = world["project"]
    for n in range(edits):
        project.title = f"Better nights, version {n}"
        project.save()
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 project with can_edit, 4 project history, 5 membership
    # history, 6 activity history.
    with django_assert_num_queries(6):
        response = client.get(reverse("projects:project_history", args=[project.pk]))
    assert "Better nights, version" in response.content.decode()

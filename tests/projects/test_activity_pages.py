"""The activity page, changing an activity and removing it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.models import Activity, Involvement, ReisScore
from projects.telling import what_changed_tell
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory, RateCardFactory
from tests.projects.test_activity_log import row

pytestmark = pytest.mark.django_db


def url(name: str, activity: Activity) -> str:
    return reverse(f"projects:{name}", args=[activity.pk])


def edit_data(activity: Activity, *rows: dict[str, str], **overrides: str) -> dict[str, str]:
    """The edit form as the browser would post it back unchanged (no extra rows used)."""
    involvements = list(activity.involvements.all())
    data = {
        "date_day": str(activity.date.day),
        "date_month": str(activity.date.month),
        "date_year": str(activity.date.year),
        "kind": activity.kind,
        "title": activity.title,
        "description": activity.description,
        "duration_hours": str(activity.duration_minutes // 60),
        "duration_minutes_part": str(activity.duration_minutes % 60),
        "what_changed": activity.what_changed,
        "participants-TOTAL_FORMS": str(len(involvements) + 1),
        "participants-INITIAL_FORMS": str(len(involvements)),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "action": "save",
    }
    for index, involvement in enumerate(involvements):
        data.update(
            row(
                index,
                person=str(involvement.person_id or ""),
                staff=str(involvement.staff_id or ""),
                part=involvement.part,
                hours=str(involvement.hours),
                payment_choice=involvement.payment_choice or "paid",
                paid_on_day=str(involvement.paid_on.day) if involvement.paid_on else "",
                paid_on_month=str(involvement.paid_on.month) if involvement.paid_on else "",
                paid_on_year=str(involvement.paid_on.year) if involvement.paid_on else "",
            )
        )
    data.update(row(len(involvements)))
    for filled in rows:
        data.update(filled)
    data.update(overrides)
    return data


# The activity page -----------------------------------------------------------------


def test_it_shows_the_activity_with_payments_to_a_lead(client, world):
    client.force_login(world["staff"])
    response = client.get(url("activity_detail", world["activity"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Night-time routine workshop" in content
    assert "Rita" in content
    assert "Eve" in content
    assert "Sam Staff" in content
    assert "£40.00" in content
    assert "Change activity" in content


def test_it_hides_payments_and_changes_from_a_member(client, world):
    client.force_login(world["expert"])
    content = client.get(url("activity_detail", world["activity"])).content.decode()
    assert "Rita" in content
    assert "£40.00" not in content
    assert "Fee due" not in content
    assert "Change activity" not in content


def test_it_shows_reis_scores_for_an_environmental_assessment(client, world):
    activity = ActivityFactory(project=world["project"], kind="reis")
    ReisScore.objects.create(activity=activity, domain="space", rating=3, findings="Light")
    client.force_login(world["governance"])
    content = client.get(url("activity_detail", activity)).content.decode()
    assert "Everyday space" in content
    assert "3: supports people" in content
    assert "Light" in content


# Changing an activity --------------------------------------------------------------


def test_it_shows_the_edit_form_filled_in(client, world):
    client.force_login(world["staff"])
    content = client.get(url("activity_edit", world["activity"])).content.decode()
    assert 'value="Night-time routine workshop"' in content
    assert 'name="participants-INITIAL_FORMS" value="3"' in content
    assert "Remove them from this activity" in content


def test_a_co_lead_adds_what_changed_and_history_records_who(client, world):
    activity = world["activity"]
    client.force_login(world["co_lead"])
    data = edit_data(activity, what_changed="Lights now dim at 10pm.")
    response = client.post(url("activity_edit", activity), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.what_changed == "Lights now dim at 10pm."
    latest = activity.history.latest()
    assert latest.history_user == world["co_lead"]
    assert latest.history_type == "~"
    # Nobody's payment moved because the list of people was saved again.
    eve = activity.involvements.get(person=world["expert_person"])
    assert (eve.fee_paid_pence, eve.payment_choice) == (4000, "paid")
    assert activity.involvements.count() == 3


def test_it_removes_a_participant_who_is_ticked_for_removal(client, world):
    activity = world["activity"]
    client.force_login(world["staff"])
    data = edit_data(activity, {"participants-1-DELETE": "on"})
    client.post(url("activity_edit", activity), data)
    assert not activity.involvements.filter(person=world["person"]).exists()
    assert activity.involvements.count() == 2


def test_it_works_fees_out_again_when_the_date_moves_to_a_new_rate(client, world):
    RateCardFactory(starts_on=datetime.date(2030, 1, 1), hourly_rate_pence=3000)
    activity = world["activity"]
    client.force_login(world["staff"])
    client.post(
        url("activity_edit", activity),
        edit_data(activity, date_day="2", date_month="1", date_year="2030"),
    )
    eve = activity.involvements.get(person=world["expert_person"])
    assert eve.fee_due_pence == 6000


def test_it_keeps_a_paid_fee_at_the_rate_it_was_paid_at(client, world):
    activity = world["activity"]
    eve = activity.involvements.get(person=world["expert_person"])
    eve.paid_on = datetime.date(2026, 1, 10)
    eve.save()
    RateCardFactory(starts_on=activity.date, hourly_rate_pence=9000)
    client.force_login(world["staff"])
    client.post(url("activity_edit", activity), edit_data(activity, what_changed="Quieter"))
    eve.refresh_from_db()
    assert (eve.fee_due_pence, eve.fee_paid_pence, eve.rate_card) == (
        4000,
        4000,
        world["rate_card"],
    )
    assert eve.paid_on == datetime.date(2026, 1, 10)


def test_it_keeps_the_edit_unsaved_on_bad_input(client, world):
    activity = world["activity"]
    client.force_login(world["staff"])
    response = client.post(url("activity_edit", activity), edit_data(activity, title=""))
    content = response.content.decode()
    assert "<title>Error: Change Night-time routine workshop" in content
    assert "Enter a title" in content
    activity.refresh_from_db()
    assert activity.title == "Night-time routine workshop"


# Removing an activity --------------------------------------------------------------


def test_it_refuses_to_remove_an_activity_someone_was_paid_for(client, world):
    activity = world["activity"]  # Eve was paid £40 for it
    client.force_login(world["staff"])
    response = client.post(url("activity_delete", activity), follow=True)
    assert "cannot be removed because someone has been paid" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert Involvement.objects.filter(activity_id=activity.pk).count() == 3


def test_it_asks_before_removing_and_removes_on_post(client, world):
    activity = world["activity"]
    activity.involvements.update(fee_paid_pence=0, expenses_pence=0, paid_on=None)
    client.force_login(world["staff"])
    page = client.get(url("activity_delete", activity)).content.decode()
    assert "3 people who took part" in page
    response = client.post(url("activity_delete", activity))
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_detail", args=[activity.project_id])
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not Involvement.objects.filter(activity_id=activity.pk).exists()
    assert (
        Activity.history.filter(id=activity.pk, history_type="-").get().history_user
        == (world["staff"])
    )


def test_it_refuses_removal_to_members_and_hides_it_from_outsiders(client, world):
    activity = world["activity"]
    client.force_login(world["expert"])
    assert client.post(url("activity_delete", activity)).status_code == 403
    client.force_login(world["outsider_expert"])
    assert client.post(url("activity_delete", activity)).status_code == 404
    client.force_login(world["staff"])
    assert client.put(url("activity_delete", activity)).status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize("count", [3, 30])
def test_it_shows_the_page_with_the_same_number_of_queries_for_3_or_30_people(
    client, world, django_assert_num_queries, count
):
    activity = ActivityFactory(project=world["project"], kind="reis", what_changed="New lamps")
    for person in PersonFactory.create_batch(count, contact="post"):
        InvolvementFactory(activity=activity, person=person, hours=1)
    what_changed_tell(activity=activity, by=world["staff"])
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 the activity with its project and edit right,
    # 4 participants with person and staff, 5 REIS scores, 6 who has been
    # told, with their names.
    with django_assert_num_queries(6):
        response = client.get(url("activity_detail", activity))
    assert response.status_code == 200

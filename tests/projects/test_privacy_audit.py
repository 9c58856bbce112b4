"""Who viewed or changed a person's record: logged from the person pages, shown
to admins and governance leads, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from principles.models import Answer, Response
from projects.models import Involvement, RecordView
from projects.privacy.audit import record_changes
from tests.factories import (
    ActivityFactory,
    InvitationFactory,
    InvolvementFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def audit_url(world) -> str:
    return reverse("projects:person_audit", args=[world["person"].pk])


def test_opening_a_person_is_logged_with_ids_only(client, world):
    client.force_login(world["staff"])
    client.get(reverse("projects:person_detail", args=[world["person"].pk]))
    client.get(reverse("projects:person_edit", args=[world["person"].pk]))
    client.post(
        reverse("projects:person_equality", args=[world["person"].pk]), {"age_band": "25_34"}
    )
    views = list(RecordView.objects.filter(person=world["person"]).values_list("user", "action"))
    assert sorted(views) == sorted(
        [
            (world["staff"].pk, RecordView.Action.DETAIL),
            (world["staff"].pk, RecordView.Action.EDIT),
            (world["staff"].pk, RecordView.Action.EQUALITY_SAVED),
        ]
    )


def test_a_refused_look_is_not_logged(client, world):
    client.force_login(world["other_staff"])
    response = client.get(reverse("projects:person_detail", args=[world["person"].pk]))
    assert response.status_code == 404
    assert not RecordView.objects.exists()


def test_the_page_lists_views_and_plain_changes(client, world):
    person = world["person"]
    person.access_needs = "Breaks every hour"
    person.save()
    RecordView.objects.create(person=person, user=world["staff"], action="detail")
    client.force_login(world["governance"])

    page = client.get(audit_url(world)).content.decode()

    assert "Sam Staff (staff)" in page
    assert "Opened their record" in page
    assert "Person changed: access needs" in page
    assert "Involvement added" in page
    # Values are never shown here, only which fields changed.
    assert "Breaks every hour" not in page


def test_changes_name_only_the_fields_that_changed(world):
    involvement = Involvement.objects.get(person=world["person"])
    involvement.hours = 3
    involvement.save()
    lines = [change.what for change in record_changes(world["person"])]
    assert lines[0] == "Involvement changed: hours, including preparation"
    assert "Person added" in lines


def test_views_are_paged(client, world):
    RecordView.objects.bulk_create(
        RecordView(person=world["person"], user=world["staff"], action="detail") for _ in range(55)
    )
    client.force_login(world["admin"])
    first = client.get(audit_url(world)).content.decode()
    assert "Page 2 of 2" in first
    second = client.get(audit_url(world), {"views": 2}).content.decode()
    assert second.count("Opened their record") == 5


@pytest.mark.parametrize("extra", [0, 15])
def test_the_page_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, extra):
    person = world["person"]
    viewers = [UserFactory() for _ in range(3)]
    RecordView.objects.create(person=person, user=world["staff"], action="detail")
    round_ = RoundFactory(project=world["project"])
    response = Response.objects.create(
        round=round_, invitation=InvitationFactory(round=round_, person=person)
    )
    Answer.objects.create(response=response, principle="power", score=4)
    for number in range(extra):
        RecordView.objects.create(person=person, user=viewers[number % 3], action="detail")
        InvolvementFactory(activity=ActivityFactory(project=world["project"]), person=person)
        person.phone = f"0770090{number:04d}"
        person.save()
    client.force_login(world["admin"])
    # 1 session, 2 user, 3 the person, 4 views count; changes (no account, so
    # none of its history): 5 register, 6 involvement, 7-8 its ids (live and
    # history, asked once), 9 payment lines, 10 ladder responses, 11 invitations,
    # 12-13 their ids, 14 principle responses, 15-16 their ids, 17 principle
    # answers, 18 interest in opportunities, 19 training memberships, 20-21 their
    # ids, 22 personal links; 23 erasure?, 24 page of views with who viewed.
    with django_assert_num_queries(24):
        response = client.get(audit_url(world))
    assert response.status_code == 200


def test_the_privacy_notice_states_the_periods_the_job_applies(client, settings):
    settings.RETENTION_REGISTER_YEARS = 7
    settings.RETENTION_FEEDBACK_TEXT_YEARS = 3
    page = client.get(reverse("privacy")).content.decode()
    assert "taken part in anything for 7 years" in page
    assert "removed after 3 years" in page
    assert "Get a copy of everything we keep about you" in page
    assert "Ask us to erase your details" in page

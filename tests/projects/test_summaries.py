"""The summary tables stay equal to the raw rows whatever changes them.

Each test changes records the way the product does (the activity form's service
functions, classifying, erasure, an import, a data fix by hand), catches the
summaries up, and checks them against a rebuild from scratch: the tables
themselves, row for row, and a few figures read from them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from imports.models import ImportBatch, ImportReference
from imports.services import import_apply, import_upload
from ladder.services import classification_record
from projects import services
from projects.models import (
    ActivityMonth,
    Erasure,
    FirstInvolvement,
    Involvement,
    PersonMonth,
    ScopeMonth,
    Service,
    SummaryChange,
)
from projects.models.summaries import ORGANISATION
from projects.privacy.erasure import person_erase
from projects.rungs import Rung
from projects.summaries import summaries_catch_up, summaries_pending, summaries_rebuild
from tests.factories import (
    CONSULTATION_ANSWERS,
    ActivityFactory,
    InvolvementFactory,
    PersonFactory,
    ProjectFactory,
    ServiceFactory,
)
from tests.imports.test_import_queries import activities_file

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 1)
JUNE = datetime.date(2026, 6, 1)


def tables() -> dict[str, list[tuple]]:
    """Every summary row, without ids, in a fixed order."""
    return {
        "activities": sorted(
            ActivityMonth.objects.values_list(
                "scope",
                "month",
                "rung",
                "activities",
                "faux_production",
                "contested",
                "settled",
                "confirmed",
            )
        ),
        "scopes": sorted(
            ScopeMonth.objects.values_list(
                "scope",
                "month",
                "people",
                "people_with_hours",
                "hours",
                "people_paid_on",
                "fees_pence",
                "expenses_pence",
                "days_to_payment",
                "last_involved_on",
            )
        ),
        "people": sorted(
            PersonMonth.objects.values_list(
                "scope", "month", "person", "involvements", "hours", "fees_pence", "expenses_pence"
            )
        ),
        "firsts": sorted(FirstInvolvement.objects.values_list("scope", "person", "day")),
    }


def assert_caught_up() -> dict[str, list[tuple]]:
    """Catch up, and check the result is what working everything out again gives."""
    summaries_catch_up()
    assert not summaries_pending()
    caught_up = tables()
    summaries_rebuild()
    assert tables() == caught_up
    return caught_up


def people_in(scope: int, month: datetime.date) -> int:
    return ScopeMonth.objects.get(scope=scope, month=month).people


@pytest.fixture
def ward(db) -> Service:
    division = ServiceFactory(name="Adult division", kind=Service.Kind.DIVISION)
    return ServiceFactory(name="Birch ward", kind=Service.Kind.WARD, parent=division)


@pytest.fixture
def logged(world, ward):
    """An activity logged through the form's service with two people and a member
    of staff, one of the people paid."""
    project = ProjectFactory(services=[ward])
    rita, paul = PersonFactory(display_name="Rita"), PersonFactory(display_name="Paul")
    activity = services.activity_log(
        project=project,
        by=world["staff"],
        activity_data={
            "date": datetime.date(2026, 5, 12),
            "kind": "meeting",
            "title": "Menu panel",
            "duration_minutes": 90,
            "what_changed": "",
        },
        participants=[
            services.ParticipantEntry(part="attended", hours=Decimal("1.5"), person=rita),
            services.ParticipantEntry(
                part="attended",
                hours=Decimal("1.5"),
                person=paul,
                payment_choice="standard",
                expenses_pence=450,
                paid_on=datetime.date(2026, 6, 3),
            ),
            services.ParticipantEntry(part="attended", hours=Decimal(1), staff=world["staff"]),
        ],
    )
    return {"project": project, "activity": activity, "rita": rita, "paul": paul}


def test_the_database_notes_each_change_and_a_catch_up_takes_it_in(logged, ward):
    assert summaries_pending()
    found = assert_caught_up()
    # The ward, its division and the whole organisation each count both people.
    for scope in (ward.pk, ward.parent_id, ORGANISATION):
        assert people_in(scope, MAY) == 2
    paid = ScopeMonth.objects.get(scope=ward.pk, month=JUNE)
    assert (paid.people_paid_on, paid.expenses_pence) == (1, 450)
    assert paid.days_to_payment == Decimal("22.0")
    # Each person's first time, once in each of the three scopes.
    ours = {logged["rita"].pk, logged["paul"].pk}
    assert len([row for row in found["firsts"] if row[1] in ours]) == 6


def test_a_second_catch_up_with_nothing_new_asks_one_query(logged, django_assert_num_queries):
    summaries_catch_up()
    with django_assert_num_queries(1):
        assert summaries_catch_up() == 0


def test_editing_an_activity_moves_its_figures_to_the_new_month(world, logged, ward):
    summaries_catch_up()
    activity = logged["activity"]
    services.activity_update(
        activity=activity,
        by=world["staff"],
        activity_data={"date": datetime.date(2026, 6, 20)},
        participants=[
            services.ParticipantEntry(part="attended", hours=Decimal(2), person=logged["rita"])
        ],
    )
    assert_caught_up()
    assert not ScopeMonth.objects.filter(scope=ward.pk, month=MAY).exclude(people=0).exists()
    assert people_in(ward.pk, JUNE) == 1
    assert FirstInvolvement.objects.get(scope=ward.pk, person=logged["rita"]).day == datetime.date(
        2026, 6, 20
    )


def test_deleting_an_activity_takes_its_people_out(logged, ward):
    # An activity with payments cannot be deleted: take them off first.
    logged["activity"].involvements.update(paid_on=None, fee_paid_pence=0, expenses_pence=0)
    summaries_catch_up()
    services.activity_delete(activity=logged["activity"])
    found = assert_caught_up()
    ours = {logged["rita"].pk, logged["paul"].pk}
    assert not [row for row in found["people"] if row[2] in ours]
    assert not [row for row in found["firsts"] if row[1] in ours]


def test_a_persons_first_time_moves_when_their_earliest_record_goes(logged, ward):
    earlier = ActivityFactory(project=logged["project"], date=datetime.date(2026, 3, 2))
    involvement = InvolvementFactory(activity=earlier, person=logged["rita"])
    summaries_catch_up()
    assert FirstInvolvement.objects.get(scope=ward.pk, person=logged["rita"]).day.month == 3
    involvement.delete()
    assert_caught_up()
    assert FirstInvolvement.objects.get(scope=ward.pk, person=logged["rita"]).day.month == 5


def test_classifying_an_activity_moves_it_between_rungs(world, logged, ward):
    summaries_catch_up()
    classification_record(
        activity=logged["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )
    assert_caught_up()
    rows = ActivityMonth.objects.filter(scope=ward.pk, month=MAY)
    assert list(rows.values_list("rung", "activities")) == [(Rung.CONSULTATION, 1)]


def test_moving_a_project_to_another_service_moves_its_figures(logged, ward):
    summaries_catch_up()
    elsewhere = ServiceFactory(name="Outreach team")
    logged["project"].services.set([elsewhere])
    assert_caught_up()
    assert not ScopeMonth.objects.filter(scope=ward.pk).exists()
    assert people_in(elsewhere.pk, MAY) == 2
    assert people_in(ORGANISATION, MAY) == 2


def test_moving_a_service_to_another_division_works_everything_out_again(logged, ward):
    summaries_catch_up()
    division = ServiceFactory(name="Community division", kind=Service.Kind.DIVISION)
    ward.parent = division
    ward.save()
    assert SummaryChange.objects.filter(project=0).exists()
    assert_caught_up()
    assert people_in(division.pk, MAY) == 2


def test_erasure_keeps_the_counts(world, logged, ward):
    summaries_catch_up()
    before = tables()
    person_erase(person=logged["paul"], by=world["admin"], reason=Erasure.Reason.REQUEST)
    assert assert_caught_up() == before


def test_a_fix_made_by_hand_in_sql_is_noted_too(logged, ward):
    summaries_catch_up()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_involvement SET hours = 4 WHERE person_id = %s", [logged["rita"].pk]
        )
    assert summaries_pending()
    assert_caught_up()
    assert ScopeMonth.objects.get(scope=ward.pk, month=MAY).hours == Decimal("5.5")


def test_a_payment_recorded_later_counts_in_the_month_it_was_paid(logged, ward):
    summaries_catch_up()
    Involvement.objects.filter(person=logged["rita"]).update(
        fee_paid_pence=2000, paid_on=datetime.date(2026, 7, 1)
    )
    assert_caught_up()
    july = ScopeMonth.objects.get(scope=ward.pk, month=datetime.date(2026, 7, 1))
    assert (july.people_paid_on, july.fees_pence) == (1, 2000)


def test_an_import_saved_in_batches_is_taken_in_too(admin, ward):
    project = ProjectFactory(services=[ward])
    ImportReference.objects.create(kind="projects", reference="PRJ-1", object_id=project.pk)
    summaries_catch_up()
    batch = import_upload(
        kind="activities",
        file_name="a.csv",
        data=activities_file(12, prefix="SUM"),
        by=admin,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", confirmed_by=admin)
    assert import_apply(batch_id=batch.pk).status == ImportBatch.Status.DONE
    found = assert_caught_up()
    april = [row for row in found["activities"] if row[:2] == (ward.pk, datetime.date(2024, 4, 1))]
    assert sum(row[3] for row in april) == 12

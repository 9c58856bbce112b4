"""The activities list, its filters and its CSV export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    InvolvementFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("projects:activity_list")
EXPORT = reverse("projects:activity_export")


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def many_activities(world, count: int) -> None:
    for number in range(count):
        activity = ActivityFactory(project=world["project"], title=f"Session {number}")
        InvolvementFactory(activity=activity, person=world["person"], hours=1)
        InvolvementFactory(activity=activity, staff=world["staff"], hours=1)


def test_it_lists_only_activities_the_user_may_see(client, world):
    ActivityFactory(project=world["other_project"], title="Café tasting")
    client.force_login(world["expert"])
    content = client.get(LIST).content.decode()
    assert "Night-time routine workshop" in content
    assert "Café tasting" not in content
    assert "2 with lived experience, 1 staff" in content


def test_it_filters_by_kind_text_service_project_and_dates(client, world):
    ActivityFactory(
        project=world["project"], title="Garden walk", kind="reis", date=datetime.date(2026, 5, 1)
    )
    ActivityFactory(
        project=world["other_project"],
        title="Café menu",
        kind="meeting",
        date=datetime.date(2026, 6, 1),
    )
    client.force_login(world["admin"])

    def titles(**query: str) -> set[str]:
        page = client.get(LIST, query).content.decode()
        return {t for t in ("Garden walk", "Café menu", "Night-time routine workshop") if t in page}

    assert titles(kind="reis") == {"Garden walk"}
    assert titles(q="MENU") == {"Café menu"}
    assert titles(service=str(world["other_service"].pk)) == {"Café menu"}
    assert titles(project=str(world["project"].pk)) == {
        "Garden walk",
        "Night-time routine workshop",
    }
    assert titles(date_from_day="15", date_from_month="5", date_from_year="2026") == {"Café menu"}
    assert titles(date_to_day="1", date_to_month="5", date_to_year="2026") >= {"Garden walk"}
    assert "Café menu" not in titles(date_to_day="1", date_to_month="5", date_to_year="2026")


def test_it_includes_services_below_the_chosen_one(client, world):
    division = ServiceFactory(name="Adult mental health", kind="division")
    world["service"].parent = division
    world["service"].save()
    client.force_login(world["admin"])
    page = client.get(LIST, {"service": str(division.pk)}).content.decode()
    assert "Night-time routine workshop" in page


def test_it_shows_a_bad_filter_date_instead_of_failing(client, world):
    client.force_login(world["staff"])
    response = client.get(
        LIST, {"date_from_day": "40", "date_from_month": "1", "date_from_year": "2026"}
    )
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_it_lists_with_the_same_number_of_queries_for_3_or_30(
    client, world, django_assert_num_queries, count
):
    many_activities(world, count)
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 count for the paginator, 4 services and 5 projects
    # for the filter form, 6 the page of activities with their project (a join)
    # and participant counts (subqueries).
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_it_exports_with_the_same_number_of_queries_for_3_or_30(
    client, world, django_assert_num_queries, count
):
    many_activities(world, count)
    client.force_login(world["staff"])
    # 1 session, 2 user, then while streaming: 3 the activities with project and
    # counts, 4 their projects' services (prefetched, once per chunk of 500).
    with django_assert_num_queries(4):
        rows = read_csv(client.get(EXPORT))
    assert len(rows) == count + 2  # the header, the world's activity and these


def test_it_exports_csv_that_a_spreadsheet_opens_safely(client, world):
    ActivityFactory(
        project=world["project"],
        title='=HYPERLINK("http://evil.example")',
        description="+1 and then some",
        what_changed="@SUM(A1)",
        date=datetime.date(2026, 1, 31),
        duration_minutes=90,
    )
    client.force_login(world["staff"])
    response = client.get(EXPORT, {"q": "hyperlink"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="activities-')
    header, line = read_csv(response)
    assert header[:3] == ["Date", "Title", "Kind"]
    assert line[0] == "2026-01-31"
    assert line[1] == '\'=HYPERLINK("http://evil.example")'
    assert line[5] == "90"
    assert line[9] == "'+1 and then some"
    assert line[10] == "'@SUM(A1)"
    assert line[4] == "Willow ward"


def test_it_exports_hours_and_people(client, world):
    client.force_login(world["staff"])
    header, line = read_csv(client.get(EXPORT, {"q": "Night-time"}))
    columns = dict(zip(header, line, strict=True))
    assert columns["People with lived experience"] == "2"
    assert columns["Staff"] == "1"
    assert columns["Hours in all, including preparation"] == "6.00"


def test_it_exports_nothing_the_user_may_not_see(client, world):
    ActivityFactory(project=world["other_project"], title="Café tasting")
    client.force_login(world["outsider_expert"])
    assert read_csv(client.get(EXPORT)) == [read_csv(client.get(EXPORT))[0]]

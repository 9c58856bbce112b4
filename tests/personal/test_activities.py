"""Everything a person took part in: the latest on their page, the rest a page at a time."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

ALL = reverse("personal:activities")


def took_part(person, project, count: int) -> list[str]:
    """`count` more activities for `person`, one a day from 1 January 2026;
    their titles, newest first."""
    titles = []
    for n in range(count):
        activity = ActivityFactory(
            project=project,
            title=f"Group meeting {n + 1:02d}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
        InvolvementFactory(activity=activity, person=person, hours=1)
        titles.append(activity.title)
    return titles[::-1]


def test_the_page_shows_the_latest_ten_and_links_to_the_rest(opened, rita, world):
    newest = took_part(rita, world["project"], 12)

    html = opened.get("/me/").content.decode()

    assert all(title in html for title in newest[:10])
    assert newest[10] not in html
    assert "Night-time routine workshop" not in html  # Rita's oldest
    assert f'<a href="{ALL}">See all your activities</a>' in html
    # The tax-year totals stay on the page, counting everything.
    assert 'id="tax-years"' in html


def test_no_link_when_everything_fits_on_the_page(opened, rita, world):
    took_part(rita, world["project"], 9)

    html = opened.get("/me/").content.decode()

    assert "Night-time routine workshop" in html
    assert ALL not in html


def test_all_activities_come_twenty_a_page_newest_first(opened, rita, world, other_person):
    newest = [*took_part(rita, world["project"], 24), "Night-time routine workshop"]

    first = opened.get(ALL).content.decode()
    second = opened.get(ALL, {"page": 2}).content.decode()

    assert [title for title in newest if title in first] == newest[:20]
    assert first.index(newest[0]) < first.index(newest[19])
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    assert 'rel="next"' in first
    assert [title for title in newest if title in second] == newest[20:]
    assert 'href="?page=1"' in second
    assert "Olu" not in first + second


def test_a_page_number_out_of_range_shows_the_last_page(opened, rita, world):
    newest = took_part(rita, world["project"], 21)

    html = opened.get(ALL, {"page": "99"}).content.decode()

    assert "Night-time routine workshop" in html
    assert newest[0] not in html


def test_someone_who_took_part_in_nothing_is_told_so(opened, rita):
    rita.involvements.all().delete()

    html = opened.get(ALL).content.decode()

    assert "Nothing is written here yet." in html
    assert "<table" not in html


@pytest.mark.parametrize("count", [1, 40])
def test_all_activities_take_the_same_queries_however_many(
    opened, rita, world, django_assert_num_queries, count
):
    took_part(rita, world["project"], count)

    # The session; its personal link with the person; counting the involvements;
    # a page of them with their activities and projects.
    with django_assert_num_queries(4):
        response = opened.get(ALL)

    assert response.status_code == 200

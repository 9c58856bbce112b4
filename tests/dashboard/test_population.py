"""Equality monitoring against the population served, on the dashboard's Reach panel.

Every expected figure is worked out by hand from `tests/dashboard/data.py`: in each
copy, persons 0 (female, white), 1 (male, black) and 2 (female, prefer not to say)
took part at Willow in July to September 2025 (person 1 at Oak too); person 3 took
part at Community and shared nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import panels, read
from dashboard.read.suppression import hidden_cells
from projects.models import Service, population_profile_save
from tests.dashboard.data import QUARTER, build, services

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")


def quarter(service_id: int | None = None) -> read.Filters:
    """July to September 2025, for a service and the services below it."""
    return read.Filters(
        start=QUARTER[0],
        end=QUARTER[1],
        label="q",
        service_ids=read.scope_of(list(Service.objects.all()), service_id),
    )


def question(comparison, name: str):
    return next(q for q in comparison.questions if q.question == name)


def groups(found) -> dict[str, tuple]:
    return {g.category: (g.people, g.share, g.population) for g in found.groups}


def all_services(data):
    return list(data.willow.__class__.objects.order_by("name"))


def test_one_service_compares_the_people_involved_with_its_own_profile():
    data = build(services(), copies=3)
    found = read.population_comparison(quarter(data.willow.pk), all_services(data))
    # 3 copies x persons 0, 1, 2 shared answers.
    assert found.shared == 9
    sex = question(found, "sex")
    # Female 6 of 9 = 66.7%, male 3 of 9 = 33.3%, against Willow's 60% and 40%.
    assert groups(sex) == {
        "female": (6, Decimal("66.7"), Decimal("60.0")),
        "male": (3, Decimal("33.3"), Decimal("40.0")),
    }
    assert [g.difference for g in sex.groups] == [Decimal("6.7"), Decimal("-6.7")]
    assert [g.large for g in sex.groups] == [True, True]
    ethnicity = question(found, "ethnicity")
    # White 3, Black 3 answered; 3 preferred not to say (counted apart); Asian, Mixed
    # and another group have no one, so they are hidden, not shown as 0.
    assert ethnicity.answered == 6
    assert ethnicity.not_said == 3
    assert groups(ethnicity) == {
        "asian": (None, None, Decimal("10.0")),
        "black": (3, Decimal("50.0"), Decimal("10.0")),
        "mixed": (None, None, Decimal("5.0")),
        "white": (3, Decimal("50.0"), Decimal("70.0")),
        "other": (None, None, Decimal("5.0")),
    }
    # Nobody answered anything but "prefer not to say" on age: nothing to show, and
    # Willow's profile has no age figures.
    age = question(found, "age_band")
    assert (age.shown, age.has_profile) == (False, False)
    assert found.profiled == ["Willow ward"]
    assert found.sources == ["Census 2021"]
    assert found.missing == []


def test_fewer_than_3_in_a_group_are_hidden_and_one_hidden_group_takes_the_next_with_it():
    data = build(services(), copies=1)
    found = read.population_comparison(quarter(data.willow.pk), all_services(data))
    # 3 people shared: female 2 and male 1, both fewer than 3, so both are hidden.
    assert found.shared == 3
    assert groups(question(found, "sex")) == {
        "female": (None, None, Decimal("60.0")),
        "male": (None, None, Decimal("40.0")),
    }
    # Only 2 people answered the ethnicity question (1 preferred not to say).
    ethnicity = question(found, "ethnicity")
    assert ethnicity.shown is False
    assert ethnicity.not_said is None
    # One group of 1 among groups of 5 and 4: the 4 is hidden too, or 1 = total - 5 - 4.
    assert hidden_cells({"a": 5, "b": 1, "c": 4}) == {"b", "c"}
    assert hidden_cells({"a": 5, "b": 1, "c": 0, "d": 4}) == {"b", "c"}
    assert hidden_cells({"a": 5, "b": 3}) == set()


def test_fewer_than_3_people_sharing_shows_nothing():
    data = build(services(), copies=1)
    # Oak: only person 1 took part there.
    found = read.population_comparison(quarter(data.oak.pk), all_services(data))
    assert found.shared == 1
    assert found.shown is False
    assert all(g.people is None and g.share is None for q in found.questions for g in q.groups)
    assert panels.population_charts(found) == []
    assert panels.population_table(quarter(data.oak.pk), [], found).rows == []


def test_several_services_are_weighted_by_the_people_they_serve():
    data = build(services(), copies=3)
    found = read.population_comparison(quarter(data.division.pk), all_services(data))
    # Willow: 60% female of 1,000 people; Oak: 100 female and 300 male, so 25% of 400.
    # Female (1000 x 60 + 400 x 25) / 1400 = 50.0; male (1000 x 40 + 400 x 75) / 1400 = 50.0.
    sex = question(found, "sex")
    assert [g.population for g in sex.groups] == [Decimal("50.0"), Decimal("50.0")]
    # Only Willow gives ethnicity, so it alone makes up that question.
    assert question(found, "ethnicity").groups[3].population == Decimal("70.0")
    assert found.profiled == ["Oak ward", "Willow ward"]
    # The division has services below it, so it is not itself missing a profile.
    assert found.missing == []


def test_a_profile_higher_up_covers_the_services_below_it():
    data = build(services(), copies=3)
    population_profile_save(
        service=data.division,
        source="Division census",
        basis="percent",
        people_served=5000,
        figures={"sex": {"female": Decimal("55.5"), "male": Decimal("44.5")}},
        by=None,
    )
    found = read.population_comparison(quarter(), all_services(data))
    assert found.profiled == ["Acute division"]
    assert [g.population for g in question(found, "sex").groups] == [
        Decimal("55.5"),
        Decimal("44.5"),
    ]
    # Willow's ethnicity figures are not used: the division's profile covers Willow.
    assert question(found, "ethnicity").has_profile is False
    assert [s.name for s in found.missing] == ["Community team"]


def test_the_reach_panel_shows_the_comparison_and_links_admins_to_missing_profiles(
    client, governance, admin
):
    data = build(services(), copies=3)
    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    assert re.search(r'data-population="shared">9 of the 12 people involved shared', page)
    assert 'id="population_sex-title"' in page
    assert "Community team" in page.split('data-population="missing"')[1].split("</div>")[0]
    edit = reverse("projects:population_profile_edit", args=[data.community.pk])
    assert edit not in page
    client.force_login(admin)
    page = client.get(URL, {"period": "2025-q3"}).content.decode()
    assert f'href="{edit}"' in page


def test_the_comparison_downloads_as_csv(client, governance):
    data = build(services(), copies=3)
    client.force_login(governance)
    response = client.get(
        reverse("dashboard:chart_csv", args=["population"]),
        {"period": "2025-q3", "service": data.willow.pk},
    )
    lines = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Question,Group,People involved,Share of those who answered (%),"
        "Population served (%),Difference (percentage points)"
    )
    assert "Sex,Female,6,66.7,60.0,6.7" in lines
    assert "Ethnic group,Asian or Asian British,Fewer than 3 people,,10.0," in lines
    assert "Ethnic group,Prefer not to say (not in the shares),3,,," in lines


def test_no_profile_in_scope_says_so(client, governance):
    data = build(services(), copies=3)
    client.force_login(governance)
    page = client.get(URL, {"period": "2025-q3", "service": data.community.pk}).content.decode()
    missing = page.split('data-population="missing"')[1].split("</div>")[0]
    assert "No population profile has been entered for these services yet" in missing
    assert "Community team" in missing

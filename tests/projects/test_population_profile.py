"""Admins enter each service's population profile for equality monitoring."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import PopulationFigure, PopulationProfile
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def url(service) -> str:
    return reverse("projects:population_profile_edit", args=[service.pk])


def percentages(**overrides) -> dict:
    data = {
        "source": "2021 Census, Leeds",
        "basis": "percent",
        "people_served": "4500",
        "sex__female": "51.5",
        "sex__male": "48.5",
        "disability__yes": "22",
        "disability__no": "78",
    }
    return {**data, **overrides}


def figures(service) -> dict[tuple[str, str], Decimal]:
    return {
        (f.question, f.category): f.value
        for f in PopulationFigure.objects.filter(profile__service=service)
    }


def test_an_admin_enters_a_profile_as_percentages(client, admin):
    service = ServiceFactory()
    client.force_login(admin)
    page = client.get(url(service)).content.decode()
    assert "Population profile" in page
    assert "who we are not hearing from" in page
    response = client.post(url(service), percentages())
    assert response.status_code == 302
    profile = PopulationProfile.objects.get(service=service)
    assert (profile.basis, profile.people_served, profile.updated_by) == ("percent", 4500, admin)
    assert figures(service) == {
        ("sex", "female"): Decimal("51.5"),
        ("sex", "male"): Decimal("48.5"),
        ("disability", "yes"): Decimal(22),
        ("disability", "no"): Decimal(78),
    }
    # The form shows what was saved.
    page = client.get(url(service)).content.decode()
    assert 'value="51.5"' in page
    assert "2021 Census, Leeds" in page


def test_saving_again_replaces_the_figures_and_keeps_the_history(client, admin):
    service = ServiceFactory()
    client.force_login(admin)
    client.post(url(service), percentages())
    response = client.post(
        url(service),
        percentages(disability__yes="", disability__no="", sex__female="50", sex__male="50"),
    )
    assert response.status_code == 302
    assert figures(service) == {("sex", "female"): Decimal(50), ("sex", "male"): Decimal(50)}
    history = PopulationFigure.history.filter(question="disability", category="yes")
    assert [h.history_type for h in history.order_by("history_date")] == ["+", "-"]
    assert PopulationFigure.history.filter(category="female").count() == 2


def test_numbers_of_people_need_no_total_and_empty_boxes_count_as_0(client, admin):
    service = ServiceFactory()
    client.force_login(admin)
    response = client.post(
        url(service),
        {
            "source": "Caseload, 31 March 2026",
            "basis": "count",
            "people_served": "",
            "ethnicity__white": "300",
            "ethnicity__black": "45",
        },
    )
    assert response.status_code == 302
    assert PopulationProfile.objects.get(service=service).people_served is None
    assert figures(service)[("ethnicity", "asian")] == 0
    assert figures(service)[("ethnicity", "black")] == 45


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sex__female": "60"}, "sex__female", "The percentages for sex add up to 108.5"),
        ({"sex__female": "-1"}, "sex__female", "Enter a number that is 0 or more"),
        ({"sex__female": "lots"}, "sex__female", "Enter the figure for sex, female as a number"),
        ({"sex__female": "101"}, "sex__female", "Enter a percentage no bigger than 100"),
        ({"people_served": ""}, "people_served", "Enter the number of people the service serves"),
        ({"source": ""}, "source", "Enter where the figures come from"),
        (
            {"basis": "count", "sex__female": "1.5", "sex__male": "2"},
            "sex__female",
            "Enter a whole number of people",
        ),
        (
            {"basis": "count", "sex__female": "0", "sex__male": "0"},
            "sex__female",
            "Enter at least one number above 0 for sex",
        ),
        (
            {"sex__female": "", "sex__male": "", "disability__yes": "", "disability__no": ""},
            "age_band__under_18",
            "Enter the figures for at least one question",
        ),
    ],
)
def test_mistakes_are_explained_next_to_the_box_and_what_was_typed_is_kept(
    client, admin, changes, field, message
):
    service = ServiceFactory()
    client.force_login(admin)
    data = percentages(**changes)
    response = client.post(url(service), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert message in page
    assert 'value="2021 Census, Leeds"' in page or not data["source"]
    assert not PopulationProfile.objects.filter(service=service).exists()


def test_it_rounds_nothing_away_but_allows_half_a_percent_for_rounding(client, admin):
    service = ServiceFactory()
    client.force_login(admin)
    response = client.post(url(service), percentages(sex__female="51.9", sex__male="48.5"))
    assert response.status_code == 302
    assert figures(service)[("sex", "female")] == Decimal("51.9")


def test_only_admins_see_the_page(client, governance, staff):
    service = ServiceFactory()
    for user in (governance, staff):
        client.force_login(user)
        assert client.get(url(service)).status_code == 404
        assert client.post(url(service), percentages()).status_code == 404
    assert not PopulationProfile.objects.exists()
    client.logout()
    assert client.get(url(service)).status_code == 302

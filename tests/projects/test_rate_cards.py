"""Rate cards: admins list them and add new ones; a card is never edited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.models import RateCard

pytestmark = pytest.mark.django_db

LIST = reverse("projects:rate_card_list")
CREATE = reverse("projects:rate_card_create")


def card_data(**overrides: str) -> dict[str, str]:
    return {
        "name": "Standard rate 2027",
        "starts_on_day": "6",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "hourly_rate": "£22.50",
        "notes": "",
        **overrides,
    }


def test_it_lists_cards_and_marks_the_one_in_force(client, world):
    RateCard.objects.create(
        name="Next year", starts_on=datetime.date(2100, 1, 1), hourly_rate_pence=2500
    )
    client.force_login(world["admin"])
    content = client.get(LIST).content.decode()
    assert "£20.00" in content
    assert "In force today" in content
    assert "Starts later" in content


def test_it_adds_a_card_in_pence(client, world):
    client.force_login(world["admin"])
    response = client.post(CREATE, card_data())
    assert response.status_code == 302
    card = RateCard.objects.get(name="Standard rate 2027")
    assert (card.starts_on, card.hourly_rate_pence) == (datetime.date(2027, 4, 6), 2250)
    assert card.history.get().history_user == world["admin"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter a name for the rate card"),
        ({"name": "x" * 81}, "Name must be 80 characters or fewer"),
        ({"hourly_rate": ""}, "Enter the hourly rate"),
        ({"hourly_rate": "-1"}, "Enter the hourly rate as £0 or more"),
        ({"hourly_rate": "twenty"}, "Enter the hourly rate in pounds, like 12.50"),
        ({"hourly_rate": "201"}, "Enter the hourly rate of £200.00 or less"),
        ({"starts_on_month": "April-ish"}, "Enter the date as a day, month and year"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(client, world, overrides, message):
    client.force_login(world["admin"])
    response = client.post(CREATE, card_data(**overrides))
    content = response.content.decode()
    assert "<title>Error: Add a rate card" in content
    assert message in content
    assert RateCard.objects.count() == 1


def test_it_refuses_a_second_card_on_the_same_date(client, world):
    client.force_login(world["admin"])
    day = world["rate_card"].starts_on
    response = client.post(
        CREATE,
        card_data(
            starts_on_day=str(day.day), starts_on_month=str(day.month), starts_on_year=str(day.year)
        ),
    )
    assert "There is already a rate card starting on this date" in response.content.decode()
    assert RateCard.objects.count() == 1


def test_only_admins_manage_rate_cards(client, world):
    assert client.get(LIST)["Location"].startswith(reverse("accounts:login"))
    for role in ("staff", "co_lead", "governance"):
        client.force_login(world[role])
        assert client.get(LIST).status_code == 403
        assert client.post(CREATE, card_data()).status_code == 403
    client.force_login(world["admin"])
    assert client.post(LIST).status_code == 405
    assert client.put(CREATE).status_code == 405
    assert RateCard.objects.count() == 1

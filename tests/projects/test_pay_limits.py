"""A limit a person chose to stay under: what counts towards it, and recording it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.pay_limits import pay_limit_check
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db


def fee(person, project, day, pence, choice="paid", expenses=0):
    return InvolvementFactory(
        activity=ActivityFactory(project=project, date=day),
        person=person,
        hours=1,
        fee_due_pence=pence,
        fee_paid_pence=pence,
        expenses_pence=expenses,
        payment_choice=choice,
    )


def test_only_fees_they_keep_in_the_period_count(world):
    person = PersonFactory(pay_limit_pence=5000, pay_limit_period="tax_year")
    project = world["project"]
    fee(person, project, datetime.date(2026, 4, 6), 2000, expenses=900)  # first day of the year
    fee(person, project, datetime.date(2026, 5, 1), 1000, choice="reduced")
    fee(person, project, datetime.date(2026, 5, 2), 3000, choice="donated")
    fee(person, project, datetime.date(2026, 5, 3), 0, choice="declined")
    fee(person, project, datetime.date(2026, 4, 5), 4000)  # the year before

    check = pay_limit_check(person, day=datetime.date(2026, 6, 1), adding_pence=2500)

    assert check.so_far_pence == 3000
    assert check.total_pence == 5500
    assert check.over
    assert check.period == "the tax year 6 April 2026 to 5 April 2027"


def test_a_week_runs_monday_to_sunday(world):
    person = PersonFactory(pay_limit_pence=3000, pay_limit_period="week")
    fee(person, world["project"], datetime.date(2026, 6, 28), 2000)  # the Sunday before
    fee(person, world["project"], datetime.date(2026, 6, 29), 1000)  # Monday

    check = pay_limit_check(person, day=datetime.date(2026, 7, 5), adding_pence=2000)

    assert (check.so_far_pence, check.over) == (1000, False)
    assert check.period == "the week of 29 June 2026"


def test_no_limit_means_no_check(world):
    assert pay_limit_check(PersonFactory(), day=datetime.date(2026, 6, 1)) is None


def register_form(**overrides):
    return {
        "display_name": "Lim",
        "experience": "carer",
        "contact": "through_staff",
        "preferred_format": "standard",
        "consent_to_store": "on",
        **overrides,
    }


def test_staff_record_a_limit_with_the_person(client, world):
    person = world["person"]
    client.force_login(world["staff"])

    response = client.post(
        reverse("projects:person_edit", args=[person.pk]),
        register_form(pay_limit="£1,250.50", pay_limit_period="tax_year"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.pay_limit_pence, person.pay_limit_period) == (125050, "tax_year")
    assert person.history.first().history_user == world["staff"]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ({"pay_limit": "20"}, "Choose whether the limit is for a week or a tax year"),
        ({"pay_limit_period": "week"}, "Enter the limit in pounds, or choose no period"),
        ({"pay_limit": "0", "pay_limit_period": "week"}, "Enter a limit of more than £0"),
        ({"pay_limit": "lots", "pay_limit_period": "week"}, "Enter the limit in pounds"),
    ],
)
def test_it_explains_a_limit_it_cannot_use(client, world, typed, error):
    client.force_login(world["staff"])

    response = client.post(
        reverse("projects:person_edit", args=[world["person"].pk]), register_form(**typed)
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "lots" in response.content.decode() or "lots" not in typed.values()


def test_the_person_page_shows_their_total_so_far_against_their_limit(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 5000, "tax_year"
    person.save()
    today = datetime.date.today()
    fee(person, world["project"], today, 2000, expenses=700)
    client.force_login(world["staff"])

    html = client.get(reverse("projects:person_detail", args=[person.pk])).content.decode()

    assert "Limit they chose" in html
    assert "£50.00 for the tax year 6 April" in html
    assert "£20.00 so far, £30.00 left under it." in html

    fee(person, world["project"], today, 4000)
    html = client.get(reverse("projects:person_detail", args=[person.pk])).content.decode()
    assert "£60.00 so far: over their limit by £10.00." in html


def test_the_person_page_says_nothing_of_a_limit_they_did_not_choose(client, world):
    client.force_login(world["staff"])

    html = client.get(reverse("projects:person_detail", args=[world["person"].pk])).content
    assert "Limit they chose" not in html.decode()


def test_people_who_only_read_the_register_do_not_see_the_limit(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 5000, "week"
    person.save()
    client.force_login(world["governance"])

    response = client.get(reverse("projects:person_detail", args=[person.pk]))

    assert response.status_code == 200
    assert "Limit they chose" not in response.content.decode()

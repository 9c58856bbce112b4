"""Payments: totals per tax year and the export for finance."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Involvement
from projects.models.activities import TaxYearTotal
from projects.models.payments import pounds
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("projects:payment_export")


def paid(person, *, paid_on, fee=2000, expenses=0, hours=1, choice="paid", activity=None, **kw):
    return InvolvementFactory(
        activity=activity or ActivityFactory(project=kw.pop("project")),
        person=person,
        hours=hours,
        fee_due_pence=fee,
        fee_paid_pence=fee,
        expenses_pence=expenses,
        payment_choice=choice,
        paid_on=paid_on,
        **kw,
    )


def test_pounds_are_exact_decimals():
    assert pounds(1) == Decimal("0.01")
    assert pounds(100_000) == Decimal("1000.00")
    assert str(pounds(12345)) == "123.45"


def test_it_totals_per_tax_year_across_the_5_and_6_april_boundary(world):
    person, project = PersonFactory(), world["project"]
    paid(person, project=project, paid_on=datetime.date(2025, 4, 5), fee=1000, expenses=150)
    paid(person, project=project, paid_on=datetime.date(2025, 4, 6), fee=2000, hours=2)
    paid(person, project=project, paid_on=datetime.date(2026, 4, 5), fee=3000, expenses=5)
    paid(person, project=project, paid_on=datetime.date(2026, 4, 6), fee=4000, hours=Decimal("1.5"))

    totals = Involvement.objects.filter(person=person).tax_year_totals()

    assert [(t.label, t.hours, t.fee_pence, t.expenses_pence) for t in totals] == [
        ("6 April 2026 to 5 April 2027", Decimal("1.5"), 4000, 0),
        ("6 April 2025 to 5 April 2026", Decimal(3), 5000, 5),
        ("6 April 2024 to 5 April 2025", Decimal(1), 1000, 150),
    ]
    assert totals[1].fee_pounds == Decimal("50.00")


def test_it_lists_money_owed_as_not_yet_paid_and_keeps_donations_apart(world):
    person, project = PersonFactory(), world["project"]
    paid(person, project=project, paid_on=None, fee=2000, expenses=300)
    paid(
        person,
        project=project,
        paid_on=datetime.date(2026, 5, 1),
        fee=2500,
        choice="donated",
        donated_to="Mind",
    )
    # Declined with no expenses: nothing is owed, so its hours count in the
    # tax year of the activity.
    paid(
        person,
        activity=ActivityFactory(project=project, date=datetime.date(2026, 5, 2)),
        paid_on=None,
        fee=0,
        hours=3,
        choice="declined",
    )

    totals = Involvement.objects.filter(person=person).tax_year_totals()

    assert totals == [
        TaxYearTotal(
            year=None, hours=Decimal(1), fee_pence=2000, donated_pence=0, expenses_pence=300
        ),
        TaxYearTotal(
            year=2026, hours=Decimal(4), fee_pence=0, donated_pence=2500, expenses_pence=0
        ),
    ]
    assert totals[0].label == "Not yet paid"


def test_it_leaves_staff_out_of_the_totals(world):
    assert Involvement.objects.filter(staff=world["staff"]).tax_year_totals() == []


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def export_query(**overrides: str) -> dict[str, str]:
    return {
        "date_from_day": "6",
        "date_from_month": "4",
        "date_from_year": "2026",
        "date_to_day": "5",
        "date_to_month": "4",
        "date_to_year": "2027",
        "download": "csv",
        **overrides,
    }


def test_it_shows_the_export_form_to_admins(client, world):
    client.force_login(world["admin"])
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert "Download payments for finance" in response.content.decode()


def test_it_exports_payments_by_paid_date_with_exact_pence(client, world):
    person = PersonFactory(display_name="=cmd|' /C calc'!A0")
    activity = ActivityFactory(
        project=world["project"], title="Panel", date=datetime.date(2026, 4, 1)
    )
    paid(
        person,
        activity=activity,
        paid_on=datetime.date(2026, 4, 6),
        fee=1234,
        expenses=1,
        hours=Decimal("0.75"),
    )
    paid(person, project=world["project"], paid_on=datetime.date(2026, 4, 5), fee=999)  # before
    paid(person, project=world["project"], paid_on=None, fee=555)  # owed, not asked for
    client.force_login(world["admin"])

    response = client.get(EXPORT, export_query())

    assert response["Content-Disposition"] == (
        'attachment; filename="payments-2026-04-06-to-2027-04-05.csv"'
    )
    header, *lines = read_csv(response)
    assert header == [
        "Payee reference",
        "Person",
        "Activity date",
        "Activity",
        "Project",
        "Hours",
        "Fee due (£)",
        "Fee paid (£)",
        "Expenses (£)",
        "Choice",
        "Charity",
        "Paid date",
        "Tax year",
        "Vouchers given",
    ]
    assert lines == [
        [
            f"P-{person.pk:05d}",
            "'=cmd|' /C calc'!A0",
            "2026-04-01",
            "Panel",
            "Better nights on Willow",
            "0.75",
            "12.34",
            "12.34",
            "0.01",
            "Paid in full",
            "",
            "2026-04-06",
            "6 April 2026 to 5 April 2027",
            "",
        ]
    ]


def test_it_can_include_what_is_owed_but_not_paid(client, world):
    person = PersonFactory(display_name="Owed")
    activity = ActivityFactory(project=world["project"], date=datetime.date(2026, 6, 1))
    paid(person, activity=activity, paid_on=None, fee=2000)
    client.force_login(world["admin"])
    lines = read_csv(client.get(EXPORT, export_query(include_unpaid="on")))[1:]
    assert [(line[1], line[7], line[11], line[12]) for line in lines] == [
        ("Owed", "20.00", "", "Not yet paid")
    ]


def test_it_explains_a_bad_date_range(client, world):
    client.force_login(world["admin"])
    response = client.get(EXPORT, export_query(date_to_year="2025"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Download payments" in content
    assert "The last date must be the same as or after the first date" in content
    response = client.get(EXPORT, export_query(date_from_month="13"))
    assert "Enter a real date" in response.content.decode()

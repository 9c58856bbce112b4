import datetime
from decimal import Decimal

import pytest

from imports.values import CellProblem, to_bool, to_choice, to_date, to_decimal, to_month
from projects.models import Person


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/02/2024", datetime.date(2024, 2, 1)),
        ("1/2/24", datetime.date(2024, 2, 1)),
        ("1-2-2024", datetime.date(2024, 2, 1)),
        ("1.2.2024", datetime.date(2024, 2, 1)),
        ("1 Feb 2024", datetime.date(2024, 2, 1)),
        ("1st February 2024", datetime.date(2024, 2, 1)),
        ("2024-02-01", datetime.date(2024, 2, 1)),
        ("45323", datetime.date(2024, 2, 1)),
        (45323, datetime.date(2024, 2, 1)),
        (45323.0, datetime.date(2024, 2, 1)),
        (datetime.datetime(2024, 2, 1, 0, 0), datetime.date(2024, 2, 1)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_it_reads_uk_dates_and_excel_serials(typed, expected):
    assert to_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["31/02/2024", "02/13/2024", "next Tuesday", "1 Febtember 2024", 12]
)
def test_it_says_which_dates_are_not_dates(typed):
    with pytest.raises(CellProblem, match=f"^{typed} is not a date$"):
        to_date(typed)


def test_it_reads_months_in_several_ways():
    for typed in ("Jan 2025", "January 2025", "01/2025", "2025-01", "15/01/2025"):
        assert to_month(typed) == datetime.date(2025, 1, 1)
    with pytest.raises(CellProblem, match="Smarch 2025 is not a month, like Jan 2025"):
        to_month("Smarch 2025")


def test_it_reads_numbers_money_yes_no_and_choices():
    assert to_decimal("£1,234.50") == Decimal("1234.50")
    assert to_decimal(1.5) == Decimal("1.5")
    with pytest.raises(CellProblem, match="two is not a number"):
        to_decimal("two")
    assert to_bool(" YES ") is True
    assert to_bool("n") is False
    with pytest.raises(CellProblem, match="maybe is not yes or no"):
        to_bool("maybe")
    assert to_choice("  carer OR partner in care ", Person.Experience.choices) == "carer"
    assert to_choice("peer_worker", Person.Experience.choices) == "peer_worker"
    assert to_choice("Peer worker", Person.Experience.choices) == "peer_worker"
    with pytest.raises(CellProblem, match=r"^Patient is not one of the choices \(Uses or has"):
        to_choice("Patient", Person.Experience.choices)

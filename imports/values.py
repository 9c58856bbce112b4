"""Turning what is in a spreadsheet cell into a value, or a plain reason why not.

Cells come as text (CSV) or as what openpyxl read (.xlsx): text, numbers, dates
and times. Each parser raises `CellProblem` with the words to show after the
row number and column name: "31/02/2024 is not a date".
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

# Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers of dates from 1954 to 2119: anything else is not a date.
SERIALS = range(20_000, 80_000)

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

YES = {"yes", "y", "true", "1", "ticked", "agreed", "x"}
NO = {"no", "n", "false", "0", "not ticked"}


class CellProblem(ValueError):
    pass


def shown(value: object) -> str:
    """A cell as the person would see it in their spreadsheet."""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() else f"{value:%d/%m/%Y}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    return "" if value is None else shown(value)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years: 24 is 2024, 75 is 1975 (people on the register were born
        # last century; activities are this century).
        year += 2000 if year < 70 else 1900
    return year


def to_date(value: object) -> datetime.date:
    """UK dates: 1/2/2024, 01/02/24, 1-2-2024, 1.2.2024, 1 Feb 2024, 1 February 2024,
    2024-02-01, and Excel date cells or serial numbers."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == int(value) and int(value) in SERIALS:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellProblem(f"{shown(value)} is not a date")
    typed = str(value).strip()
    try:
        if re.fullmatch(r"\d{5}", typed) and int(typed) in SERIALS:
            return EXCEL_EPOCH + datetime.timedelta(days=int(typed))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?", typed):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: [\d:]+)?", typed):
            day, month, year = int(match[1]), int(match[2]), _year(match[3])
            return datetime.date(year, month, day)
        if match := re.fullmatch(
            r"(\d{1,2})(?:st|nd|rd|th)?[ \-]([A-Za-z]+)\.?,?[ \-](\d{2}|\d{4})", typed
        ):
            month = MONTHS.get(match[2].lower())
            if month:
                return datetime.date(_year(match[3]), month, int(match[1]))
    except ValueError:
        pass
    raise CellProblem(f"{typed} is not a date")


def to_month(value: object) -> datetime.date:
    """A month: any date in it, or "Jan 2025", "January 2025", "01/2025", "2025-01"."""
    if not isinstance(value, str):
        return to_date(value).replace(day=1)
    typed = value.strip()
    match = re.fullmatch(r"([A-Za-z]+)\.?[ \-](\d{2}|\d{4})", typed)
    if match and (month := MONTHS.get(match[1].lower())):
        return datetime.date(_year(match[2]), month, 1)
    if (match := re.fullmatch(r"(\d{1,2})/(\d{4})", typed)) and 1 <= int(match[1]) <= 12:
        return datetime.date(int(match[2]), int(match[1]), 1)
    if (match := re.fullmatch(r"(\d{4})-(\d{1,2})", typed)) and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)
    try:
        return to_date(typed).replace(day=1)
    except CellProblem:
        raise CellProblem(f"{typed} is not a month, like Jan 2025") from None


def to_decimal(value: object, *, what: str = "a number") -> Decimal:
    if isinstance(value, bool):
        raise CellProblem(f"{shown(value)} is not {what}")
    if isinstance(value, int | float):
        # A float from Excel: its shortest form is what the person typed.
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    typed = str(value).strip()
    try:
        number = Decimal(typed.replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise CellProblem(f"{typed} is not {what}") from None
    if not number.is_finite():
        raise CellProblem(f"{typed} is not {what}")
    return number


def to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    typed = shown(value).lower()
    if typed in YES:
        return True
    if typed in NO:
        return False
    raise CellProblem(f"{shown(value)} is not yes or no")


def normalise(label: str) -> str:
    """For matching words: lower case, single spaces, no punctuation at the ends."""
    return re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip(" .*:").casefold()


def to_choice(value: object, choices: list[tuple[str, str]] | list[tuple[int, str]]) -> str | int:
    """A choice by its label ("Carer or partner in care") or its code ("carer")."""
    typed = normalise(shown(value))
    for code, label in choices:
        if typed in (
            normalise(str(code)),
            normalise(label),
            normalise(str(code)).replace("_", " "),
        ):
            return code
    raise CellProblem(
        f"{shown(value)} is not one of the choices ("
        + ", ".join(label for _, label in choices)
        + ")"
    )


def phone_digits(phone: str) -> str:
    """A phone number as digits only, +44 as 0, for spotting the same number."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits

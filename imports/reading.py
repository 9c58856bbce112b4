"""Reading an uploaded file into rows, whatever made it.

CSV in UTF-8 (with or without a byte order mark) or Windows-1252, and Excel .xlsx
(formulas read as the values Excel saved). The header row is found by its
headings, so title rows above it (often merged cells) are passed over; headings
match whatever their case and spacing; blank rows are skipped; columns that are
not ours are listed and ignored. Row numbers are the spreadsheet's own.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from imports.values import is_blank, normalise

MAX_FILE_BYTES = 20 * 1024 * 1024
# The header row is looked for in the first rows only.
HEADER_SEARCH_ROWS = 30


class FileProblem(ValueError):
    """The file as a whole cannot be read; the words say why."""


@dataclass
class Table:
    header_row: int
    columns: list[str]  # our column names found, in file order
    extra_columns: list[str]  # headings that are not ours, as typed
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def raw_rows(file_name: str, data: bytes) -> Iterable[tuple[int, list[object]]]:
    """(row number, cells) for every row of the file, blank ones included."""
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem("The file is bigger than 20 MB. Split it into smaller files.")
    if not data.strip():
        raise FileProblem("The file is empty.")
    name = file_name.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx_rows(data)
    if name.endswith((".xls", ".ods", ".numbers")):
        raise FileProblem("Save the file as an Excel workbook (.xlsx) or as CSV, then upload it.")
    return _csv_rows(data)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252. Its five unused bytes
        # would fail strictly, so they become the replacement character.
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterable[tuple[int, list[object]]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        # A spreadsheet counts records, not lines: a cell with a line break in
        # it is still one row.
        yield from enumerate(reader, start=1)  # type: ignore[misc]
    except csv.Error as error:
        raise FileProblem(f"The file is not a CSV file we can read ({error}).") from None


def _xlsx_rows(data: bytes) -> Iterable[tuple[int, list[object]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileProblem("The file is not an Excel workbook we can read.") from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def read_table(
    file_name: str, data: bytes, *, known: dict[str, str], required: Sequence[str]
) -> Table:
    """Rows as {our column name: cell}. `known` maps each normalised heading (our
    names and their other spellings) to our column name."""
    rows = iter(raw_rows(file_name, data))
    seen: list[tuple[int, list[object]]] = []
    header: tuple[int, list[object]] | None = None
    best = 0
    for number, cells in rows:
        seen.append((number, cells))
        matches = sum(1 for cell in cells if _heading(cell) in known)
        if matches > best:
            best, header = matches, (number, cells)
        if len(seen) >= HEADER_SEARCH_ROWS or (header and best == len(known)):
            break
    if header is None:
        raise FileProblem(
            "We could not find the row of column headings. The first row of the table "
            "should name the columns, like the template: " + ", ".join(required) + "."
        )
    header_number, headings = header
    names: list[str | None] = []
    extra: list[str] = []
    for cell in headings:
        name = known.get(_heading(cell))
        if name is not None and name in names:
            name = None  # a second column with the same heading is not ours
            extra.append(str(cell).strip())
        elif name is None and not is_blank(cell):
            extra.append(str(cell).strip())
        names.append(name)
    missing = [column for column in required if column not in names]
    if missing:
        raise FileProblem(
            "These columns are missing: "
            + ", ".join(missing)
            + ". Check the headings match the template."
        )
    table = Table(
        header_row=header_number,
        columns=[name for name in names if name],
        extra_columns=extra,
    )
    after_header = [item for item in seen if item[0] > header_number]
    for number, cells in [*after_header, *rows]:
        values = {
            name: (cell.strip() if isinstance(cell, str) else cell)
            for name, cell in zip(names, cells, strict=False)
            if name
        }
        if all(is_blank(value) for value in values.values()):
            continue
        table.rows.append((number, values))
    return table


def _heading(cell: object) -> str:
    """A heading to match: "  Date of activity (optional) *" is "date of activity"."""
    if is_blank(cell):
        return ""
    return normalise(re.sub(r"\(\s*optional\s*\)", "", str(cell), flags=re.IGNORECASE))

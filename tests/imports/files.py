"""Messy spreadsheets, made the way real ones arrive."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl


def csv_bytes(rows: list[list[object]], *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(
    rows: list[list[object]],
    *,
    title: str | None = None,
    formulas: dict[str, tuple[str, object]] | None = None,
) -> bytes:
    """An .xlsx as Excel saves it. `title` adds a merged title row and a blank row
    above the header. `formulas` maps a cell ("E3") to a formula and the value
    Excel saved for it (openpyxl writes formulas without values; Excel keeps both)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 2))
        sheet.append([])
    for row in rows:
        sheet.append(row)
    for cell, (formula, _value) in (formulas or {}).items():
        sheet[cell] = formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not formulas:
        return buffer.getvalue()
    return _with_cached_values(buffer.getvalue(), formulas)


def _with_cached_values(data: bytes, formulas: dict[str, tuple[str, object]]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                for cell, (_formula, value) in formulas.items():
                    kind = "" if isinstance(value, int | float) else ' t="str"'
                    xml, count = re.subn(
                        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>',
                        rf'<c r="{cell}"\1{kind}><f>\2</f><v>{value}</v></c>',
                        xml,
                    )
                    assert count == 1, f"no formula cell {cell} in {xml[:500]}"
                content = xml.encode()
            target.writestr(item, content)
    return out.getvalue()

"""The downloadable template of each kind: the headings, two example rows, and
(in the workbook) a second sheet guiding each column."""

from __future__ import annotations

import csv
import io

from imports.kinds import IMPORTERS


def template_csv(kind: str) -> bytes:
    columns = IMPORTERS[kind].columns
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([column.name for column in columns])
    for index in (0, 1):
        writer.writerow([column.examples[index] for column in columns])
    # With a byte order mark, Excel opens it as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    columns = IMPORTERS[kind].columns
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Import"
    sheet.append([column.name for column in columns])
    for index in (0, 1):
        sheet.append([column.examples[index] for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter_index, column in enumerate(columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(letter_index)].width = max(
            14, len(column.name) + 4
        )
    guide = workbook.create_sheet("Guide")
    guide.append(["Column", "Needed", "What to put in it"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.name, "Yes" if column.required else "No", column.guide])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

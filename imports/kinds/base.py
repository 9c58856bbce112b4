"""What every kind of import shares: its columns, a row's cells read with plain
problems, and the plan for each row (create, update or leave alone)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from accounts.models import User
from imports.audit import Importing
from imports.models import ImportReference, Kind
from imports.values import (
    CellProblem,
    is_blank,
    normalise,
    shown,
    to_bool,
    to_choice,
    to_date,
    to_decimal,
    to_month,
)

REFERENCE = "Reference"


@dataclass(frozen=True)
class Column:
    name: str
    guide: str
    examples: tuple[str, str]
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is not None:
            return f"Row {self.row}, {self.column}: {self.message}"
        return f"{self.column}: {self.message}" if self.column else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class Row:
    """One row of the file. Reading a cell that is wrong notes a problem and
    gives None, so every problem in the row is found in one pass."""

    def __init__(self, number: int, values: dict[str, object], problems: list[Problem]):
        self.number = number
        self.values = values
        self._problems = problems
        self.problem_count = 0
        self.bad_columns: set[str] = set()

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, column: str, message: str) -> None:
        self.problem_count += 1
        self.bad_columns.add(column)
        self._problems.append(Problem(self.number, column, message))

    def given(self, column: str) -> bool:
        return column in self.values and not is_blank(self.values[column])

    def in_file(self, column: str) -> bool:
        return column in self.values

    def _read(self, column: str, parse: Callable[[object], Any], required: bool) -> Any:
        if not self.given(column):
            if required:
                self.problem(column, "is empty")
            return None
        try:
            return parse(self.values[column])
        except CellProblem as problem:
            self.problem(column, str(problem))
            return None

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self._read(column, shown, required) or ""
        if max_length and len(value) > max_length:
            self.problem(
                column, f"must be {max_length:,} characters or fewer (it has {len(value):,})"
            )
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        return self._read(column, to_date, required)

    def month(self, column: str, *, required: bool = False) -> datetime.date | None:
        return self._read(column, to_month, required)

    def decimal(self, column: str, *, required: bool = False) -> Decimal | None:
        return self._read(column, to_decimal, required)

    def boolean(self, column: str, *, required: bool = False) -> bool | None:
        return self._read(column, to_bool, required)

    def choice(
        self, column: str, choices: Sequence[tuple[Any, str]], *, required: bool = False
    ) -> Any:
        return self._read(column, lambda value: to_choice(value, list(choices)), required)

    def several(self, column: str) -> list[str]:
        """Several names in one cell, separated by semicolons (or new lines)."""
        if not self.given(column):
            return []
        raw = shown(self.values[column]).replace("\n", ";")
        return [part.strip() for part in raw.split(";") if part.strip()]

    def errors(self, by_field: dict[str, list[str]], columns: dict[str, str]) -> None:
        """A form's or model's errors as problems on our columns, leaving out
        columns whose cell was already found wrong."""
        for name, messages in by_field.items():
            column = columns.get(name, "")
            if column in self.bad_columns:
                continue
            for message in messages:
                self.problem(column, _lower_first(str(message)))

    def validation(self, error: ValidationError, columns: dict[str, str]) -> None:
        by_field = (
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        )
        self.errors(by_field, columns)


def _lower_first(message: str) -> str:
    """Form messages are written to stand alone ("Enter a title"); after a column
    name they read on: "Row 3, Title: enter a title"."""
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


@dataclass(frozen=True)
class Lookalike:
    person_id: int
    name: str
    why: str


@dataclass
class Planned:
    """What confirming will do with a row. `save` makes the change and returns the
    id of the record; it runs only inside the import's transaction."""

    row: int
    action: str  # an ImportRow.Action
    label: str
    reference: str = ""
    save: Callable[[], int] | None = None
    object_id: int | None = None
    # Instead of `save`, for a kind that saves new records in batches (see
    # `Importer.save_all`): what it needs to make the record.
    new: Any = None
    lookalikes: list[Lookalike] = field(default_factory=list)


class Importer:
    kind: ClassVar[Kind]
    columns: ClassVar[tuple[Column, ...]]
    # The columns of the form or model field each name belongs to, for problems.
    field_columns: ClassVar[dict[str, str]] = {}

    def __init__(self, *, by: User, decisions: dict[str, str] | None = None) -> None:
        self.by = by
        self.decisions = decisions or {}

    @classmethod
    def known_headings(cls) -> dict[str, str]:
        known = {}
        for column in cls.columns:
            for heading in (column.name, *column.aliases):
                known[normalise(heading)] = column.name
        return known

    @classmethod
    def required(cls) -> list[str]:
        return [column.name for column in cls.columns if column.required]

    def references(self, rows: list[Row], kind: Kind | None = None) -> dict[str, int]:
        """Records already imported under the references these rows use."""
        wanted = {shown(row.values[REFERENCE]) for row in rows if row.given(REFERENCE)}
        return dict(
            ImportReference.objects.filter(
                kind=kind or self.kind, reference__in=wanted
            ).values_list("reference", "object_id")
        )

    def prepare(self, rows: list[Row]) -> None:
        """Look up, in a few queries, what the rows refer to."""

    def plan(self, row: Row) -> Planned | None:
        raise NotImplementedError

    def save_all(
        self, plans: list[Planned], *, current: Importing, on_saved: Callable[[int], None]
    ) -> None:
        """Save every planned row, setting each one's `object_id`, inside the import's
        transaction. `current.row` names the row being saved for the audit trail;
        `on_saved` is told how many rows are done. One by one here; a kind with
        many rows saves them in batches instead."""
        for index, planned in enumerate(plans, start=1):
            if planned.save:
                current.row = planned.row
                planned.object_id = planned.save()
            on_saved(index)
        current.row = None

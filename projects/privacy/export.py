"""The subject access copy: everything held about one person, readable and reusable.

It is built from the registry (`core.privacy`), so it covers every model that
holds personal data. The copy is a zip file with:

- `copy.html`: one page that opens in any browser, needs nothing else, and
  prints cleanly: what an information governance officer hands to the person;
- `data/*.csv`: each kind of record as a spreadsheet, because people have the
  right to take their data elsewhere in a form a computer can read.

A single document would serve the first need but not the second; a spreadsheet
alone would be unreadable for many of the people on the register.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core.exports import csv_safe
from core.privacy import Holding, holdings
from projects.models import Person
from projects.models.payments import pounds
from projects.privacy.audit import who_did
from projects.privacy.subject import Subject, about_q

CHANGE_TYPES = {"+": "added", "~": "changed", "-": "removed"}


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    slug: str = field(default="")

    def __post_init__(self) -> None:
        self.slug = self.slug or slugify(self.title)

    @property
    def summary(self) -> list[tuple[str, str]]:
        """A single wide record reads better as a list of questions and answers."""
        if len(self.rows) == 1 and len(self.columns) > 4:
            return list(zip(self.columns, self.rows[0], strict=True))
        return []


@dataclass
class SubjectAccessCopy:
    subject: Subject
    made_at: datetime.datetime
    made_by: str
    sections: list[Section]
    checked_empty: list[str]

    @property
    def filename(self) -> str:
        person = self.subject.person
        ref = f"person-{person.pk}" if person else f"account-{self.subject.user.pk}"
        return f"subject-access-{ref}-{self.made_at:%Y-%m-%d}.zip"


def _resolve(model: type[models.Model], lookup: str) -> models.Field:
    current = model
    found: models.Field | None = None
    for part in lookup.split("__"):
        found = current._meta.get_field(part)
        current = found.related_model or current
    assert found is not None
    return found


def _label(holding: Holding, model: type[models.Model], lookup: str) -> str:
    if lookup in holding.labels:
        return holding.labels[lookup].capitalize()
    return str(_resolve(model, lookup).verbose_name).capitalize()


def _format(value: object, model_field: models.Field, lookup: str) -> str:
    """A value as a person would read it: choice names, Yes/No, dates, pounds."""
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if lookup.endswith("_pence") and isinstance(value, int):
        return f"£{pounds(value):,}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(
    holding: Holding, model: type[models.Model], queryset, lookups: tuple[str, ...], extra=()
) -> tuple[list[str], list[list[str]]]:
    fields = [_resolve(model, lookup) for lookup in lookups]
    columns = [label for label, _ in extra] + [_label(holding, model, lk) for lk in lookups]
    rows = []
    for values in queryset.values(*[lookup for _, lookup in extra], *lookups):
        row = [_format(values[lookup], _resolve(model, lookup), lookup) for _, lookup in extra]
        row += [
            _format(values[lookup], model_field, lookup)
            for lookup, model_field in zip(lookups, fields, strict=True)
        ]
        rows.append(row)
    return columns, rows


def rows_about(
    holding: Holding,
    subject: Subject,
    model: type[models.Model] | None = None,
    cache: dict | None = None,
):
    """The rows of `holding` (or of its history table) about the subject."""
    model = model or holding.model
    if holding.find is not None and model is holding.model:
        return holding.find(subject)
    if not holding.about:
        return model._default_manager.none()
    wanted = about_q(model, holding.about, subject, cache)
    return model._default_manager.filter(wanted) if wanted is not None else model.objects.none()


def _about_sections(subject: Subject) -> tuple[list[Section], list[str]]:
    sections, empty = [], []
    cache: dict = {}
    for holding in holdings().values():
        if not (holding.about or holding.find) or not holding.shown:
            continue
        columns, rows = _table(
            holding,
            holding.model,
            rows_about(holding, subject, cache=cache).order_by(),
            holding.shown,
        )
        if rows:
            sections.append(Section(holding.title, columns, rows))
        else:
            empty.append(holding.title)
        history = holding.history_model
        if history is None or not rows:
            continue
        records = rows_about(holding, subject, history, cache).order_by(
            "history_date", "history_id"
        )
        # History leaves some fields out (an account's last sign-in, say).
        kept = {f.name for f in history._meta.concrete_fields}
        columns, rows = _table(
            holding,
            history,
            records,
            tuple(lookup for lookup in holding.shown if lookup.split("__")[0] in kept),
            extra=[("When", "history_date"), ("Change", "history_type")],
        )
        who = [who_did(record, subject.person) for record in records.select_related("history_user")]
        columns.insert(2, "By")
        for row, name in zip(rows, who, strict=True):
            row[1] = CHANGE_TYPES.get(row[1], row[1])
            row.insert(2, name)
        sections.append(
            Section(
                f"Earlier versions: {holding.title.lower()}",
                columns,
                rows,
                note="Every time this was added, changed or removed, as it was then.",
            )
        )
    return sections, empty


def _actor_sections(subject: Subject) -> list[Section]:
    if subject.user is None:
        return []
    sections, counts = [], []
    for holding in holdings().values():
        for name in holding.actor:
            written = holding.model._default_manager.filter(**{name: subject.user}).order_by()
            if holding.actor_shown:
                columns, rows = _table(holding, holding.model, written, holding.actor_shown)
                if rows:
                    sections.append(Section(holding.title, columns, rows))
            else:
                number = written.count()
                if number:
                    field_name = holding.model._meta.get_field(name).verbose_name
                    counts.append(
                        [
                            str(holding.model._meta.verbose_name_plural).capitalize(),
                            str(field_name),
                            str(number),
                        ]
                    )
    if counts:
        sections.append(
            Section(
                "Records that name you for something you did",
                ["Kind of record", "Named as", "How many"],
                counts,
                note="These records are about the work, not about you, so only the number is listed.",
            )
        )
    changes = []
    for holding in holdings().values():
        history = holding.history_model
        if history is None:
            continue
        by_type = dict(
            history.objects.filter(history_user=subject.user)
            .order_by()
            .values_list("history_type")
            .annotate(n=Count("pk"))
        )
        if by_type:
            changes.append(
                [
                    str(holding.model._meta.verbose_name_plural).capitalize(),
                    *(str(by_type.get(kind, 0)) for kind in CHANGE_TYPES),
                ]
            )
    if changes:
        sections.append(
            Section(
                "Changes you made",
                ["Kind of record", "Added", "Changed", "Removed"],
                changes,
                note="How many records you added, changed or removed while signed in.",
            )
        )
    return sections


def subject_access_copy(*, person: Person, by) -> SubjectAccessCopy:
    """Everything held about `person` and their account, if they have one."""
    subject = Subject.of(person)
    about, empty = _about_sections(subject)
    return SubjectAccessCopy(
        subject=subject,
        made_at=timezone.now(),
        made_by=by.name,
        sections=about + _actor_sections(subject),
        checked_empty=empty,
    )


def subject_access_zip(copy: SubjectAccessCopy) -> bytes:
    """The copy as a zip: a readable page and one CSV per kind of record."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        page = render_to_string(
            "projects/privacy/copy_document.html",
            {"copy": copy, "organisation_name": settings.ORGANISATION_NAME},
        )
        archive.writestr("copy.html", page)
        for number, section in enumerate(copy.sections, start=1):
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(section.columns)
            writer.writerows([[csv_safe(cell) for cell in row] for row in section.rows])
            archive.writestr(f"data/{number:02d}-{section.slug}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()

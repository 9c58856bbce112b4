"""Who looked at or changed a person's record.

Views are logged in `RecordView` (ids and a fixed action only). Changes come from
django-simple-history: the person's register entry, their involvement, their
answers, and their account, read as plain lines ("Access needs changed").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from core.privacy import holdings
from projects.models import Person, RecordView
from projects.privacy.subject import Subject, about_q

VERBS = {"+": "added", "~": "changed", "-": "removed"}
# Fields every save touches; a change to only these is not worth a line.
NOISE = {"updated_at", "recorded_at", "entered_at"}


def record_view(*, person: Person, user, action: str) -> None:
    """Note that `user` opened or copied `person`'s record (ids only)."""
    RecordView.objects.create(person=person, user=user, action=action)


def record_views(person: Person) -> QuerySet[RecordView]:
    return RecordView.objects.filter(person=person).select_related("user").order_by("-at", "-pk")


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str


def record_changes(person: Person) -> list[Change]:
    """Every recorded change to what is held about the person, newest first.

    One query per kind of record with a history (a handful), then each copy is
    compared with the one before it in memory, never one query per change.
    """
    subject = Subject.of(person)
    changes: list[Change] = []
    cache: dict = {}
    for holding in holdings().values():
        history = holding.history_model
        if history is None or not holding.about:
            continue
        wanted = about_q(history, holding.about, subject, cache)
        if wanted is None:
            continue
        records = list(
            history.objects.filter(wanted)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        earlier: dict[int, object] = {}
        kind = str(holding.model._meta.verbose_name).capitalize()
        for record in records:
            before = earlier.get(record.id)
            earlier[record.id] = record
            what = f"{kind} {VERBS[record.history_type]}"
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before)
                names = [
                    str(holding.model._meta.get_field(change.field).verbose_name)
                    for change in delta.changes
                    if change.field not in NOISE
                ]
                if not names:
                    continue
                what = f"{what}: {', '.join(names)}"
            who = record.history_user.name if record.history_user else "The system"
            changes.append(Change(record.history_date, who, what))
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes

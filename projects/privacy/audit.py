"""Who looked at or changed a person's record.

Views are logged in `RecordView` (ids and a fixed action only). Changes come from
django-simple-history: the person's register entry, their involvement, their
answers, and their account, read as plain lines ("Access needs changed").

A person on the register with no account acts through their personal link, so
nothing they save has a history user. Whatever is saved inside
`by_personal_link(person_id)` is marked as theirs (the history row's change
reason holds their id, never their name, so erasing them leaves nothing behind),
and the audit reads it as "Rita (by their personal link)", not "The system".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import QuerySet

from core.privacy import holdings
from projects.models import Person, RecordView
from projects.privacy.subject import Subject, about_q

VERBS = {"+": "added", "~": "changed", "-": "removed"}
# Fields every save touches; a change to only these is not worth a line.
NOISE = {"updated_at", "recorded_at", "entered_at"}


BY_PERSONAL_LINK = "by-personal-link:"
SYSTEM = "The system"

_acting_person: ContextVar[int | None] = ContextVar("acting_person", default=None)


@contextmanager
def by_personal_link(person_id: int) -> Iterator[None]:
    """Mark every history row saved inside as done by the person themselves."""
    token = _acting_person.set(person_id)
    try:
        yield
    finally:
        _acting_person.reset(token)


def mark_by_personal_link(sender, history_instance, **kwargs) -> None:
    """simple-history's `pre_create_historical_record`: a row saved with no user
    inside `by_personal_link` gets the person's mark as its change reason."""
    person_id = _acting_person.get()
    if (
        person_id is not None
        and history_instance.history_user_id is None
        and not history_instance.history_change_reason
    ):
        history_instance.history_change_reason = f"{BY_PERSONAL_LINK}{person_id}"


def done_by_person_id(record) -> int | None:
    """The person who saved this history row by their personal link, if one did."""
    reason = record.history_change_reason or ""
    if not reason.startswith(BY_PERSONAL_LINK):
        return None
    try:
        return int(reason.removeprefix(BY_PERSONAL_LINK))
    except ValueError:
        return None


def who_did(record, person: Person | None = None) -> str:
    """Who saved a history row, in words: their account's name; `person` (or
    someone on the register) by their personal link; or the system."""
    if record.history_user is not None:
        return record.history_user.name
    person_id = done_by_person_id(record)
    if person_id is None:
        return SYSTEM
    if person is not None and person.pk == person_id:
        return f"{person.display_name} (by their personal link)"
    return "Someone on the register (by their personal link)"


def record_view(*, person: Person, user, action: str) -> None:
    """Note that `user` opened or copied `person`'s record (ids only); with no
    user inside `by_personal_link`, that the person did it by their link."""
    RecordView.objects.create(
        person=person,
        user=user,
        action=action,
        by_personal_link=user is None and _acting_person.get() == person.pk,
    )


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
            who = who_did(record, person)
            changes.append(Change(record.history_date, who, what))
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes

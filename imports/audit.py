"""The audit trail of an import, in django-simple-history.

Whatever is saved inside `importing(batch, user)` gets the person who confirmed the
import as its history user (the worker has no request to take it from) and a change
reason naming the import and the row of the file ("Import 12, row 214").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from accounts.models import User


@dataclass
class Importing:
    batch_id: int
    user: User
    row: int | None = None


_current: ContextVar[Importing | None] = ContextVar("importing", default=None)


@contextmanager
def importing(*, batch_id: int, user: User) -> Iterator[Importing]:
    token = _current.set(Importing(batch_id=batch_id, user=user))
    try:
        current = _current.get()
        assert current is not None
        yield current
    finally:
        _current.reset(token)


def change_reason(batch_id: int, row: int | None) -> str:
    return f"Import {batch_id}" + (f", row {row}" if row else "")


def mark_imported(sender, history_instance, **kwargs) -> None:
    """simple-history's `pre_create_historical_record`, inside `importing()` only."""
    current = _current.get()
    if current is None:
        return
    if history_instance.history_user_id is None:
        history_instance.history_user = current.user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = change_reason(current.batch_id, current.row)

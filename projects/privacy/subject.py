"""The someone a copy or an erasure is about: a person on the register, their
account, or both."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from accounts.models import User
from projects.models import Person


@dataclass(frozen=True)
class Subject:
    person: Person | None
    user: User | None

    @classmethod
    def of(cls, person: Person) -> Subject:
        return cls(person=person, user=person.user if person.user_id else None)

    @property
    def emails(self) -> set[str]:
        found = set()
        if self.person is not None and self.person.email:
            found.add(self.person.email.lower())
        if self.user is not None and self.user.email:
            found.add(self.user.email.lower())
        return found

    def matches(self, model: type[models.Model]) -> object | None:
        """The subject object a relation to `model` should equal, if any."""
        if model is Person:
            return self.person
        if model is User:
            return self.user
        return None


def final_model(model: type[models.Model], lookup: str) -> type[models.Model]:
    """The model a lookup like `invitation__person` ends at."""
    current = model
    for part in lookup.split("__"):
        if part == "pk":
            return current
        current = current._meta.get_field(part).related_model
    return current


def _history_of(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


def lookup_q(
    model: type[models.Model], lookup: str, subject: Subject, cache: dict | None = None
) -> Q | None:
    """Rows of `model` whose `lookup` reaches the subject, or None if it cannot.

    A lookup through other rows is resolved step by step over the live table
    and its history, so a copy of a row that has since been deleted (an answer
    to a round that was removed) is still found.
    """
    parts = lookup.split("__")
    if len(parts) == 1:
        if lookup == "pk":
            target = subject.matches(_base(model))
            return Q(**{_base(model)._meta.pk.attname: target.pk}) if target else None
        target = subject.matches(model._meta.get_field(lookup).related_model)
        if target is None:
            return None
        return Q(**{model._meta.get_field(lookup).attname: target.pk})
    first, rest = parts[0], "__".join(parts[1:])
    related = model._meta.get_field(first).related_model
    # The ids one step away are the same for a table and its history: ask once.
    cache = {} if cache is None else cache
    key = (related._meta.label, rest)
    if key not in cache:
        ids: set[int] = set()
        for table in (related, _history_of(related)):
            if table is None:
                continue
            inner = lookup_q(table, rest, subject, cache)
            if inner is not None:
                ids |= set(table._default_manager.filter(inner).values_list("id", flat=True))
        cache[key] = ids
    return Q(**{f"{model._meta.get_field(first).attname}__in": cache[key]})


def _base(model: type[models.Model]) -> type[models.Model]:
    """A historical model's original model, or the model itself."""
    return getattr(model, "instance_type", model)


def about_q(
    model: type[models.Model],
    lookups: tuple[str, ...],
    subject: Subject,
    cache: dict | None = None,
) -> Q | None:
    """Rows about the subject through any of `lookups`; None when none applies.
    Pass the same `cache` for one subject to resolve each step only once."""
    found = [q for lookup in lookups if (q := lookup_q(model, lookup, subject, cache)) is not None]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined

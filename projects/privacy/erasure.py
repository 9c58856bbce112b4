"""Erasure: anonymise a person (and their account) for good, keeping totals true.

What they told us and what identifies them is written over or deleted, in the
live tables and in every historical copy django-simple-history made of them.
What the organisation's figures count (that someone took part, for how long,
what was paid, how they rated the principles, whether they confirmed a rung)
stays, linked to the same register entry, now called "Erased person 123", so
counts of people, hours and money are the same before and after.

The `Erasure` row records who did it, when and why, with counts of what was
changed and nothing that was erased.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q

from accounts.models import User
from core.privacy import Holding, holdings
from projects.models import Activity, Erasure, Person
from projects.privacy.export import rows_about
from projects.privacy.subject import Subject

MENTIONS_SHOWN = 20


class AlreadyErased(Exception):
    pass


def _values(holding: Holding, subject: Subject, model: type[models.Model]) -> dict:
    names = {f.name for f in model._meta.concrete_fields}
    values = {
        name: value(subject) if callable(value) else value
        for name, value in holding.erase.items()
        if name in names
    }
    if values and "history_change_reason" in names:
        values["history_change_reason"] = None
    return values


def _erase(subject: Subject) -> dict[str, int]:
    counts: dict[str, int] = {}
    cache: dict = {}  # ids are resolved before anything is changed, and reused
    for holding in holdings().values():
        if not (holding.about or holding.find):
            continue
        tables = [holding.model]
        if holding.history_model is not None:
            tables.append(holding.history_model)
        for table in tables:
            rows = rows_about(holding, subject, table, cache)
            if rows.query.is_empty():  # no way from this table to the subject
                continue
            if holding.delete_on_erase:
                changed = rows.delete()[0]
            else:
                values = _values(holding, subject, table)
                changed = rows.update(**values) if values else 0
            if changed:
                counts[table._meta.label] = changed
    if subject.user is not None:
        # Nobody can sign in as an erased account, whatever its password was.
        User.objects.filter(pk=subject.user.pk).update(password=make_password(None))
    return counts


def person_erase(*, person: Person, by: User | None, reason: str, reference: str = "") -> Erasure:
    """Anonymise `person` and their account, if any. Irreversible.

    Raises AlreadyErased if someone got there first (the row is locked, so two
    admins pressing the button at once erase once).
    """
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        )
        if Erasure.objects.filter(person=person).exists():
            raise AlreadyErased
        subject = Subject.of(person)
        account = subject.user
        if account is not None and Erasure.objects.filter(account=account).exists():
            account = None  # erased on its own before; the person is erased now
        counts = _erase(subject)
        return Erasure.objects.create(
            person=person,
            account=account,
            erased_by=by,
            reason=reason,
            reference=reference,
            scrubbed=counts,
        )


def account_erase(*, user: User, by: User | None, reason: str, reference: str = "") -> Erasure:
    """Anonymise an account that has no place on the register (a closed staff
    account, say). Its work stays, credited to "Erased account"."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if Erasure.objects.filter(account=user).exists():
            raise AlreadyErased
        counts = _erase(Subject(person=None, user=user))
        return Erasure.objects.create(
            account=user, erased_by=by, reason=reason, reference=reference, scrubbed=counts
        )


def is_erased(person: Person) -> bool:
    return Erasure.objects.filter(person=person).exists()


def mentions(person: Person) -> list[Activity]:
    """Activities whose own words mention the person by name, email or phone.

    Staff write these about the work; erasure does not guess at them (a first
    name matches other words), so the page lists them to be checked by hand.
    """
    needles = [n for n in (person.display_name, person.email, person.phone) if len(n) >= 3]
    if not needles:
        return []
    wanted = Q()
    for needle in needles:
        wanted |= (
            Q(title__icontains=needle)
            | Q(description__icontains=needle)
            | Q(what_changed__icontains=needle)
        )
    return list(
        Activity.objects.filter(wanted).select_related("project").order_by("-date")[:MENTIONS_SHOWN]
    )

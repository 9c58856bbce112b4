"""Where personal data lives, field by field: the map behind export and erasure.

Every model that points at a person on the register or at an account (found by
walking the models, historical copies included) has a `Holding` here. It says
how its rows belong to someone, which fields a subject access copy shows, which
it leaves out and why, and what erasure writes over. `tests/projects/
test_privacy_registry.py` fails when a model or a field is not classified, so a
new personal field cannot slip past the copy or the erasure unnoticed.

Each app declares its own models in a `privacy.py` module (found by
`autodiscover_modules`, as Django's admin finds `admin.py`), so the registry
imports no app: the apps register into it. The export, erasure and retention
that read it live in `projects.privacy`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules

# Whose data is looked for: a `projects.privacy.subject.Subject`, named loosely
# here so that the registry imports no app.
type Subject = Any

# Reasons shared by many fields.
ID = "a number the database uses to tell records apart"
LINK = "the link from this record to you"
NOT_ABOUT_PEOPLE = "about the work or the organisation, not about a person"
HISTORY_FIELDS = {
    "history_id": ID,
    "history_date": "shown as when the change was made",
    "history_type": "shown as added, changed or removed",
    "history_user": "shown as who made the change",
    "history_change_reason": "not used by this product; always empty",
    "history": "links a change to a list to the change it belongs to",
    "m2m_history_id": ID,
}


@dataclass(frozen=True)
class Holding:
    """One model's personal data.

    - `about`: lookups from a row to a Person or an account, for rows that are
      about that person (their details, their taking part, their answers).
    - `actor`: foreign keys naming the account that did or recorded something;
      the row is about something else (an activity they logged).
    - `shown`: what the subject access copy shows of rows about the person, as
      field names or lookups (`activity__title`); `actor_shown` likewise for rows
      they wrote as the actor.
    - `hidden`: fields left out of the copy, each with the reason.
    - `other`: fields about the work, not about any person.
    - `erase`: field -> the value erasure writes over it (a callable gets the
      subject); everything else on the row is kept, because totals count it.
      `delete_on_erase` removes the rows instead. Typed text that is shown but
      deliberately not erased is listed in `kept_text` with the reason.
    - `find`: for models with no foreign key to follow (sign-in logs keyed by
      email), a function returning the rows about a subject.
    """

    label: str
    title: str
    about: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    actor_shown: tuple[str, ...] = ()
    hidden: Mapping[str, str] = field(default_factory=dict)
    other: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    erase: Mapping[str, Any] = field(default_factory=dict)
    kept_text: Mapping[str, str] = field(default_factory=dict)
    delete_on_erase: bool = False
    kept: str = ""
    find: Callable[[Subject], models.QuerySet] | None = None
    custom_erase: Callable[[Subject], int] | None = None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def history_model(self) -> type[models.Model] | None:
        manager = getattr(self.model, "history", None)
        return manager.model if manager is not None and hasattr(manager, "model") else None

    def classified(self) -> set[str]:
        """Every field name this holding accounts for."""
        names = set(self.hidden) | set(self.other)
        for lookup in (*self.about, *self.actor, *self.shown, *self.actor_shown):
            names.add(lookup.split("__")[0])
        if "pk" in names:
            names.discard("pk")
            names.add(self.model._meta.pk.name)
        return names


_HOLDINGS: dict[str, Holding] = {}
_discovered = False


def register(*holdings: Holding) -> None:
    for holding in holdings:
        if holding.label in _HOLDINGS:
            raise ValueError(f"{holding.label} is already registered")
        _HOLDINGS[holding.label] = holding


def holdings() -> dict[str, Holding]:
    """Every app's holdings, by model label (`app.Model`)."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("privacy")
    # A holding for a model this build does not have (the email queue and
    # peer-review reports arrive in other branches) waits until the model does.
    return {label: h for label, h in _HOLDINGS.items() if _installed(label)}


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def holdings_about_people() -> list[Holding]:
    return [h for h in holdings().values() if h.about or h.find]


# Retention steps owned by other apps (their free text), run by `retention_apply`.
RetentionStep = Callable[[Any], int]
_RETENTION_STEPS: dict[str, RetentionStep] = {}


def register_retention_step(name: str, step: RetentionStep) -> None:
    """`step(now)` clears what is past its period and returns how many rows changed."""
    _RETENTION_STEPS[name] = step


def retention_steps() -> dict[str, RetentionStep]:
    holdings()  # the steps are registered by the same privacy.py modules
    return _RETENTION_STEPS

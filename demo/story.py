"""The thread through the demo: `Story` and what every part shares.

`begin` makes a `Story` (the seed, "today" and everything made so far). Each
part of the story is a `create_*` function in its own module (`organisation`,
`people`, `work`, `involvement`) that adds to the database and records what it
made on the story, so a later part can build on it. The
management command `demo_data` calls them in order, inside one transaction.

Everything random comes from `story.rng`, and every date is counted back from
`story.today`, so a seed always tells the same story.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from accounts.models import User
from demo.cast import PersonSpec
from demo.storylines import Storyline
from projects.models import Activity, Involvement, Person, Project, RateCard, Service


@dataclass
class Story:
    rng: random.Random
    today: datetime.date
    users: dict[str, User] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    division_of: dict[str, str] = field(default_factory=dict)  # service key -> division
    rate_cards: list[RateCard] = field(default_factory=list)  # oldest first
    people: dict[str, Person] = field(default_factory=dict)
    person_specs: dict[str, PersonSpec] = field(default_factory=dict)
    joined: dict[str, datetime.date] = field(default_factory=dict)  # first on the register
    keenness: dict[str, float] = field(default_factory=dict)  # how often someone takes part
    charity: dict[str, str] = field(default_factory=dict)  # where a donated fee goes
    habit: dict[str, str] = field(default_factory=dict)  # usual payment choice
    projects: dict[str, Project] = field(default_factory=dict)
    storylines: dict[str, Storyline] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)  # oldest first
    involvements: list[Involvement] = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        """The first day of the two years the story covers."""
        return self.day(730)

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time during the working day on `day`."""
        at = datetime.time(self.rng.randint(9, 16), self.rng.choice([0, 15, 30, 45]))
        return timezone.make_aware(datetime.datetime.combine(day, at))

    def card_on(self, day: datetime.date) -> RateCard:
        return [card for card in self.rate_cards if card.starts_on <= day][-1]


def begin(*, seed: int, today: datetime.date) -> Story:
    return Story(rng=random.Random(seed), today=today)


def stamp(objs: Iterable[models.Model], *, when: datetime.datetime, by: User | None = None) -> None:
    """Date the history rows that bulk creation writes, so the audit trail reads
    as if each record was made at the time."""
    for obj in objs:
        obj._history_date = when  # type: ignore[attr-defined]
        if by is not None:
            obj._history_user = by  # type: ignore[attr-defined]


def backdate(model: type[models.Model], objs: Sequence[models.Model], field_name: str) -> None:
    """Put back a date that `auto_now_add` overwrote on insert (bulk_update does
    not run it)."""
    for obj in objs:
        setattr(obj, field_name, obj._history_date)  # type: ignore[attr-defined]
    model._default_manager.bulk_update(objs, [field_name], batch_size=200)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]

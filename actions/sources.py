"""What can raise an action: a registry of source kinds.

An action remembers what raised it (a REIS finding, a peer-review
recommendation, a principles round, and later a PDSA cycle or an Always Event)
through a generic foreign key, so `actions` never imports the apps above it.
Each of those apps describes its source kind here instead, in a module named
`action_sources.py` (found by `autodiscover_modules`, as `core.privacy` finds
`privacy.py`):

    # improvement/action_sources.py
    from actions.sources import SourceKind, register

    register(
        SourceKind(
            slug="pdsa",
            model="improvement.Cycle",
            label="PDSA cycle",
            title=lambda cycle: f"Act step of cycle {cycle.number}",
            url=lambda cycle: reverse("improvement:cycle_detail", args=[cycle.pk]),
            get_for=get_cycle_for,  # the app's own access helper (404 / 403)
            services=lambda cycle: [cycle.event.service],
        )
    )

and raises actions with `actions.services.action_raise(source=cycle, ...)`, or
links to `actions:raise` (`/actions/new/pdsa/<pk>/`) for a person to write one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class SourceKind:
    """One kind of thing that raises actions.

    - `slug`: its part of the `actions:raise` URL.
    - `model`: its model label (`app.Model`).
    - `label`: what it is called in lists ("REIS finding").
    - `title(obj)`: the words that name one of them in a list ("Everyday space, 12 May 2026").
    - `url(obj)`: the page the action links back to.
    - `get_for(user, pk)`: the source app's access helper for raising an action
      from it: the object, or Http404 for someone who may not see it and
      PermissionDenied for someone who may see it but not act on it.
    - `services(obj)`: the services an action raised from it may belong to
      (first is the default; empty for a charity-wide source).
    - `related`: `select_related` paths `title` and `url` need, so a list of
      actions loads each kind's sources in one query.
    """

    slug: str
    model: str
    label: str
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    get_for: Callable[[Any, int], Any]
    services: Callable[[Any], Iterable[Any]]
    related: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_KINDS: dict[str, SourceKind] = {}
_discovered = False


def register(*kinds: SourceKind) -> None:
    for kind in kinds:
        if kind.slug in _KINDS and _KINDS[kind.slug] != kind:
            raise ValueError(f"action source {kind.slug} is already registered")
        _KINDS[kind.slug] = kind


def kinds() -> dict[str, SourceKind]:
    """Every source kind, by slug."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("action_sources")
    return dict(_KINDS)


def kind_for_model(model: type[models.Model]) -> SourceKind | None:
    label = model._meta.label
    return next((kind for kind in kinds().values() if kind.model == label), None)


@dataclass(frozen=True)
class SourceLink:
    label: str
    title: str
    url: str


def links_for(actions: Iterable[Any]) -> dict[int, SourceLink]:
    """What raised each action, by action id: one query per kind of source in
    the list, however long it is. An action whose source is gone has no link."""
    wanted: dict[int, set[int]] = {}
    types: dict[int, Any] = {}
    actions = list(actions)
    for action in actions:
        if action.source_type_id is not None:
            wanted.setdefault(action.source_type_id, set()).add(action.source_id)
            # Loaded with the actions (`select_related("source_type")`).
            types[action.source_type_id] = action.source_type
    loaded: dict[tuple[int, int], tuple[SourceKind, Any]] = {}
    for type_id, ids in wanted.items():
        model = types[type_id].model_class()
        kind = kind_for_model(model) if model else None
        if kind is None or model is None:
            continue
        for pk, obj in model._default_manager.select_related(*kind.related).in_bulk(ids).items():
            loaded[(type_id, pk)] = (kind, obj)
    links = {}
    for action in actions:
        found = loaded.get((action.source_type_id, action.source_id))
        if found:
            kind, obj = found
            links[action.pk] = SourceLink(kind.label, kind.title(obj), kind.url(obj))
    return links

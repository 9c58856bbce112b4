"""The map of personal data is complete: every model that points at a person or
an account, and every field on it, is classified for the copy and for erasure.

The models are found by walking the app registry (historical copies and
many-to-many tables included), so a new model or a new field on one fails here
until someone decides whether it goes in the subject access copy and what
erasure does to it.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from accounts.models import User
from core.privacy import HISTORY_FIELDS, Holding, holdings
from projects.models import Person
from projects.privacy.subject import final_model

SUBJECTS = (Person, User)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def base_of(model: type[models.Model]) -> type[models.Model]:
    return getattr(model, "instance_type", model)


def is_historical(model: type[models.Model]) -> bool:
    return base_of(model) is not model


def all_models() -> list[type[models.Model]]:
    return list(apps.get_models(include_auto_created=True))


def points_at(model: type[models.Model], targets: set) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in targets and f.name not in HISTORY_FIELDS
    ]


def holds_contact_details(model: type[models.Model]) -> bool:
    return any(
        isinstance(f, models.EmailField | models.GenericIPAddressField)
        for f in model._meta.concrete_fields
    )


def models_needing_a_holding() -> set[type[models.Model]]:
    """Models that point at a person or account (directly, through a record that
    is about someone, or as the historical copy's author), or hold an email or
    network address, and the sessions table."""
    found: set[type[models.Model]] = set()
    for model in all_models():
        base = base_of(model)
        pointers = [f for f in model._meta.concrete_fields if f.is_relation]
        if any(f.related_model in SUBJECTS for f in pointers) or holds_contact_details(model):
            found.add(base)
    # Records that hang off a record about someone are about them too.
    about_people = {holding.model for holding in holdings().values() if holding.about}
    for model in all_models():
        if points_at(model, about_people - {User, Person}):
            found.add(base_of(model))
    found.add(apps.get_model("sessions.Session"))
    return found


def test_it_walks_the_models_it_should():
    # Guards the walk itself: if it found nothing, every check below would pass.
    found = {m._meta.label for m in models_needing_a_holding()}
    assert {
        "projects.Person",
        "projects.Involvement",
        "projects.EqualityMonitoring",
        "accounts.User",
        "ladder.Response",
        "principles.Answer",
        "principles.Response",
        "axes.AccessLog",
        "projects.Service_members",
        "projects.RateCard",  # only through its history's author
    } <= found


def test_every_model_holding_personal_data_has_a_holding():
    missing = sorted(
        m._meta.label for m in models_needing_a_holding() if m._meta.label not in holdings()
    )
    assert not missing, f"Add these to a privacy.py Holding: {missing}"


@pytest.mark.parametrize("label", sorted(holdings()))
def test_every_field_is_shown_or_left_out_for_a_reason(label):
    holding: Holding = holdings()[label]
    fields = {f.name for f in holding.model._meta.concrete_fields}
    classified = holding.classified()
    assert not fields - classified, f"{label}: classify {sorted(fields - classified)}"
    assert not classified - fields, f"{label}: no such field {sorted(classified - fields)}"
    assert all(holding.hidden.values()), f"{label}: every hidden field needs its reason"


@pytest.mark.parametrize("label", sorted(holdings()))
def test_every_link_to_a_person_or_account_says_how_it_is_used(label):
    holding = holdings()[label]
    links = set(points_at(holding.model, set(SUBJECTS)))
    declared = {lookup.split("__")[0] for lookup in (*holding.about, *holding.actor)}
    assert links <= declared, f"{label}: say whether {sorted(links - declared)} is about or actor"
    for lookup in (*holding.about, *holding.actor):
        assert final_model(holding.model, lookup) in SUBJECTS, f"{label}: {lookup}"


@pytest.mark.parametrize("label", sorted(holdings()))
def test_historical_copies_hold_nothing_the_holding_does_not_cover(label):
    holding = holdings()[label]
    history = holding.history_model
    if history is None:
        return
    extra = {f.name for f in history._meta.concrete_fields} - {
        f.name for f in holding.model._meta.concrete_fields
    }
    assert extra <= set(HISTORY_FIELDS), f"{history._meta.label}: classify {extra}"


@pytest.mark.parametrize("label", sorted(holdings()))
def test_erasure_covers_every_typed_text_it_shows(label):
    """Free text and contact details about someone are written over (or the row
    deleted); choices and numbers stay, because totals count them."""
    holding = holdings()[label]
    if not holding.about and not holding.find:
        return
    for lookup in holding.shown:
        if "__" in lookup:
            continue  # a field of another record, covered by that record's holding
        field = holding.model._meta.get_field(lookup)
        typed = isinstance(field, TEXT_FIELDS) and not field.choices
        if typed and not holding.delete_on_erase:
            assert lookup in holding.erase or lookup in holding.kept_text, (
                f"{label}.{lookup}: erase it, or say in kept_text why it stays"
            )
    for name in holding.erase:
        holding.model._meta.get_field(name)  # raises for a field that does not exist


@pytest.mark.parametrize("label", sorted(holdings()))
def test_every_shown_lookup_resolves(label):
    holding = holdings()[label]
    for lookup in (*holding.shown, *holding.actor_shown):
        final_model(holding.model, lookup.rsplit("__", 1)[0]) if "__" in lookup else None
        holding.model._default_manager.values(lookup).query  # noqa: B018 - builds, not runs

"""Every form in the product, fed anything: it is valid or it has field errors.

The forms are found by importing the forms modules, so a new form is fuzzed
without anyone listing it. Each gets a dictionary of arbitrary data over its own
field names (a date's three boxes included) and a few stray keys, with text full
of markup, control characters and odd Unicode, `None`s and lists. `is_valid()`
must never raise: an exception here is a 500 for whoever typed that.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import projects.forms
from accounts.models import User
from coprod.forms import DateField
from principles.services import invitees_for
from principles.texts import CODES, PRINCIPLE_TEXTS
from projects.models import Person
from tests.factories import MetricFactory, PlanFactory, StandardFactory

pytestmark = pytest.mark.django_db

MODULES = [
    "accounts.forms",
    "dashboard.reports.forms",
    "ladder.forms",
    "principles.forms",
    "dashboard.forms_reviews",
    *(f"projects.forms.{module.name}" for module in pkgutil.iter_modules(projects.forms.__path__)),
]


class DateOnlyForm(forms.Form):
    """The three-box date on its own, required and not."""

    date = DateField()
    optional_date = DateField(required=False)


def product_forms() -> dict[str, type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {"coprod.forms.DateField": DateOnlyForm}
    for name in MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__name__}"] = value
    return found


FORMS = product_forms()

# What each constructor needs, by argument name, built from the world.
ARGUMENTS: dict[str, Callable[[dict], Any]] = {
    "user": lambda world: world["staff"],
    # The sign-in form checks lockouts, which need the request.
    "request": lambda world: RequestFactory().post("/accounts/sign-in/"),
    "project": lambda world: world["project"],
    "by": lambda world: world["staff"],
    "people": lambda world: Person.objects.all(),
    "person": lambda world: world["person"],
    "staff": lambda world: User.objects.all(),
    "choosing": lambda world: True,
    "invitees": lambda world: invitees_for(world["project"]),
    "text": lambda world: PRINCIPLE_TEXTS[CODES[0]],
    "plan": lambda world: PlanFactory(service=world["service"]),
    "metric": lambda world: MetricFactory(plan=PlanFactory(service=world["service"])),
    "standards": lambda world: StandardFactory.create_batch(
        2, plan=PlanFactory(service=world["other_service"])
    ),
    "slots": lambda world: 3,
    "step": lambda world: "going-well",
    "candidates": lambda world: [world["other_staff"], world["governance"]],
    "today": lambda world: datetime.date(2026, 11, 23),
    "can_email": lambda world: True,
}


def constructor_arguments(form_class: type[forms.BaseForm], world: dict) -> dict[str, Any]:
    """Keyword arguments for everything the form's constructor requires."""
    needed = {}
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass):
            continue
        for parameter in inspect.signature(klass.__init__).parameters.values():
            is_required = parameter.default is inspect.Parameter.empty and parameter.kind in (
                inspect.Parameter.KEYWORD_ONLY,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
            )
            if parameter.name in {"self", "data", "files"}:
                continue
            if not is_required and parameter.name != "request":
                continue
            assert parameter.name in ARGUMENTS, (
                f"{form_class.__name__} needs `{parameter.name}`: add a builder to ARGUMENTS"
            )
            needed.setdefault(parameter.name, ARGUMENTS[parameter.name](world))
        # Django's own forms (auth) stop the walk: their arguments are covered above.
        if klass.__module__.startswith("django."):
            break
    return needed


def data_keys(form: forms.BaseForm) -> list[str]:
    """The names a browser would post for the form: a date's three boxes, not one."""
    keys = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            keys += [form.add_prefix(name) + suffix for suffix in widget.widgets_names]
        else:
            keys.append(form.add_prefix(name))
    return keys


HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(
        alphabet=st.sampled_from(
            [*"<>\"'&;/\\=:-.,0123456789 \t\n£%", "\x00", "\x01", "\x08", "\u202e", "\u0301"]
        ),
        max_size=30,
    ),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e400",
            "NaN",
            "Infinity",
            "9" * 40,
            "31",
            "2026",
            "Feb",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "'; DROP TABLE x; --",
            "x" * 5000,
            "\x00",
            "on",
            "true",
            "yes",
            "save",
        ]
    ),
)
VALUE = st.one_of(st.none(), HOSTILE_TEXT, st.lists(HOSTILE_TEXT, max_size=3))


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_any_input_gives_a_result_or_field_errors(world, form_name):
    form_class = FORMS[form_name]
    arguments = constructor_arguments(form_class, world)
    keys = data_keys(form_class(**arguments))
    stray = ["unexpected", "csrfmiddlewaretoken", "action"]

    @settings(
        max_examples=50,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        database=None,  # Examples are not kept in the shared working tree.
    )
    @given(data=st.dictionaries(st.sampled_from(keys + stray), VALUE))
    def check(data: dict[str, Any]) -> None:
        form = form_class(data=data, **arguments)
        # A savepoint: a database error must not poison the examples after it.
        with transaction.atomic():
            valid = form.is_valid()
        assert valid or form.errors, "invalid with no errors to show"

    check()


def test_it_finds_the_forms_people_fill_in():
    names = {name.rsplit(".", 1)[-1] for name in FORMS}
    assert {
        "ProjectForm",
        "PersonForm",
        "ActivityForm",
        "ParticipantForm",
        "ClassifyForm",
        "AnswerForm",
        "UserInviteForm",
        "LoginForm",
    } <= names

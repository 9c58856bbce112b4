"""Every form in the product, fed anything: it is valid or it has field errors.

The forms are found by importing the forms modules, so a new form is fuzzed
without anyone listing it. Each gets a dictionary of arbitrary data over its own
field names (a date's three boxes included) and a few stray keys, with text full
of markup, control characters and odd Unicode, `None`s and lists. `is_valid()`
must never raise: an exception here is a 500 for whoever typed that.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.product_forms import FORMS, constructor_arguments

pytestmark = pytest.mark.django_db


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

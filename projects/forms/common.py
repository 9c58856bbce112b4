"""Pieces shared by this app's multi-part forms."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.forms.utils import ErrorDict

FIELDS_TEMPLATE = "projects/_participant_fields.html"


class Redrawable:
    """A form that can be shown again, keeping what was typed, without errors.

    "Add another person" and "Find someone" redraw the page: nobody has
    finished yet, so complaining about empty boxes would only get in the way.
    """

    redraw = False

    def full_clean(self) -> None:
        if self.redraw:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()  # type: ignore[misc]


def quiet_helper(*layout: Any) -> FormHelper:
    """Fields only: the page owns the <form>, the buttons and the one error summary."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = FIELDS_TEMPLATE
    if layout:
        helper.layout = Layout(*layout)
    return helper

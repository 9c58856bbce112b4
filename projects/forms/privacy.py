from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from django import forms

from nhsuk.forms import RadioSelect, Submit
from projects.models import Erasure, Person

CHOSEN_BY_PEOPLE = [
    Erasure.Reason.REQUEST,
    Erasure.Reason.CONSENT_WITHDRAWN,
    Erasure.Reason.OTHER,
]


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


class ErasureForm(forms.Form):
    """Why a person is erased, and a typed confirmation that this is the right person.

    The case reference is kept for good, so it must not hold what is being erased.
    """

    reason = forms.ChoiceField(
        label="Why are you erasing their details?",
        choices=[(reason.value, reason.label) for reason in CHOSEN_BY_PEOPLE],
        widget=RadioSelect(),
        error_messages={"required": "Choose why you are erasing their details"},
    )
    reference = forms.CharField(
        label="Case reference (optional)",
        help_text="Your own reference for the request, such as DSR-2026-014. "
        "Do not include their name or contact details: this is kept.",
        required=False,
        max_length=40,
        error_messages={"max_length": "Case reference must be 40 characters or fewer"},
    )
    confirm_name = forms.CharField(
        label="To confirm, type their name as it is shown on this page",
        max_length=200,
        error_messages={
            "required": "Type their name to confirm",
            "max_length": "Type their name as it is shown on this page",
        },
    )

    def __init__(self, *args, person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.helper = FormHelper()
        self.helper.add_input(Submit("Erase their details for good", variant="warning"))

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if "\x00" in reference:
            raise forms.ValidationError("Case reference must be letters, numbers and dashes")
        plain = _plain(reference)
        for detail in (self.person.display_name, self.person.email, self.person.phone):
            detail = _plain(detail)
            if len(detail) >= 2 and re.search(rf"(?<!\w){re.escape(detail)}(?!\w)", plain):
                raise forms.ValidationError(
                    "Case reference must not include their name or contact details"
                )
        return reference

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if _plain(typed) != _plain(self.person.display_name):
            raise forms.ValidationError(
                f"Type their name exactly as shown: {self.person.display_name}"
            )
        return typed

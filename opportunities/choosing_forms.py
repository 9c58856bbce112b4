"""Forms for choosing people and for answers to invitations: staff tick who to
choose and record an answer for someone; a person answers by their personal link."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from nhsuk.forms import NHSField, RadioSelect, Submit
from opportunities.models import Interest, Reply


class PersonReplyForm(forms.Form):
    reply = forms.ChoiceField(widget=RadioSelect())

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reply"]
        field.label = texts["reply_label"]
        field.choices = [(Reply.ACCEPTED, texts["accept"]), (Reply.DECLINED, texts["decline"])]
        field.error_messages = {
            "required": texts["reply_error"],
            "invalid_choice": texts["reply_error"],
        }
        self.helper = FormHelper()
        self.helper.layout = Layout(NHSField("reply"))
        self.helper.add_input(Submit(texts["reply_save"]))


class ShortlistForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the people listed"},
    )

    def __init__(self, *args, interests: list[Interest], places: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        self.fields["chosen"].choices = [(str(i.pk), i.person.display_name) for i in interests]

    def clean_chosen(self) -> set[int]:
        chosen = {int(pk) for pk in self.cleaned_data["chosen"]}
        if len(chosen) > self.places:
            raise forms.ValidationError(
                f"Choose no more than {self.places} "
                f"{'person' if self.places == 1 else 'people'}: there "
                f"{'is 1 place' if self.places == 1 else f'are {self.places} places'}"
            )
        return chosen


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Their answer",
        choices=Reply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they accepted or declined"},
    )

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.utils import timezone

from nhsuk.forms import CheckboxSelectMultiple, DateField, NHSField, RadioSelect, Submit, Textarea
from principles.models import EnteredFrom, Perspective
from principles.services import Invitee
from principles.texts import CODES, PrincipleText, scale_label

DONT_KNOW = "dont_know"


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        help_text="For example, “Start of the project” or “Six months in”.",
        max_length=100,
        error_messages={"required": "Enter a name for the round"},
    )
    opens_on = DateField(
        label="Opens on",
        help_text="For example, 1 3 2026",
        error_messages={"required": "Enter the date the round opens"},
    )
    closes_on = DateField(
        label="Closes on",
        help_text="People can answer, and change their answers, until the end of this day.",
        error_messages={"required": "Enter the date the round closes"},
    )
    invitees = forms.MultipleChoiceField(
        label="Who should we ask?",
        help_text="Project members and people who took part in its activities.",
        error_messages={"required": "Choose at least one person to ask"},
    )

    def __init__(self, *args: Any, invitees: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitee_by_key = {invitee.key: invitee for invitee in invitees}
        field = self.fields["invitees"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(invitee.key, invitee.name) for invitee in invitees]
        field.widget = CheckboxSelectMultiple(
            choices=field.choices,
            choice_hints={invitee.key: invitee.hint for invitee in invitees},
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            NHSField("name", size="s"),
            NHSField("opens_on", size="s"),
            NHSField("closes_on", size="s"),
            NHSField("invitees", size="m"),
        )
        self.helper.add_input(Submit("Open the round"))

    def clean_closes_on(self) -> Any:
        closes_on = self.cleaned_data.get("closes_on")
        if closes_on and closes_on < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or in the future")
        return closes_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return cleaned

    def chosen(self) -> list[Invitee]:
        return [self.invitee_by_key[key] for key in self.cleaned_data["invitees"]]


PERSPECTIVE_HINTS = {
    Perspective.LIVED_EXPERIENCE: "You use, or have used, the service.",
    Perspective.CARER: "You care for or support someone who uses the service.",
    Perspective.STAFF: "You work or volunteer for the service.",
}
PERSPECTIVE_LABELS = {
    Perspective.LIVED_EXPERIENCE: "I have lived experience",
    Perspective.CARER: "I am a carer or partner in care",
    Perspective.STAFF: "I am staff",
}
# The same, for a member of staff typing in someone else's answers.
THEIR_ANONYMITY_HINT = (
    "Their answers are never shown with their name. Tick this to also hide whether they "
    "have answered."
)
THEIR_PERSPECTIVE_HINTS = {
    Perspective.LIVED_EXPERIENCE: "They use, or have used, the service.",
    Perspective.CARER: "They care for or support someone who uses the service.",
    Perspective.STAFF: "They work or volunteer for the service.",
}
THEIR_PERSPECTIVE_LABELS = {
    Perspective.LIVED_EXPERIENCE: "They have lived experience",
    Perspective.CARER: "They are a carer or partner in care",
    Perspective.STAFF: "They are staff",
}


class PerspectiveForm(forms.Form):
    perspective = forms.ChoiceField(
        label="Which of these best describes you?",
        help_text="We compare how people with lived experience and staff rate the project.",
        choices=[(value, PERSPECTIVE_LABELS[value]) for value in Perspective],
        widget=RadioSelect(choice_hints=PERSPECTIVE_HINTS),
        error_messages={"required": "Choose the answer that best describes you"},
    )
    anonymous_to_team = forms.BooleanField(
        label="Do not show my name to the project team",
        help_text="Your answers are never shown with your name. Tick this to also hide "
        "whether you have answered.",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            NHSField("perspective", size="l", heading=True),
            NHSField("anonymous_to_team"),
        )
        self.helper.add_input(Submit("Continue"))


class OnBehalfPerspectiveForm(PerspectiveForm):
    """About the person, and how their answers reached the member of staff typing them."""

    entered_from = forms.ChoiceField(
        label="How did they give you their answers?",
        choices=EnteredFrom.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose how they gave you their answers"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Staff are typing: the questions are about the person, not about them.
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ChoiceField)
        perspective.label = "Which of these best describes them?"
        perspective.error_messages["required"] = "Choose the answer that best describes them"
        perspective.choices = [(value, THEIR_PERSPECTIVE_LABELS[value]) for value in Perspective]
        perspective.widget.choice_hints = {str(k): v for k, v in THEIR_PERSPECTIVE_HINTS.items()}
        anonymous = self.fields["anonymous_to_team"]
        anonymous.label = "They asked us not to show their name to the project team"
        anonymous.help_text = THEIR_ANONYMITY_HINT
        self.helper.layout = Layout(
            NHSField("entered_from", size="m", heading=True),
            NHSField("perspective", size="m", heading=True),
            NHSField("anonymous_to_team"),
        )


class AnswerForm(forms.Form):
    """One principle's question: a point on the scale or "don't know", and a comment."""

    score = forms.ChoiceField(
        error_messages={"required": "Choose a number from 1 to 5, or Don't know"}
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        help_text="What happened, in your own words. Do not write anyone's name.",
        required=False,
        max_length=1000,
        widget=Textarea(),
        error_messages={"max_length": "Your comment must be 1,000 characters or fewer"},
    )

    def __init__(self, *args: Any, text: PrincipleText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = CODES.index(text.code) + 1
        field = self.fields["score"]
        assert isinstance(field, forms.ChoiceField)
        field.label = text.question
        field.help_text = text.description
        field.choices = [
            *((str(point), scale_label(point)) for point in range(1, 6)),
            (DONT_KNOW, "Don't know"),
        ]
        field.widget = RadioSelect(
            choices=field.choices,
            choice_hints={str(point): meaning for point, meaning in text.scale.items()},
            dividers={DONT_KNOW: "or"},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            NHSField(
                "score",
                size="l",
                heading=True,
                caption=f"Question {number} of {len(CODES)}: {text.name}",
            ),
            HTML('{% include "principles/_easy_read.html" %}'),
            NHSField("comment", size="s"),
        )
        self.helper.add_input(Submit("Continue"))

    def chosen_score(self) -> int | None:
        value = self.cleaned_data["score"]
        return None if value == DONT_KNOW else int(value)


class NewLinkForm(forms.Form):
    """How a lead gives someone their new personal link."""

    SHOW = "show"
    EMAIL = "email"

    how = forms.ChoiceField(
        label="How will you give them the new link?",
        widget=RadioSelect(
            choice_hints={
                SHOW: "We show it once, with a QR code, to print, read out or send yourself.",
                EMAIL: "We email it to them. You will not see it.",
            }
        ),
        error_messages={
            "required": "Choose how you will give them the link",
            "invalid_choice": "Choose how you will give them the link",
        },
    )

    def __init__(self, *args: Any, can_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(self.SHOW, "Show me the link")]
        if can_email:
            choices.append((self.EMAIL, "Email it to them"))
        field = self.fields["how"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.widget.choices = choices
        if not can_email:
            # Nothing to choose: the page says the link will be shown.
            field.widget = forms.HiddenInput()
            field.initial = self.SHOW
        self.helper = FormHelper()
        self.helper.layout = Layout(NHSField("how", size="m"))
        self.helper.add_input(Submit("Make a new link"))

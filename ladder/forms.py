from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms

from ladder.models import Response
from ladder.questions import QUESTION_KEYS, QUESTIONS, Answer, Label, suggest_rung
from ladder.texts import RUNG_TEXTS
from nhsuk.forms import NHSField, RadioSelect, Submit, Textarea
from projects.models import Person, Project
from projects.rungs import Rung

SUGGEST = "suggest"
SAVE = "save"

RUNG_HINTS = {rung: text.description for rung, text in RUNG_TEXTS.items()}
# Highest rung first, as the ladder is drawn.
RUNGS_TOP_DOWN = [(rung.value, rung.label) for rung in reversed(Rung)]


class ClassifyForm(forms.Form):
    """The evidence questions, then (once a rung is suggested) the rung chosen.

    `choosing` says whether the rung and reason are being submitted: when they
    are, a rung other than the suggested one needs a reason.
    """

    label = forms.ChoiceField(
        label="What did you call this activity?",
        help_text="The word used when inviting people or writing it up.",
        choices=Label.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose what you called this activity"},
    )
    chosen_rung = forms.TypedChoiceField(
        label="Which rung is it on?",
        help_text="We have picked the suggested rung. Choose another if it fits better.",
        choices=RUNGS_TOP_DOWN,
        coerce=int,
        required=False,
        widget=RadioSelect(choice_hints=RUNG_HINTS),
    )
    reason = forms.CharField(
        label="Why this rung?",
        help_text="Needed if you choose a rung other than the suggested one.",
        required=False,
        max_length=2000,
        widget=Textarea(),
        error_messages={"max_length": "Why this rung must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, choosing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choosing = choosing
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=Answer.choices,
                widget=RadioSelect(inline=True),
                error_messages={
                    "required": f"Answer “{question.text}” (choose Not sure if you do not know)"
                },
            )
        self.order_fields([*QUESTION_KEYS, "label", "chosen_rung", "reason"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def layout_for(self, *, show_choice: bool) -> FormHelper:
        """The page draws the questions, then the suggestion, then the choice."""
        parts: list[Any] = [NHSField(key, size="s") for key in QUESTION_KEYS]
        parts.append(NHSField("label", size="s"))
        label = "Suggest a rung again" if show_choice else "Suggest a rung"
        parts.append(Submit(label, name="action", value=SUGGEST, variant="secondary"))
        if show_choice:
            parts.append(HTML('{% include "ladder/_suggestion.html" %}'))
            parts.append(NHSField("chosen_rung", size="m"))
            parts.append(NHSField("reason", size="s"))
            parts.append(Submit("Save classification", name="action", value=SAVE))
        self.helper.layout = Layout(*parts)
        return self.helper

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in QUESTION_KEYS}

    def valid_answers(self) -> dict[str, str] | None:
        """The answers, once every question has a valid one; None before that."""
        cleaned = getattr(self, "cleaned_data", {})
        return self.answers() if all(key in cleaned for key in QUESTION_KEYS) else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        answers = self.valid_answers()
        if not self.choosing or answers is None:
            return cleaned
        chosen = cleaned.get("chosen_rung")
        if not chosen:
            self.add_error("chosen_rung", "Choose the rung this activity is on")
            return cleaned
        suggested = suggest_rung(answers)
        if chosen != suggested and not cleaned.get("reason", "").strip():
            if suggested is None:
                message = "The answers do not point to one rung. Write why you chose this one"
            else:
                message = (
                    f"Write why you chose {Rung(chosen).label} "
                    f"when the answers suggest {suggested.label}"
                )
            self.add_error("reason", message)
        return cleaned


class ConfirmForm(forms.Form):
    """One question, for people with lived experience who took part."""

    verdict = forms.ChoiceField(
        label="Is this right?",
        choices=Response.Verdict.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose yes if this is right, or no if you see it differently"},
    )
    reason = forms.CharField(
        label="Tell us why (optional)",
        help_text="What happened, in your own words. You can leave this blank.",
        required=False,
        max_length=2000,
        widget=Textarea(),
        error_messages={"max_length": "Your answer must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(NHSField("verdict", size="l"), NHSField("reason", size="s"))
        self.helper.add_input(Submit("Send my answer"))


class OnBehalfForm(ConfirmForm):
    """What someone who took part told a member of staff, typed in for them."""

    reason = forms.CharField(
        label="Why, in their words (optional)",
        help_text="Write what they told you. You can leave this blank.",
        required=False,
        max_length=2000,
        widget=Textarea(),
        error_messages={"max_length": "Why must be 2,000 characters or fewer"},
    )
    how = forms.ChoiceField(
        label="How did they tell you?",
        choices=Response.How.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose how they told you their answer"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = person.display_name
        self.fields["verdict"].label = f"Does {name} say this is right?"
        self.fields["verdict"].error_messages["required"] = (
            f"Choose yes if {name} says this is right, or no if they see it differently"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            NHSField("verdict", size="m"), NHSField("reason", size="s"), NHSField("how", size="s")
        )
        self.helper.add_input(Submit("Save their answer"))


class TargetForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["target_rung"]
        widgets = {"target_rung": RadioSelect(choice_hints=RUNG_HINTS)}
        labels = {"target_rung": "Which rung should this project reach?"}
        help_texts = {"target_rung": "Where the project's work should be on the ladder by its end."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target_rung"]
        assert isinstance(field, forms.ChoiceField)
        field.required = True
        field.choices = RUNGS_TOP_DOWN
        field.error_messages["required"] = "Choose the rung this project should reach"
        self.helper = FormHelper()
        self.helper.layout = Layout(NHSField("target_rung", size="m"))
        self.helper.add_input(Submit("Save target"))

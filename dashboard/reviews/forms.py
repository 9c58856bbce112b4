"""Forms for peer review: the review, the co-reviewer's questions, owners' answers."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms

from accounts.models import User
from dashboard.models import Recommendation, StandardRating
from dashboard.reviews.writing import Rated
from nhsuk.forms import DateField, Fieldset, NHSField, RadioSelect, Submit, Textarea
from projects.models import Standard

MAX_SLOTS = 20

RATING_HINTS = {
    StandardRating.Rating.MET: "The plan and the record show this standard is being met.",
    StandardRating.Rating.PARTLY: "Some of it is happening, or only in some places.",
    StandardRating.Rating.NOT_MET: "There is little or no sign of it yet.",
}


class ReviewForm(forms.Form):
    """The lead reviewer's whole review on one page: a rating and evidence for
    each standard, strengths, and a list of recommendations.

    `complete=False` (saving a draft, adding a recommendation slot) checks only
    lengths; `complete=True` (continuing to check the answers) needs everything.
    """

    strengths = forms.CharField(
        label="Strengths",
        help_text="What the service does well in co-production. Say what you saw in the report.",
        required=False,
        max_length=4000,
        widget=Textarea(),
        error_messages={"max_length": "Strengths must be 4,000 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        standards: list[Standard],
        slots: int,
        complete: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.standards = standards
        self.slots = max(1, min(slots, MAX_SLOTS))
        self.complete = complete
        layout: list[Any] = []
        for number, standard in enumerate(standards, start=1):
            rating, evidence = f"rating_{standard.pk}", f"evidence_{standard.pk}"
            self.fields[rating] = forms.ChoiceField(
                label=f"How well is standard {number} met?",
                choices=StandardRating.Rating.choices,
                widget=RadioSelect(choice_hints=RATING_HINTS),
                required=complete,
                error_messages={
                    "required": f"Choose met, partly met or not met for standard {number}"
                },
            )
            self.fields[evidence] = forms.CharField(
                label=f"Evidence for standard {number}",
                help_text="What in the report or the record shows this.",
                required=complete,
                max_length=2000,
                widget=Textarea(attrs={"rows": "4"}),
                error_messages={
                    "required": f"Enter the evidence for standard {number}",
                    "max_length": f"The evidence for standard {number} must be 2,000 "
                    "characters or fewer",
                },
            )
            layout.append(
                Fieldset(
                    f"Standard {number}: {standard.statement}",
                    NHSField(rating, size="s"),
                    NHSField(evidence, size="s"),
                    size="m",
                )
            )
        self.fields["strengths"].required = complete
        self.fields["strengths"].error_messages["required"] = "Enter the strengths you saw"
        layout.append(NHSField("strengths", size="m"))
        recommendation_fields = []
        for slot in range(1, self.slots + 1):
            name = f"recommendation_{slot}"
            self.fields[name] = forms.CharField(
                label=f"Recommendation {slot}",
                required=False,
                max_length=2000,
                widget=Textarea(attrs={"rows": "3"}),
                error_messages={
                    "max_length": f"Recommendation {slot} must be 2,000 characters or fewer"
                },
            )
            recommendation_fields.append(NHSField(name, size="s"))
        layout.append(
            Fieldset(
                "Recommendations",
                HTML(
                    '<div class="nhsuk-hint">One thing the service could do next in each box. '
                    "Leave any extra boxes empty.</div>"
                ),
                *recommendation_fields,
                size="m",
            )
        )
        if self.slots < MAX_SLOTS:
            layout.append(
                Submit(
                    "Add another recommendation",
                    name="action",
                    value="add",
                    variant="secondary",
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.complete and not self.recommendations() and "recommendation_1" not in self.errors:
            self.add_error("recommendation_1", "Enter at least one recommendation")
        return cleaned

    def ratings(self) -> dict[int, Rated]:
        return {
            standard.pk: Rated(
                self.cleaned_data.get(f"rating_{standard.pk}") or "",
                (self.cleaned_data.get(f"evidence_{standard.pk}") or "").strip(),
            )
            for standard in self.standards
        }

    def recommendations(self) -> list[str]:
        texts = (
            (self.cleaned_data.get(f"recommendation_{slot}") or "").strip()
            for slot in range(1, self.slots + 1)
        )
        return [text for text in texts if text]


# The co-reviewer's questions: one a page, plain words.
EXPERT_QUESTIONS = {
    "going-well": (
        "going_well",
        "What is going well?",
        "Think about how people with lived experience are involved. "
        "Write as much or as little as you like.",
    ),
    "could-be-better": (
        "could_be_better",
        "What could be better?",
        "What would make it better for people who use the service?",
    ),
    "anything-else": (
        "anything_else",
        "Is there anything else you want to say?",
        "You can leave this empty.",
    ),
}
EXPERT_STEPS = list(EXPERT_QUESTIONS)


class ExpertAnswerForm(forms.Form):
    answer = forms.CharField(
        required=False,
        max_length=3000,
        widget=Textarea(attrs={"rows": "8"}),
        error_messages={"max_length": "Your answer must be 3,000 characters or fewer"},
    )

    def __init__(self, *args: Any, step: str, about: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field, question, hint = EXPERT_QUESTIONS[step]
        number = EXPERT_STEPS.index(step) + 1
        self.fields["answer"].label = question
        self.fields["answer"].help_text = hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            NHSField(
                "answer",
                size="l",
                heading=True,
                caption=f"{about}: question {number} of {len(EXPERT_STEPS)}"
                if about
                else f"Question {number} of {len(EXPERT_STEPS)}",
            )
        )
        self.helper.add_input(Submit("Save and continue"))


class VolunteerForm(forms.Form):
    willing = forms.ChoiceField(
        label="Can we ask you to help review plans?",
        help_text="We will ask you each time. You can always say no.",
        choices=[("yes", "Yes, you can ask me"), ("no", "No, not at the moment")],
        widget=RadioSelect(),
        error_messages={"required": "Choose yes or no"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(NHSField("willing", size="l", heading=True))
        self.helper.add_input(Submit("Save"))


NEEDS_ACTION = {Recommendation.Answer.ACCEPTED, Recommendation.Answer.PARTLY}
NEEDS_REASON = {Recommendation.Answer.PARTLY, Recommendation.Answer.NOT_ACCEPTED}


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you accept this recommendation?",
        choices=Recommendation.Answer.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose accepted, partly accepted or not accepted"},
    )
    reason = forms.CharField(
        label="Why? (needed if you do not fully accept it)",
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": "3"}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )
    action = forms.CharField(
        label="What will you do? (needed if you accept it, fully or partly)",
        help_text="It goes on the action log for the plan's service, with you as its owner.",
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": "3"}),
        error_messages={"max_length": "The action must be 2,000 characters or fewer"},
    )
    action_due_on = DateField(
        label="By when? (optional)",
        help_text="For example, 31 3 2027",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            NHSField("answer", size="m"),
            NHSField("reason", size="s"),
            NHSField("action", size="s"),
            NHSField("action_due_on", size="s"),
        )
        self.helper.add_input(Submit("Save answer"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answer = cleaned.get("answer")
        if answer in NEEDS_REASON and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter why you do not fully accept it")
        if answer in NEEDS_ACTION and not (cleaned.get("action") or "").strip():
            self.add_error("action", "Enter what you will do")
        return cleaned


class ReassignForm(forms.Form):
    reviewer = forms.ChoiceField(
        label="Who should review it instead?",
        help_text="Only people who may review this plan are listed, next in turn first.",
        error_messages={"required": "Choose who should review it"},
    )
    reason = forms.CharField(
        label="Why are you changing the reviewer?",
        help_text="This is kept in the record. For example, “On leave until June”.",
        max_length=1000,
        widget=Textarea(attrs={"rows": "3"}),
        error_messages={
            "required": "Enter why you are changing the reviewer",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(user.pk): user for user in candidates}
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(user.pk), user.name) for user in candidates]
        field.widget = RadioSelect(
            choices=field.choices,
            choice_hints={
                str(user.pk): f"{user.get_role_display()}, "
                f"{getattr(user, 'turns', 0)} review{'s' if getattr(user, 'turns', 0) != 1 else ''} "
                "so far"
                for user in candidates
            },
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(NHSField("reviewer", size="m"), NHSField("reason", size="s"))
        self.helper.add_input(Submit("Change reviewer"))

    def chosen(self) -> User:
        return self.candidates[self.cleaned_data["reviewer"]]

"""The population profile form: the make-up of the people a service serves."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from nhsuk.forms import Fieldset, NHSField, RadioSelect, Submit
from projects.models import EqualityQuestion, PopulationProfile, answer_choices

# Percentages are often rounded to whole numbers or one place, so a total a little
# off 100 is rounding, not a typing slip.
ROUNDING = Decimal("0.5")
MAX_COUNT = 100_000_000
BASIS_HINTS = {
    PopulationProfile.Basis.PERCENT: "For example, from the census or a local health needs "
    "assessment. Each question's percentages add up to 100.",
    PopulationProfile.Basis.COUNT: "For example, a count of the people on the caseload.",
}


def field_name(question: str, category: str) -> str:
    return f"{question}__{category}"


class PopulationProfileForm(forms.Form):
    """Where the figures come from, how they are given, and one box per category.

    A question left empty is not known and is not compared. In a question with some
    figures, an empty box counts as 0.
    """

    source = forms.CharField(
        label="Where the figures come from",
        max_length=200,
        help_text="So people know how far to trust them, for example “2021 Census, Leeds” "
        "or “Caseload on 31 March 2026”.",
        error_messages={"required": "Enter where the figures come from"},
    )
    basis = forms.ChoiceField(
        label="How are the figures given?",
        choices=PopulationProfile.Basis.choices,
        widget=RadioSelect(choice_hints=BASIS_HINTS),
        error_messages={"required": "Choose how the figures are given"},
    )
    people_served = forms.IntegerField(
        label="Number of people the service serves (needed for percentages)",
        required=False,
        min_value=1,
        max_value=MAX_COUNT,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="For example, its caseload or the population of its area. When you look "
        "at several services together, each counts in proportion to this number.",
        error_messages={
            "invalid": "Enter the number of people as a whole number, like 4500",
            "min_value": "Enter a number of people that is 1 or more",
            "max_value": f"Enter a number of people no bigger than {MAX_COUNT:,}",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fieldsets = []
        for question, question_label in EqualityQuestion.choices:
            names = []
            for category, label in answer_choices(question):
                name = field_name(question, category)
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
                names.append(NHSField(name, width=5))
            fieldsets.append(Fieldset(question_label, *names, size="m"))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            NHSField("source"), "basis", NHSField("people_served", width=10), *fieldsets
        )
        self.helper.add_input(Submit("Save population profile"))

    @classmethod
    def initial_for(cls, profile: PopulationProfile | None) -> dict:
        if profile is None:
            return {"basis": PopulationProfile.Basis.PERCENT}
        initial = {
            "source": profile.source,
            "basis": profile.basis,
            "people_served": profile.people_served,
        }
        for figure in profile.figures.all():
            initial[field_name(figure.question, figure.category)] = figure.value.normalize()
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        basis = cleaned.get("basis")
        percent = basis == PopulationProfile.Basis.PERCENT
        if percent and not cleaned.get("people_served") and "people_served" not in self.errors:
            self.add_error("people_served", "Enter the number of people the service serves")
        figures: dict[str, dict[str, Decimal]] = {}
        for question, question_label in EqualityQuestion.choices:
            typed = {
                category: self._number(field_name(question, category), question_label, percent)
                for category, _label in answer_choices(question)
            }
            if any(value is _INVALID for value in typed.values()):
                continue
            if all(value is None for value in typed.values()):
                continue  # not known: left out
            values = {category: value or Decimal(0) for category, value in typed.items()}
            first = field_name(question, next(iter(values)))
            total = sum(values.values(), Decimal(0))
            if percent and abs(total - 100) > ROUNDING:
                self.add_error(
                    first,
                    f"The percentages for {question_label.lower()} add up to "
                    f"{total.normalize():f}. Make them add up to 100",
                )
            elif not percent and total == 0:
                self.add_error(
                    first, f"Enter at least one number above 0 for {question_label.lower()}"
                )
            else:
                figures[question] = values
        if not figures and not self.errors:
            first = field_name(EqualityQuestion.choices[0][0], answer_choices("age_band")[0][0])
            self.add_error(first, "Enter the figures for at least one question")
        cleaned["figures"] = figures
        if not percent:
            cleaned["people_served"] = cleaned.get("people_served") or None
        return cleaned

    def _number(self, name: str, question_label: str, percent: bool):
        """The box's value as a Decimal, None when empty, or _INVALID after adding
        the error next to it."""
        text = (self.cleaned_data.get(name) or "").strip().replace(",", "").rstrip("%")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            label = f"{question_label.lower()}, {self.fields[name].label.lower()}"
            self.add_error(name, f"Enter the figure for {label} as a number, like 12")
            return _INVALID
        problem = ""
        if value < 0:
            problem = "Enter a number that is 0 or more"
        elif percent and value > 100:
            problem = "Enter a percentage no bigger than 100"
        elif percent and value != value.quantize(Decimal("0.01")):
            problem = "Enter the percentage with no more than 2 decimal places"
        elif not percent and value != value.to_integral_value():
            problem = "Enter a whole number of people"
        elif not percent and value > MAX_COUNT:
            problem = f"Enter a number no bigger than {MAX_COUNT:,}"
        if problem:
            self.add_error(name, problem)
            return _INVALID
        return value


_INVALID = object()

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from nhsuk.forms import (
    CheckboxSelectMultiple,
    DateField,
    Fieldset,
    NHSField,
    RadioSelect,
    Submit,
    Textarea,
    TimeField,
    filter_helper,
)
from opportunities.models import Interest, Opportunity, Support
from projects.models import Person, Project, RateCard

WHERE_HINTS = {
    Opportunity.Where.IN_PERSON: "Say where below.",
    Opportunity.Where.ONLINE: "We send the link to the people who take part.",
    Opportunity.Where.PHONE: "We phone the people who take part.",
}


class RateCardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RateCard) -> str:
        return f"£{obj.hourly_rate_pounds} an hour ({obj.name})"


class OpportunityForm(forms.ModelForm):
    """Posting an opportunity for one of the projects the user leads, or changing it."""

    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label="Which project is it for?",
        empty_label="Choose a project",
        error_messages={
            "required": "Choose the project this opportunity is for",
            "invalid_choice": "Choose one of the projects you lead",
        },
    )
    starts_on = DateField(
        label="Date (optional)",
        required=False,
        help_text="Leave it blank if the date is to be arranged. For example, 15 3 2027",
    )
    starts_at = TimeField(
        label="Start time (optional)",
        required=False,
        help_text="For example, 14:30",
        error_messages={"invalid": "Enter the time like 14:30"},
    )
    rate_card = RateCardChoice(
        queryset=RateCard.objects.none(),
        label="Pay",
        required=False,
        blank=True,
        empty_label="Not paid",
        widget=RadioSelect(),
        help_text="From the rate cards. Expenses are paid as well.",
    )
    support = forms.MultipleChoiceField(
        label="Support offered (optional)",
        choices=Support.choices,
        required=False,
        widget=CheckboxSelectMultiple(),
        help_text="Choose all that apply.",
    )
    closes_on = DateField(
        label="Closing date",
        help_text="The last day people can say they are interested. For example, 1 3 2027",
        error_messages={"required": "Enter the closing date"},
    )
    filled = forms.BooleanField(
        label="All the places are filled",
        required=False,
        help_text="It stops taking interest and leaves the public page.",
    )

    class Meta:
        model = Opportunity
        fields = [
            "project",
            "title",
            "description",
            "kind",
            "starts_on",
            "starts_at",
            "where",
            "place",
            "hours",
            "rate_card",
            "support",
            "support_other",
            "looking_for",
            "places",
            "closes_on",
            "public",
        ]
        widgets = {
            "description": Textarea(),
            "looking_for": Textarea(),
            "where": RadioSelect(choice_hints=WHERE_HINTS),
            "hours": forms.TextInput(attrs={"inputmode": "decimal"}),
            "places": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        labels = {
            "title": "Title",
            "description": "What it is and why",
            "kind": "Kind of activity",
            "where": "Where does it happen?",
            "place": "Place (if in person)",
            "hours": "Time needed, in hours",
            "support_other": "Other support offered (optional)",
            "looking_for": "Who are you looking for?",
            "places": "How many places?",
            "public": "Also show it on the public page",
        }
        help_texts = {
            "title": "A short name people will recognise, like 'Interview panel for a ward manager'.",
            "looking_for": "In plain words: experience of a service, a condition or caring.",
            "support_other": "For example, a quiet room or lunch.",
        }
        error_messages = {
            "title": {
                "required": "Enter a title",
                "max_length": "Title must be 150 characters or fewer",
            },
            "description": {
                "required": "Enter what it is and why",
                "max_length": "What it is and why must be 2,000 characters or fewer",
            },
            "kind": {"required": "Choose the kind of activity"},
            "where": {"required": "Choose where it happens"},
            "place": {"max_length": "Place must be 200 characters or fewer"},
            "hours": {
                "required": "Enter the time needed, in hours",
                "invalid": "Enter the time needed as a number of hours, like 2 or 1.5",
                "min_value": "Enter a time of at least a quarter of an hour (0.25)",
                "max_value": "Enter a time of 100 hours or fewer",
                "max_digits": "Enter a time of 100 hours or fewer",
                "max_decimal_places": "Enter the time to 2 decimal places at most, like 1.25",
                "max_whole_digits": "Enter a time of 100 hours or fewer",
            },
            "support_other": {"max_length": "Other support must be 200 characters or fewer"},
            "looking_for": {
                "required": "Enter who you are looking for",
                "max_length": "Who you are looking for must be 1,000 characters or fewer",
            },
            "places": {
                "required": "Enter how many places there are",
                "invalid": "Enter the number of places as a whole number, like 4",
                "min_value": "Enter at least 1 place",
                "max_value": "Enter 200 places or fewer",
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choose a kind"), *Opportunity._meta.get_field("kind").choices]
        where = self.fields["where"]
        assert isinstance(where, forms.ChoiceField)
        where.choices = Opportunity.Where.choices
        self.fields["rate_card"].queryset = RateCard.objects.order_by("-starts_on")
        if not self.instance.pk:
            self.fields["rate_card"].initial = RateCard.objects.in_force_on(self.today)
        editing = bool(self.instance.pk)
        if editing:
            del self.fields["project"]
            self.fields["filled"].initial = self.instance.filled_at is not None
        else:
            del self.fields["filled"]
            self.fields["project"].queryset = Project.objects.editable_by(user).order_by("title")
        layout = [
            *(["project"] if not editing else []),
            NHSField("title"),
            NHSField("description"),
            NHSField("kind"),
            Fieldset(
                "When and where",
                "starts_on",
                NHSField("starts_at", width=5),
                NHSField("where", size="s"),
                NHSField("place"),
                size="m",
            ),
            NHSField("hours", width=4),
            NHSField("rate_card", size="s"),
            NHSField("support", size="s"),
            NHSField("support_other"),
            NHSField("looking_for"),
            NHSField("places", width=3),
            "closes_on",
            "public",
            *(["filled"] if editing else []),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)
        self.helper.add_input(
            Submit("Save changes" if editing else "Post opportunity", prevent_double_click=True)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("where") == Opportunity.Where.IN_PERSON and not cleaned.get("place"):
            self.add_error("place", "Enter the place, as it is in person")
        if (
            cleaned.get("starts_at")
            and not cleaned.get("starts_on")
            and "starts_on" not in self.errors
        ):
            self.add_error("starts_on", "Enter the date as well as the time, or leave both blank")
        closes_on: datetime.date | None = cleaned.get("closes_on")
        starts_on: datetime.date | None = cleaned.get("starts_on")
        if closes_on and "closes_on" in self.changed_data and closes_on < self.today:
            self.add_error("closes_on", "The closing date must be today or later")
        elif closes_on and starts_on and closes_on > starts_on:
            self.add_error("closes_on", "The closing date must be on or before the date it happens")
        return cleaned

    def save(self, commit: bool = True) -> Opportunity:
        opportunity = super().save(commit=False)
        if "filled" in self.fields:
            filled = self.cleaned_data["filled"]
            if filled and opportunity.filled_at is None:
                opportunity.filled_at = timezone.now()
            elif not filled:
                opportunity.filled_at = None
        if commit:
            opportunity.save()
        return opportunity


class OpportunityFilterForm(forms.Form):
    SHOW = [("open", "Open"), ("closed", "Closed or filled"), ("all", "All")]

    show = forms.ChoiceField(
        label="Show", choices=SHOW, required=False, widget=RadioSelect(small=True)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("Show")
        self.helper.layout = Layout(NHSField("show", size="s"))


class InterestForm(forms.Form):
    """A person says they are interested, by their personal link."""

    support_needed = forms.CharField(
        required=False,
        max_length=1000,
        widget=Textarea(),
        error_messages={"max_length": "Your answer must be 1,000 characters or fewer"},
    )

    def __init__(self, *args: Any, texts: dict[str, str], updating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_needed"].label = texts["support_label"]
        self.fields["support_needed"].help_text = texts["support_hint"]
        self.helper = FormHelper()
        self.helper.layout = Layout(NHSField("support_needed", size="s"))
        self.helper.add_input(Submit(texts["update"] if updating else texts["submit"]))


class OnBehalfInterestForm(forms.Form):
    """What someone told a member of staff, recorded for them."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who is interested?",
        empty_label="Choose someone on the register",
        help_text="Only people on the register you can see are listed.",
        error_messages={
            "required": "Choose who is interested",
            "invalid_choice": "Choose someone on the register",
        },
    )
    support_needed = forms.CharField(
        label="Support they need (optional)",
        help_text="In their words: what would help them take part.",
        required=False,
        max_length=1000,
        widget=Textarea(),
        error_messages={"max_length": "Support they need must be 1,000 characters or fewer"},
    )
    how = forms.ChoiceField(
        label="How did they tell you?",
        choices=[(how.value, how.label) for how in Interest.ON_BEHALF],
        widget=RadioSelect(),
        error_messages={"required": "Choose how they told you"},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.helper = FormHelper()
        self.helper.layout = Layout(
            NHSField("person", size="s"),
            NHSField("support_needed", size="s"),
            NHSField("how", size="s"),
        )
        self.helper.add_input(Submit("Record their interest", prevent_double_click=True))

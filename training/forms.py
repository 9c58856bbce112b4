"""Forms for cohorts, teams, sessions and self-ratings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from nhsuk.forms import CheckboxSelectMultiple, DateField, RadioSelect, Submit, Textarea
from projects.models import Person, Project
from projects.principle_texts import PRINCIPLES
from training.models import Cohort, Member, Team, TrainingSession

CONFIDENCE_WORDS = {
    1: "Not at all confident",
    2: "A little confident",
    3: "Quite confident",
    4: "Confident",
    5: "Very confident",
}


def _helper(button: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(button))
    return helper


def _staff_users():
    return User.objects.trust_staff().order_by("full_name", "email")


class CohortForm(forms.ModelForm):
    starts_on = DateField(label="Starts on", help_text="For example, 4 5 2026")
    follow_up_on = DateField(
        label="Follow-up ratings from",
        help_text="When people rate themselves again, usually after the last session. "
        "For example, 30 11 2026",
    )

    class Meta:
        model = Cohort
        fields = ["name", "starts_on", "follow_up_on", "project", "programme_staff"]
        widgets = {"programme_staff": CheckboxSelectMultiple()}
        labels = {
            "name": "Name of the cohort",
            "project": "Project its sessions are logged under (optional)",
            "programme_staff": "Programme staff",
        }
        help_texts = {
            "programme_staff": "They run the cohort: add teams and sessions, and record "
            "attendance and paper ratings.",
        }
        error_messages = {"name": {"required": "Enter a name for the cohort"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_staff"].queryset = _staff_users()
        self.fields["programme_staff"].label_from_instance = lambda user: user.name
        self.fields["project"].queryset = Project.objects.order_by("title")
        self.fields["starts_on"].error_messages["required"] = "Enter the date the cohort starts"
        self.fields["follow_up_on"].error_messages["required"] = (
            "Enter the date follow-up ratings start"
        )
        self.helper = _helper("Save cohort")

    def clean(self):
        cleaned = super().clean()
        start, follow_up = cleaned.get("starts_on"), cleaned.get("follow_up_on")
        if start and follow_up and follow_up < start:
            self.add_error(
                "follow_up_on", "The follow-up date must be the same as or after the start"
            )
        return cleaned


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "aim", "projects"]
        widgets = {"aim": Textarea(), "projects": CheckboxSelectMultiple()}
        labels = {
            "name": "Team name",
            "aim": "The team's co-production aim",
            "projects": "Projects it leads to",
        }
        help_texts = {
            "aim": "One or two sentences, for example “Patients help us redesign ward rounds.”",
            "projects": "What the team's aim turns into. You can add these later.",
        }
        error_messages = {
            "name": {"required": "Enter the team's name"},
            "aim": {"required": "Enter the team's co-production aim"},
        }

    def __init__(self, *args, cohort: Cohort, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        self.fields["projects"].queryset = projects
        self.helper = _helper("Save team")


class MemberForm(forms.Form):
    """Add someone to a team: a member of staff or a person on the register."""

    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="A member of staff",
        empty_label="Choose someone",
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Or someone on the register",
        empty_label="Choose someone",
    )

    def __init__(self, *args, team: Team, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["user"].queryset = _staff_users()
        self.fields["user"].label_from_instance = lambda user: user.name
        self.fields["person"].queryset = people.order_by("display_name", "pk")
        self.fields["person"].label_from_instance = lambda person: person.display_name
        self.helper = _helper("Add to team")

    def clean(self):
        cleaned = super().clean()
        user, person = cleaned.get("user"), cleaned.get("person")
        if self.errors:
            return cleaned
        if not user and not person:
            self.add_error("user", "Choose a member of staff or someone on the register")
        elif user and person:
            self.add_error("person", "Choose one person at a time")
        elif Member.objects.filter(team=self.team, user=user, person=person).exists():
            field = "user" if user else "person"
            self.add_error(field, "They are already on this team")
        return cleaned


class SessionForm(forms.ModelForm):
    date = DateField(label="Date", help_text="For example, 18 5 2026")
    hours = forms.DecimalField(
        label="How long it took co-facilitators, in hours",
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        required=False,
        initial=Decimal(3),
        help_text="Used to pay them from the rate card in force on the day.",
    )
    log_activity = forms.BooleanField(
        label="Log it as an activity of the cohort's project, so co-facilitators are paid",
        required=False,
        initial=True,
    )

    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "facilitators"]
        widgets = {"facilitators": CheckboxSelectMultiple()}
        labels = {"topic": "Topic", "facilitators": "Co-facilitators with lived experience"}
        error_messages = {"topic": {"required": "Enter the session's topic"}}

    def __init__(self, *args, cohort: Cohort, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        self.cohort = cohort
        self.fields["date"].error_messages["required"] = "Enter the date of the session"
        self.fields["facilitators"].queryset = people.order_by("display_name", "pk")
        self.fields["facilitators"].label_from_instance = lambda person: person.display_name
        if cohort.project_id is None:
            del self.fields["log_activity"]
            del self.fields["hours"]
        self.helper = _helper("Save session")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("log_activity") and cleaned.get("facilitators") and not cleaned.get("hours"):
            self.add_error("hours", "Enter how long it took co-facilitators, in hours")
        day = cleaned.get("date")
        if day and day > datetime.date.today() + datetime.timedelta(days=366):
            self.add_error("date", "The date must be within the next year")
        return cleaned


class AttendanceForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=CheckboxSelectMultiple(),
        label="Who came",
    )

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: f"{m.name} ({m.team.name})"
        self.helper = _helper("Save attendance")


class SelfRatingForm(forms.Form):
    """How confident someone feels in each of the seven principles, 1 to 5."""

    def __init__(self, *args, on_behalf: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        you = "they feel" if on_behalf else "do you feel"
        for text in PRINCIPLES:
            self.fields[text.code] = forms.TypedChoiceField(
                label=f"{text.name}: how confident {you} about it?",
                help_text=text.description,
                choices=[
                    (str(point), f"{point}: {words}") for point, words in CONFIDENCE_WORDS.items()
                ],
                coerce=int,
                widget=RadioSelect(),
                error_messages={
                    "required": f"Choose how confident {'they feel' if on_behalf else 'you feel'} "
                    f"about {text.name.lower()}"
                },
            )
        self.helper = _helper("Send ratings" if not on_behalf else "Save their ratings")

    def scores(self) -> dict[str, int]:
        return {text.code: self.cleaned_data[text.code] for text in PRINCIPLES}


class LinkForm(forms.Form):
    """Nothing to fill in: making a link is a POST, so it cannot happen by a visit."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Make a new link")

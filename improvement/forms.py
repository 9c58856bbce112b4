from __future__ import annotations

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement.models import CRITERIA, AlwaysEvent, Conversation, PdsaCycle
from nhsuk.forms import (
    CheckboxSelectMultiple,
    DateField,
    Fieldset,
    NHSField,
    RadioSelect,
    Submit,
    Textarea,
)
from projects.models import Activity, Metric, Person, Project, Service


def _helper(button: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(button, prevent_double_click=True))
    return helper


class EventForm(forms.ModelForm):
    """Starting an Always Event for a team, or changing its name, project and measure."""

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Which team or ward is it for?",
        empty_label="Choose a team or ward",
        error_messages={
            "required": "Choose the team or ward",
            "invalid_choice": "Choose one of your teams or wards",
        },
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label="Project it is run through (optional)",
        required=False,
        empty_label="No project",
        help_text="The project's leads, including experts by experience who co-lead it, "
        "can change the Always Event too.",
        error_messages={"invalid_choice": "Choose one of the projects you lead"},
    )
    plan_metric = forms.ModelChoiceField(
        queryset=Metric.objects.none(),
        label="Growth plan metric (optional)",
        required=False,
        empty_label="Not part of the growth plan",
        help_text="Each month's reliability is written into this metric of the team's "
        "growth plan. Admins add it to the plan, with values from 'Always Event reliability'.",
        error_messages={"invalid_choice": "Choose one of the team's plan metrics"},
    )

    class Meta:
        model = AlwaysEvent
        fields = [
            "service",
            "project",
            "title",
            "happened",
            "should_have",
            "period",
            "goal",
            "plan_metric",
        ]
        widgets = {
            "period": RadioSelect(),
            "goal": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        labels = {
            "title": "What is it about?",
            "happened": "What counts as it happening? (optional until testing)",
            "should_have": "When should it happen? (optional until testing)",
            "period": "How often will you count?",
            "goal": "Goal, as a percentage of the times it should happen",
        }
        help_texts = {
            "title": "A short name the team will recognise, like 'Welcome on arrival'.",
            "happened": "For example, 'the person was shown round by name on their first day'.",
            "should_have": "For example, 'each person admitted to the ward'.",
        }
        error_messages = {
            "title": {
                "required": "Enter what it is about",
                "max_length": "What it is about must be 150 characters or fewer",
            },
            "happened": {"max_length": "This must be 200 characters or fewer"},
            "should_have": {"max_length": "This must be 200 characters or fewer"},
            "period": {"required": "Choose how often you will count"},
            "goal": {
                "required": "Enter the goal",
                "invalid": "Enter the goal as a whole number, like 95",
                "min_value": "Enter a goal of at least 1%",
                "max_value": "Enter a goal of 100% or less",
            },
        }

    def __init__(self, *args: Any, user: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editing = bool(self.instance.pk)
        if editing:
            del self.fields["service"]
            service_id = self.instance.service_id
            self.fields["plan_metric"].queryset = Metric.objects.filter(
                source=Metric.Source.ALWAYS_EVENT, plan__service_id=service_id
            ).select_related("plan")
        else:
            del self.fields["plan_metric"]
            self.fields["service"].queryset = services.order_by("name")
        self.fields["project"].queryset = Project.objects.editable_by(user).order_by("title")
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = AlwaysEvent.Period.choices
        fields = [
            *([] if editing else ["service"]),
            "project",
            NHSField("title"),
            Fieldset(
                "The reliability measure",
                NHSField("happened"),
                NHSField("should_have"),
                NHSField("period", size="s"),
                NHSField("goal", width=3),
                *(["plan_metric"] if editing else []),
                size="m",
            ),
        ]
        self.helper = _helper("Save changes" if editing else "Start the Always Event")
        self.helper.layout = Layout(*fields)


class ConversationForm(forms.ModelForm):
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(),
        label="Which activity was it?",
        empty_label="Choose an activity",
        help_text="A meeting, focus group or other activity logged with people who use "
        "the service.",
        error_messages={
            "required": "Choose the activity",
            "invalid_choice": "Choose one of the team's activities",
        },
    )

    class Meta:
        model = Conversation
        fields = ["activity", "what_matters"]
        widgets = {"what_matters": Textarea()}
        labels = {"what_matters": "What matters to them?"}
        help_texts = {"what_matters": "In their words where you can."}
        error_messages = {
            "what_matters": {
                "required": "Enter what matters to them",
                "max_length": "What matters to them must be 2,000 characters or fewer",
            }
        }

    def __init__(self, *args: Any, event: AlwaysEvent, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["activity"].queryset = (
            Activity.objects.visible_to(user)
            .filter(project__services=event.service)
            .exclude(pk__in=event.conversations.values("activity"))
            .order_by("-date", "pk")
            .distinct()
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.date:%-d %b %Y})"
        self.helper = _helper("Add conversation")


class StatementForm(forms.ModelForm):
    """The event statement, written with the people who use the service, and IHI's
    four criteria, each with its evidence."""

    class Meta:
        model = AlwaysEvent
        fields = ["statement"] + [
            name for criterion, _ in CRITERIA for name in (criterion, f"{criterion}_evidence")
        ]
        widgets = {f"{criterion}_evidence": Textarea({"rows": "3"}) for criterion, _ in CRITERIA}
        labels = {
            "statement": "The Always Event",
            **{criterion: f"It is {label.lower()}" for criterion, label in CRITERIA},
            **{f"{criterion}_evidence": "Evidence" for criterion, _ in CRITERIA},
        }
        help_texts = {
            "statement": "Written with people who use the service. Start with 'Always', "
            "for example 'Always introduce yourself by name and role'.",
        }
        error_messages = {
            "statement": {"max_length": "The Always Event must be 300 characters or fewer"},
            **{
                f"{criterion}_evidence": {
                    "max_length": "Evidence must be 1,000 characters or fewer"
                }
                for criterion, _ in CRITERIA
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion, label in CRITERIA:
            self.fields[f"{criterion}_evidence"].label = f"Evidence that it is {label.lower()}"
        self.helper = _helper("Save")
        self.helper.layout = Layout(
            NHSField("statement", size="m"),
            Fieldset(
                "IHI's four criteria",
                *[
                    field
                    for criterion, _ in CRITERIA
                    for field in (criterion, NHSField(f"{criterion}_evidence"))
                ],
                size="m",
            ),
        )

    def clean_statement(self) -> str:
        statement = " ".join(self.cleaned_data["statement"].split())
        if statement and not statement.lower().startswith("always "):
            raise ValidationError("Start the Always Event with the word 'Always'")
        return statement

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for criterion, label in CRITERIA:
            evidence = cleaned.get(f"{criterion}_evidence", "").strip()
            if cleaned.get(criterion) and not evidence:
                self.add_error(
                    f"{criterion}_evidence",
                    f"Give the evidence that it is {label.lower()}, or untick it",
                )
        return cleaned


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class CycleForm(forms.ModelForm):
    """Planning a PDSA cycle: the change, the prediction and the measure, and the
    people with lived experience who take part."""

    started_on = DateField(
        label="When does it start?",
        help_text="For example, 3 11 2026",
        error_messages={"required": "Enter when it starts"},
    )
    people = PeopleChoice(
        queryset=Person.objects.none(),
        label="People with lived experience in this cycle",
        widget=CheckboxSelectMultiple(),
        help_text="People on the register who took part in the team's work. Choose at least one.",
        error_messages={
            "required": "Choose at least one person with lived experience",
            "invalid_choice": "Choose people from the list",
        },
    )

    class Meta:
        model = PdsaCycle
        fields = ["change", "prediction", "measure", "people", "started_on"]
        widgets = {name: Textarea({"rows": "3"}) for name in ("change", "prediction", "measure")}
        labels = {
            "change": "Plan: what change will you test?",
            "prediction": "Plan: what do you predict will happen?",
            "measure": "Plan: how will you know?",
        }
        error_messages = {
            "change": {
                "required": "Enter the change you will test",
                "max_length": "The change must be 2,000 characters or fewer",
            },
            "prediction": {
                "required": "Enter what you predict will happen",
                "max_length": "The prediction must be 2,000 characters or fewer",
            },
            "measure": {
                "required": "Enter how you will know",
                "max_length": "How you will know must be 1,000 characters or fewer",
            },
        }

    def __init__(self, *args: Any, event: AlwaysEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = (
            Person.objects.filter(involvements__activity__project__services=event.service)
            .distinct()
            .order_by("display_name", "pk")
        )
        self.helper = _helper("Start the cycle")
        self.helper.layout = Layout(
            NHSField("change"),
            NHSField("prediction"),
            NHSField("measure"),
            NHSField("people", size="s"),
            "started_on",
        )


class CycleStepsForm(forms.ModelForm):
    """Do, study and act, filled in as the cycle goes."""

    class Meta:
        model = PdsaCycle
        fields = ["what_happened", "result", "act", "next_step"]
        widgets = {
            "what_happened": Textarea({"rows": "3"}),
            "result": Textarea({"rows": "3"}),
            "act": RadioSelect(),
            "next_step": Textarea({"rows": "3"}),
        }
        labels = {
            "what_happened": "Do: what happened?",
            "result": "Study: how did the result compare with the prediction?",
            "act": "Act: what did you decide?",
            "next_step": "What will the next cycle try?",
        }
        help_texts = {
            "next_step": "The next cycle starts from this.",
        }
        error_messages = {
            "what_happened": {"max_length": "What happened must be 2,000 characters or fewer"},
            "result": {"max_length": "The result must be 2,000 characters or fewer"},
            "next_step": {"max_length": "The next step must be 2,000 characters or fewer"},
            "act": {"invalid_choice": "Choose adopt, adapt or abandon"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        act = self.fields["act"]
        assert isinstance(act, forms.ChoiceField)
        act.choices = PdsaCycle.Act.choices
        self.helper = _helper("Save")
        self.helper.layout = Layout(
            NHSField("what_happened"),
            NHSField("result"),
            NHSField("act", size="s"),
            NHSField("next_step"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        what_happened = cleaned.get("what_happened", "").strip()
        result = cleaned.get("result", "").strip()
        if result and not what_happened and "what_happened" not in self.errors:
            self.add_error("what_happened", "Say what happened before you study the result")
        if cleaned.get("act") and not result and "result" not in self.errors:
            self.add_error("result", "Compare the result with the prediction before you decide")
        if cleaned.get("act") == PdsaCycle.Act.ADAPT and not cleaned.get("next_step", "").strip():
            self.add_error("next_step", "Say what the next cycle will change")
        return cleaned


class ReliabilityForm(forms.Form):
    period_start = DateField(
        label="Which week or month is it for?",
        error_messages={"required": "Enter a day in the week or month"},
    )
    happened = forms.IntegerField(
        label="How many times did it happen?",
        min_value=0,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many times it happened",
            "invalid": "Enter how many times it happened as a whole number, like 18",
            "min_value": "Enter 0 or more",
            "max_value": "Enter 100,000 or fewer",
        },
    )
    should_have = forms.IntegerField(
        label="How many times should it have happened?",
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many times it should have happened",
            "invalid": "Enter how many times it should have happened as a whole number, like 20",
            "min_value": "Enter 1 or more: a period when it never should have happened has no "
            "measure",
            "max_value": "Enter 100,000 or fewer",
        },
    )

    def __init__(self, *args: Any, event: AlwaysEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        weekly = event.period == AlwaysEvent.Period.WEEK
        self.fields["period_start"].help_text = (
            "Any day in the week: it counts from the Monday. For example, 3 11 2026"
            if weekly
            else "Any day in the month. For example, 1 11 2026"
        )
        if event.happened:
            self.fields["happened"].help_text = f"Counting: {event.happened}."
        if event.should_have:
            self.fields["should_have"].help_text = f"Counting: {event.should_have}."
        self.helper = _helper("Save count")
        self.helper.layout = Layout(
            "period_start", NHSField("happened", width=5), NHSField("should_have", width=5)
        )

    def clean_period_start(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["period_start"]
        if day > timezone.localdate():
            raise ValidationError("The week or month must have started by today")
        if self.event.period == AlwaysEvent.Period.WEEK:
            return day - datetime.timedelta(days=day.weekday())
        return day.replace(day=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        happened, should_have = cleaned.get("happened"), cleaned.get("should_have")
        if happened is not None and should_have is not None and happened > should_have:
            self.add_error(
                "happened", "It cannot have happened more times than it should have happened"
            )
        return cleaned


class AdoptionForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Which team or ward is taking it up?",
        empty_label="Choose a team or ward",
        error_messages={
            "required": "Choose the team or ward",
            "invalid_choice": "Choose a team or ward from the list",
        },
    )
    started_on = DateField(
        label="When did they start?",
        help_text="For example, 1 11 2026",
        error_messages={"required": "Enter when they started"},
    )

    def __init__(self, *args: Any, event: AlwaysEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.active()
            .exclude(pk=event.service_id)
            .exclude(pk__in=event.adoptions.values("service"))
            .order_by("name")
        )
        self.helper = _helper("Add team")

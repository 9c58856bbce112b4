from __future__ import annotations

import calendar
import datetime
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role, User
from nhsuk.forms import (
    CheckboxSelectMultiple,
    DateField,
    Fieldset,
    RadioSelect,
    Submit,
    Textarea,
)
from projects.models import (
    AwardNomination,
    Metric,
    Plan,
    Priority,
    Project,
    Service,
    Standard,
    StandardTemplate,
)
from projects.models.plans import MAX_READING, MAX_READING_DEFAULT, UNITS_THAT_MAY_BE_NEGATIVE
from projects.rungs import Rung
from projects.standard_templates import MODEL_TEMPLATE, PRINCIPLES_TEMPLATE, Suggestion, built_in

PHASE_HINTS = {
    Plan.Phase.ESTABLISH: "Setting up: people, ways of working and a baseline.",
    Plan.Phase.IMPLEMENT: "Doing the work the priorities describe.",
    Plan.Phase.REVIEW: "Looking back at what changed and what to do next.",
}
STATUS_HINTS = {
    Plan.Status.DRAFT: "Still being written. Staff can read it, but it is not agreed yet.",
    Plan.Status.ACTIVE: "Agreed and in use.",
    Plan.Status.ARCHIVED: "Kept for the record. No longer in use.",
}


def _helper(button: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(button))
    return helper


class PlanForm(forms.ModelForm):
    establish_from = DateField(
        label="Establish phase starts",
        help_text="For example, 1 1 2024",
        initial=datetime.date(2024, 1, 1),
    )
    implement_from = DateField(
        label="Implement phase starts",
        help_text="For example, 1 1 2026",
        initial=datetime.date(2026, 1, 1),
    )
    review_from = DateField(
        label="Review phase starts",
        help_text="For example, 1 1 2028",
        initial=datetime.date(2028, 1, 1),
    )
    next_review_due = DateField(
        label="Next review due (optional)",
        required=False,
        help_text="When the plan should next be peer reviewed.",
    )

    class Meta:
        model = Plan
        fields = [
            "service",
            "parent",
            "start_year",
            "end_year",
            "phase",
            "establish_from",
            "implement_from",
            "review_from",
            "sponsor_name",
            "sponsor_user",
            "owners",
            "status",
            "review_frequency",
            "next_review_due",
        ]
        widgets = {
            "phase": RadioSelect(choice_hints=PHASE_HINTS),
            "status": RadioSelect(choice_hints=STATUS_HINTS),
            "review_frequency": RadioSelect(),
            "owners": CheckboxSelectMultiple(),
        }
        labels = {
            "service": "Service",
            "parent": "Charity-wide plan it sits under (optional)",
            "start_year": "First year of the plan",
            "end_year": "Last year of the plan",
            "phase": "Phase the plan is in now",
            "sponsor_name": "Executive sponsor",
            "sponsor_user": "Sponsor's account (optional)",
            "owners": "Plan owners (optional)",
            "review_frequency": "How often it is peer reviewed",
        }
        help_texts = {
            "service": "Leave as “Charity-wide” for the plan that covers every service.",
            "sponsor_name": "The executive who answers for this plan, for example “Dr Amara Okafor, "
            "Chief Nurse”.",
            "sponsor_user": "If the sponsor has an account here.",
            "owners": "The people who keep the plan up to date.",
        }
        error_messages = {
            "sponsor_name": {"required": "Enter the executive sponsor's name"},
            "start_year": {"required": "Enter the first year of the plan"},
            "end_year": {"required": "Enter the last year of the plan"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name")
        self.fields["service"].empty_label = "Charity-wide"
        parents = Plan.objects.filter(service__isnull=True).order_by("-start_year")
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None"
        people = User.objects.active().exclude(role=Role.EXPERT).order_by("full_name")
        self.fields["sponsor_user"].queryset = people
        self.fields["sponsor_user"].empty_label = "No account"
        self.fields["owners"].queryset = people.filter(role__in=[Role.ADMIN, Role.GOVERNANCE])
        for name in ("sponsor_user", "owners"):
            self.fields[name].label_from_instance = lambda user: user.name
        self.helper = _helper("Save plan")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The last year must be the same as or after the first year")
        for year, name in ((start, "start_year"), (end, "end_year")):
            if year and not 2000 <= year <= 2100:
                self.add_error(name, "Enter a year between 2000 and 2100")
        if cleaned.get("parent") and not cleaned.get("service"):
            self.add_error("parent", "A charity-wide plan cannot sit under another plan")
        return cleaned


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["statement", "principle", "model_part"]
        widgets = {"statement": Textarea(), "principle": RadioSelect()}
        labels = {
            "statement": "What good co-production looks like here",
            "principle": "The principle it shows",
            "model_part": "Value or step of the Co-Production Model it comes from (optional)",
        }
        help_texts = {
            "statement": "One sentence people will recognise, for example “People who use the "
            "ward help choose what we work on each year.”",
        }
        error_messages = {
            "statement": {"required": "Enter what good co-production looks like here"},
            "principle": {"required": "Choose the principle this standard shows"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save standard")


class StandardTemplateChoiceForm(forms.Form):
    """Which template to start a plan's standards from."""

    template = forms.ChoiceField(
        label="Start from",
        widget=RadioSelect(),
        error_messages={"required": "Choose a template to start from"},
    )

    def __init__(self, *args, saved, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.saved = {f"saved-{template.pk}": template for template in saved}
        self.fields["template"].choices = [
            (PRINCIPLES_TEMPLATE, "The seven principles"),
            (MODEL_TEMPLATE, "The national Co-Production Model"),
            *((key, f"Saved: {template.name}") for key, template in self.saved.items()),
        ]
        self.fields["template"].widget.choice_hints = {
            PRINCIPLES_TEMPLATE: "One standard for each principle the plan's standards tie to.",
            MODEL_TEMPLATE: "One standard for each of its 5 values and 7 practical steps "
            "(Coalition for Collaborative Care, 2016, updated 2021). Each keeps the value "
            "or step it came from.",
        }
        self.helper = _helper("Add these standards")

    def suggestions(self) -> list[Suggestion]:
        chosen = self.cleaned_data["template"]
        if chosen in self.saved:
            return [
                Suggestion(item.statement, item.principle, item.model_part)
                for item in self.saved[chosen].items.all()
            ]
        return built_in(chosen)


class StandardTemplateSaveForm(forms.Form):
    name = forms.CharField(
        label="Name of the template",
        max_length=120,
        help_text="For example, “Inpatient wards 2026”.",
        error_messages={"required": "Enter a name for the template"},
    )

    def __init__(self, *args, has_standards: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_standards = has_standards
        self.helper = _helper("Save as a template")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if StandardTemplate.objects.filter(name__iexact=name).exists():
            raise ValidationError("There is already a template with this name")
        return name

    def clean(self):
        cleaned = super().clean()
        if not self.has_standards:
            raise ValidationError("This plan has no standards to save yet")
        return cleaned


PRIORITY_STATUS_HINTS = {
    Priority.Status.AT_RISK: "Could slip without help.",
    Priority.Status.OFF_TRACK: "Will not be done as planned.",
}


class PriorityForm(forms.ModelForm):
    due_date = DateField(
        label="Due date (optional)", required=False, help_text="For example, 31 3 2027"
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projects that deliver it (optional)",
        queryset=Project.objects.none(),
        required=False,
        widget=CheckboxSelectMultiple(),
        help_text="A project delivers one priority at a time. Choosing it here moves it.",
    )

    class Meta:
        model = Priority
        fields = ["title", "description", "target_rung", "due_date", "status", "status_reason"]
        widgets = {
            "description": Textarea(),
            "target_rung": RadioSelect(),
            "status": RadioSelect(choice_hints=PRIORITY_STATUS_HINTS),
            "status_reason": Textarea(),
        }
        labels = {
            "title": "Priority",
            "description": "More about it (optional)",
            "target_rung": "Rung of the ladder it aims for",
            "status_reason": "Why the status is changing",
        }
        help_texts = {
            "title": "What the service will do, in a few words.",
            "target_rung": "Projects that deliver this priority aim for this rung too, unless "
            "they set their own.",
            "status_reason": "Needed whenever the status changes.",
        }
        error_messages = {
            "title": {"required": "Enter the priority"},
            "target_rung": {"required": "Choose the rung it aims for"},
            "status": {"required": "Choose a status"},
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_rung"].choices = list(reversed(Rung.choices))
        self.fields["projects"].queryset = (
            Project.objects.filter(services__in=plan.service_ids()).distinct().order_by("title")
        )
        if self.instance.pk:
            self.fields["projects"].initial = list(
                self.instance.projects.values_list("pk", flat=True)
            )
        self.helper = _helper("Save priority")

    def clean(self) -> dict:
        cleaned = super().clean()
        status = cleaned.get("status")
        before = self.instance.status if self.instance.pk else Priority.Status.NOT_STARTED
        changed = status and status != before
        if changed and not cleaned.get("status_reason", "").strip():
            self.add_error("status_reason", "Say why the status is changing")
        if changed:
            self.instance.status_changed_at = timezone.now()
        return cleaned


SPC_SETTINGS = ("shift_length", "trend_length", "conflict")
CONFLICT_HINTS = {
    Metric.Conflict.CONCERN: "The safe choice: a possible problem is never hidden.",
    Metric.Conflict.IMPROVEMENT: "Choose this if a missed improvement matters more.",
    Metric.Conflict.NEITHER: "Mark it as unusual without saying better or worse.",
}


SPC_INTRO = (
    '<p class="nhsuk-body">The dashboard draws this metric on a statistical process '
    "control (SPC) chart, as NHS England's “Making Data Count” does. It marks a "
    "<strong>shift</strong> when several values in a row are all above, or all below, the "
    "average, and a <strong>trend</strong> when several values in a row each go up, or each "
    "go down. The usual settings suit most metrics.</p>"
)
BASELINE_INTRO = (
    '<p class="nhsuk-body">A <strong>baseline</strong> fixes the chart\'s average and limits '
    "from a period you choose, for example the year before a change, and keeps them for "
    "later months, so you can see whether the change made a difference. Leave both empty to "
    "work them out from all the values. 12 months or more make a reliable baseline.</p>"
)


class MetricForm(forms.ModelForm):
    """A metric, with how its statistical process control (SPC) chart reads it.

    The SPC settings have defaults that suit most metrics (NHS England's "Making Data
    Count" defaults), so an admin can leave them alone.
    """

    baseline_from = DateField(
        label="First month of the baseline (optional)",
        required=False,
        help_text="Any day in that month, for example 1 1 2025.",
    )
    baseline_to = DateField(
        label="Last month of the baseline (optional)",
        required=False,
        help_text="Any day in that month, for example 31 12 2025.",
    )

    class Meta:
        model = Metric
        fields = [
            "name",
            "definition",
            "unit",
            "target",
            "direction",
            "frequency",
            "source",
            "computation",
            "shift_length",
            "trend_length",
            "conflict",
            "baseline_from",
            "baseline_to",
        ]
        widgets = {
            "definition": Textarea(),
            "direction": RadioSelect(),
            "frequency": RadioSelect(),
            "source": RadioSelect(
                choice_hints={
                    Metric.Source.COMPUTED: "Counted from the activities, people and payments "
                    "logged here. Nobody types it in.",
                    Metric.Source.MANUAL: "Someone enters a value each month.",
                    Metric.Source.ALWAYS_EVENT: "The percentage of times an Always Event "
                    "happened each month. Choose this metric on the Always Event's page.",
                }
            ),
            "computation": RadioSelect(),
            "shift_length": RadioSelect(inline=True),
            "trend_length": RadioSelect(inline=True),
            "conflict": RadioSelect(choice_hints=CONFLICT_HINTS),
        }
        labels = {
            "shift_length": "How many points in a row above or below the average make a shift?",
            "trend_length": "How many points in a row going up, or going down, make a trend?",
            "conflict": "If one point is both an improvement and a concern, show it as",
            "name": "Name",
            "definition": "What it counts, in plain words",
            "target": "Target",
            "direction": "Which way is better",
            "frequency": "How often it is measured",
            "source": "Where the values come from",
            "computation": "What to count (for worked-out metrics)",
        }
        error_messages = {
            "name": {"required": "Enter a name"},
            "definition": {"required": "Say what the metric counts"},
            "target": {
                "required": "Enter a target",
                "invalid": "Enter the target as a number, like 12 or 12.5",
            },
            "source": {"required": "Choose where the values come from"},
            "shift_length": {"required": "Choose how many points make a shift"},
            "trend_length": {"required": "Choose how many points make a trend"},
            "conflict": {"required": "Choose how to show a point that is both"},
        }
        help_texts = {
            "shift_length": "6 is the usual choice. A higher number means fewer, surer signals.",
            "trend_length": "6 is the usual choice. A higher number means fewer, surer signals.",
            "conflict": "This is rare: a point can end a rise and start a fall at once.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = self.fields["computation"].choices[1:]
        self.fields["computation"].required = False
        # The SPC settings come chosen with the usual values; a form sent without them
        # (an older page, a script) keeps the metric's current settings.
        for name in SPC_SETTINGS:
            self.fields[name].required = False
        self.helper = _helper("Save metric")
        self.helper.layout = Layout(
            *self.Meta.fields[:8],
            Fieldset(
                "How the SPC chart reads it",
                HTML(SPC_INTRO),
                "shift_length",
                "trend_length",
                "conflict",
                HTML(BASELINE_INTRO),
                "baseline_from",
                "baseline_to",
                size="m",
            ),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == Metric.Source.COMPUTED and not cleaned.get("computation"):
            self.add_error("computation", "Choose what to count")
        if source in (Metric.Source.MANUAL, Metric.Source.ALWAYS_EVENT):
            cleaned["computation"] = ""
        if (
            source == Metric.Source.COMPUTED
            and self.instance.pk
            and self.instance.readings.exists()
        ):
            self.add_error(
                "source",
                "This metric has values entered by hand, so it cannot be worked out instead",
            )
        for name in SPC_SETTINGS:
            if cleaned.get(name) in (None, "") and name not in self.errors:
                cleaned[name] = getattr(self.instance, name)
        first, last = cleaned.get("baseline_from"), cleaned.get("baseline_to")
        if first and last:
            cleaned["baseline_from"], cleaned["baseline_to"] = (
                first.replace(day=1),
                last.replace(day=1),
            )
            if cleaned["baseline_to"] <= cleaned["baseline_from"]:
                self.add_error(
                    "baseline_to",
                    "The last month of the baseline must be after the first month",
                )
        elif first and "baseline_to" not in self.errors:
            self.add_error("baseline_to", "Enter the last month of the baseline, or clear both")
        elif last and "baseline_from" not in self.errors:
            self.add_error("baseline_from", "Enter the first month of the baseline, or clear both")
        return cleaned


MONTH_CHOICES = [(n, calendar.month_name[n]) for n in range(1, 13)]


class ReadingForm(forms.Form):
    month = forms.TypedChoiceField(
        label="Month",
        choices=MONTH_CHOICES,
        coerce=int,
        error_messages={"required": "Choose a month"},
    )
    year = forms.IntegerField(
        label="Year",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as 4 numbers, like 2026",
        },
    )
    value = forms.CharField(
        label="Value",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        error_messages={"required": "Enter the value"},
        help_text="A number, like 12 or 12.5. A value for a month that already has one replaces it.",
    )

    def __init__(self, *args, metric: Metric, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.metric = metric
        self.fields["value"].label = f"Value ({metric.get_unit_display().lower()})"
        self.helper = _helper("Save value")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError("Enter a year between 2000 and 2100")
        return year

    def clean_value(self) -> Decimal:
        typed = self.cleaned_data["value"].strip().replace(",", "")
        try:
            value = Decimal(typed)
        except InvalidOperation:
            raise ValidationError("Enter the value as a number, like 12 or 12.5") from None
        if not value.is_finite():
            raise ValidationError("Enter the value as a number, like 12 or 12.5")
        if value < 0 and self.metric.unit not in UNITS_THAT_MAY_BE_NEGATIVE:
            raise ValidationError("Enter a number that is 0 or more")
        limit = MAX_READING.get(self.metric.unit, MAX_READING_DEFAULT)
        if abs(value) > limit:
            raise ValidationError(f"Enter a number no bigger than {limit:,}")
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError("Enter the value with no more than 2 decimal places")
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        month, year = cleaned.get("month"), cleaned.get("year")
        if month and year:
            period = timezone.localdate().replace(day=1)
            cleaned["period"] = period.replace(year=year, month=month)
            if cleaned["period"] > period:
                self.add_error("month", "Enter a month that has started, not one in the future")
        return cleaned


class NominationForm(forms.ModelForm):
    class Meta:
        model = AwardNomination
        fields = ["statement"]
        widgets = {"statement": Textarea()}
        labels = {"statement": "Why this project deserves the award"}
        help_texts = {
            "statement": "A few sentences are enough. Say what the people involved did together "
            "and what changed."
        }
        error_messages = {
            "statement": {
                "required": "Say why this project deserves the award",
                "max_length": "Keep it to 1,500 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send nomination")

"""The form an admin uses to build a report now."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from django import forms

from nhsuk.forms import DateField, Submit
from projects.models import Plan


class ReportRequestForm(forms.Form):
    plan = forms.ModelChoiceField(
        label="Growth plan",
        queryset=Plan.objects.none(),
        empty_label="Choose a plan",
        error_messages={"required": "Choose the growth plan to report on"},
    )
    period_start = DateField(
        label="First day of the period",
        help_text="For example, 1 7 2025",
        error_messages={"required": "Enter the first day of the period"},
    )
    period_end = DateField(
        label="Last day of the period",
        help_text="For example, 30 9 2025. The report includes this day.",
        error_messages={"required": "Enter the last day of the period"},
    )

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        plans = (
            Plan.objects.exclude(status=Plan.Status.ARCHIVED)
            .select_related("service")
            .order_by("service__name", "-start_year", "pk")
        )
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = str
        self.helper = FormHelper()
        self.helper.add_input(Submit("Build the report"))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if end and end > self.today:
            self.add_error("period_end", "The last day of the period must be today or in the past")
        elif start and end and end < start:
            self.add_error(
                "period_end",
                "The last day of the period must be the same as or after the first day",
            )
        return cleaned

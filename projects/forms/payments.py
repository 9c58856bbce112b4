from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from nhsuk.forms import DateField, Submit, Textarea
from projects.models import PaymentRun, RateCard
from projects.models.payments import pounds


def money(pence: int) -> str:
    """Pence as £ text for messages: £1,000.00."""
    return f"£{pounds(pence):,}"


class PoundsField(forms.Field):
    """An amount typed in pounds ("12.50", "£12.50", "1,000"), cleaned to whole pence.

    Messages name the amount in pounds. `max_pence` is the most it may be.
    """

    def __init__(self, *, max_pence: int, what: str = "the amount", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.max_pence = max_pence
        self.what = what

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip().replace("£", "").replace(",", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                f"Enter {self.what} in pounds, like 12.50", code="invalid"
            ) from None
        if not amount.is_finite():
            raise forms.ValidationError(f"Enter {self.what} in pounds, like 12.50", code="invalid")
        if amount < 0:
            raise forms.ValidationError(f"Enter {self.what} as £0 or more", code="negative")
        # Too much is checked first: quantizing a huge amount raises InvalidOperation.
        if amount * 100 > self.max_pence:
            raise forms.ValidationError(
                f"Enter {self.what} of {money(self.max_pence)} or less", code="too_much"
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"Enter {self.what} to the nearest penny", code="pennies")
        return int(amount * 100)

    def prepare_value(self, value: Any) -> Any:
        # Initial values are pence; typed ones are shown back as typed.
        return f"{pounds(value)}" if isinstance(value, int) else value


class RateCardForm(forms.ModelForm):
    starts_on = DateField(
        label="In force from",
        help_text="Activities on or after this date are paid at this rate. For example, 6 4 2027",
        error_messages={"required": "Enter the date this rate starts"},
    )
    hourly_rate = PoundsField(
        label="Hourly rate, in pounds",
        max_pence=20_000,
        what="the hourly rate",
        error_messages={"required": "Enter the hourly rate"},
    )

    class Meta:
        model = RateCard
        fields = ["name", "starts_on", "notes"]
        widgets = {"notes": Textarea()}
        labels = {"name": "Name", "notes": "Notes (optional)"}
        help_texts = {"name": "For example, Standard rate 2027"}
        error_messages = {
            "name": {
                "required": "Enter a name for the rate card",
                "max_length": "Name must be 80 characters or fewer",
            },
            "notes": {"max_length": "Notes must be 1,000 characters or fewer"},
        }

    field_order = ["name", "starts_on", "hourly_rate", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hourly_rate"].widget.attrs["class"] = "nhsuk-input--width-5"
        self.helper = FormHelper()
        self.helper.add_input(Submit("Add rate card", prevent_double_click=True))

    def clean_starts_on(self) -> datetime.date:
        starts_on = self.cleaned_data["starts_on"]
        if RateCard.objects.filter(starts_on=starts_on).exists():
            raise forms.ValidationError(
                "There is already a rate card starting on this date. Choose another date."
            )
        return starts_on

    def clean_hourly_rate(self) -> int:
        rate = self.cleaned_data["hourly_rate"]
        if rate == 0:
            raise forms.ValidationError("Enter an hourly rate of more than £0")
        return rate

    def save(self, commit: bool = True) -> RateCard:
        self.instance.hourly_rate_pence = self.cleaned_data["hourly_rate"]
        return super().save(commit)


class PaymentExportForm(forms.Form):
    date_from = DateField(
        label="Paid from",
        help_text="For example, 6 4 2026",
        error_messages={"required": "Enter the first date to include"},
    )
    date_to = DateField(
        label="Paid up to and including",
        help_text="For example, 5 4 2027",
        error_messages={"required": "Enter the last date to include"},
    )
    include_unpaid = forms.BooleanField(
        label="Also list what is owed but not paid yet",
        help_text="For activities between the same dates.",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("Download CSV", name="download", value="csv"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The last date must be the same as or after the first date")
        return cleaned


class MarkPaidForm(forms.Form):
    """The date finance paid a run: not in the future, not before it was gathered."""

    paid_on = DateField(
        label="Date paid",
        help_text="The day the payments left the bank. For example, 27 3 2026",
        error_messages={"required": "Enter the date the payments were made"},
    )

    def __init__(self, *args: Any, run: PaymentRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run = run
        self.helper = FormHelper()
        self.helper.add_input(Submit("Mark as paid", prevent_double_click=True))

    def clean_paid_on(self) -> datetime.date:
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError("The date paid must be today or in the past")
        gathered = timezone.localdate(self.run.created_at)
        if paid_on < gathered:
            raise forms.ValidationError(
                f"The date paid must be on or after {gathered:%-d %B %Y}, when the run was made"
            )
        return paid_on

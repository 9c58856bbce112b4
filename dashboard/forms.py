"""The dashboard's filter form: a period, a division and a service, all in the URL.

Periods of chosen dates are for governance leads and admins only. Anyone else
chooses from the listed periods (the last 12 complete months, quarters, years):
with any day as an end, two periods a day apart would give one day's figures, and
one day's payments or equality answers can be one person's.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms

from dashboard.read import Filters, scope_of, scope_root
from nhsuk.forms import DateField, filter_helper
from projects.metrics import month_start
from projects.models import Service

LAST_12_MONTHS = "last_12_months"
CUSTOM = "custom"
QUARTERS_SHOWN = 12
YEARS_SHOWN = 5
QUARTER_NAMES = {
    1: "January to March",
    2: "April to June",
    3: "July to September",
    4: "October to December",
}


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_choices(today: datetime.date, *, day_level: bool = False) -> list:
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for back in range(QUARTERS_SHOWN):
        start = _add_months(quarter_start, -3 * back)
        number = (start.month - 1) // 3 + 1
        quarters.append((f"{start.year}-q{number}", f"{QUARTER_NAMES[number]} {start.year}"))
    years = [(f"{today.year - back}", f"{today.year - back}") for back in range(YEARS_SHOWN)]
    choices = [
        (LAST_12_MONTHS, "Last 12 complete months"),
        ("Quarters", quarters),
        ("Calendar years", years),
    ]
    return [*choices, (CUSTOM, "Choose dates")] if day_level else choices


def period_dates(value: str, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """(start, end) for a period choice, `end` not included; None for custom."""
    if value == LAST_12_MONTHS:
        # Whole months only: the month under way is shown apart (`read.month_so_far`).
        end = month_start(today)
        return _add_months(end, -12), end
    if "-q" in value:
        year, number = value.split("-q")
        start = datetime.date(int(year), 3 * (int(number) - 1) + 1, 1)
        return start, _add_months(start, 3)
    if value.isdigit():
        return datetime.date(int(value), 1, 1), datetime.date(int(value) + 1, 1, 1)
    return None


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    date_from = DateField(label="From", required=False, help_text="For example, 1 4 2025")
    date_to = DateField(label="To (included)", required=False, help_text="For example, 31 3 2026")
    division = forms.TypedChoiceField(
        label="Division", required=False, coerce=int, empty_value=None
    )
    service = forms.TypedChoiceField(
        label="Service",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Includes the services below it.",
    )

    def __init__(
        self,
        *args,
        services: list[Service],
        today: datetime.date,
        day_level: bool = False,
        **kwargs,
    ) -> None:
        """`day_level`: the reader may choose exact dates (`dashboard.access.reads_day_level`)."""
        super().__init__(*args, **kwargs)
        self.services = services
        self.today = today
        self.day_level = day_level
        self.fields["period"].choices = period_choices(today, day_level=day_level)
        if not day_level:
            # "Choose dates" is not offered, and a URL that asks for it anyway is
            # told why next to the field, never quietly given the dates.
            del self.fields["date_from"], self.fields["date_to"]
            self.fields["period"].error_messages["invalid_choice"] = (
                "Choose a period from the list. Only governance leads and admins can "
                "choose exact dates"
            )
        self.fields["division"].choices = [("", "All divisions")] + [
            (s.pk, s.name) for s in services if s.kind == Service.Kind.DIVISION
        ]
        self.fields["service"].choices = [("", "All services")] + [(s.pk, s.name) for s in services]
        self.helper = filter_helper()

    def clean(self):
        cleaned = super().clean()
        if self.day_level and cleaned.get("period") == CUSTOM:
            start, last = cleaned.get("date_from"), cleaned.get("date_to")
            if not start and "date_from" not in self.errors:
                self.add_error("date_from", "Enter the first day of the period")
            if not last and "date_to" not in self.errors:
                self.add_error("date_to", "Enter the last day of the period")
            if start and last and last < start:
                self.add_error("date_to", "The last day must be on or after the first day")
        return cleaned

    def query(self) -> str:
        """The filters in force as a URL query, spelled one way however the URL
        spelled them: defaults left out, dates only for a period of chosen dates,
        nothing from an invalid form (the page then shows the defaults)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        params: list[tuple[str, object]] = []
        period = data.get("period") or LAST_12_MONTHS
        if period != LAST_12_MONTHS:
            params.append(("period", period))
        if period == CUSTOM:
            for name in ("date_from", "date_to"):
                day = data[name]
                params += [
                    (f"{name}_{part}", getattr(day, part)) for part in ("day", "month", "year")
                ]
        params += [(name, data[name]) for name in ("division", "service") if data.get(name)]
        return urlencode(params)

    def filters(self) -> Filters:
        """The filters to apply: the valid choices, or the defaults when none are made
        (an invalid form shows its errors and the page falls back to the default)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = data.get("period") or LAST_12_MONTHS
        if period == CUSTOM:
            start = data["date_from"]
            end = data["date_to"] + datetime.timedelta(days=1)
            label = f"{start:%-d %B %Y} to {data['date_to']:%-d %B %Y}"
        else:
            start, end = period_dates(period, self.today)  # type: ignore[misc]
            label = dict(_flat(self.fields["period"].choices))[period]
        division, service = data.get("division"), data.get("service")
        names = {s.pk: s.name for s in self.services}
        scope_label = " and ".join(names[pk] for pk in (division, service) if pk) or "All services"
        under_way = month_start(self.today)
        return Filters(
            start=start,
            end=end,
            label=label,
            service_ids=scope_of(self.services, division, service),
            scope=scope_root(self.services, division, service),
            scope_label=scope_label,
            incomplete_from=under_way if end > under_way else None,
        )


def _flat(choices) -> list[tuple[str, str]]:
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat

"""Growth plan readings: a month's value of a metric that is entered by hand.
Checked and saved by `reading_record`, as the readings page does."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from imports.kinds.base import Column, Importer, Planned, Row
from imports.models import ImportRow, Kind
from imports.values import normalise
from projects.models import Metric, Reading, reading_record

CHARITY_WIDE = "charity-wide"


class ReadingsImporter(Importer):
    kind = Kind.READINGS
    columns = (
        Column(
            "Service",
            "The service whose growth plan the metric is in, by its name in Coprod. Empty "
            "(or Charity-wide) for the charity-wide plan.",
            ("Ward 3", "Ward 3"),
            aliases=("Plan",),
        ),
        Column(
            "Metric",
            "The metric's name exactly as in the plan. Only metrics entered by hand take readings.",
            ("Carers' café visits", "Carers' café visits"),
            required=True,
        ),
        Column(
            "Month",
            "The month the value is for, like Jan 2025, 01/2025 or any date in it.",
            ("Jan 2025", "Feb 2025"),
            required=True,
            aliases=("Period",),
        ),
        Column(
            "Value",
            "The number for that month, like 12 or 45.5.",
            ("12", "15"),
            required=True,
            aliases=("Reading",),
        ),
    )
    field_columns = {"value": "Value", "period": "Month", "__all__": "Metric"}

    def prepare(self, rows: list[Row]) -> None:
        # Newest plan first: a metric named in several plans of a service is
        # the one in its current plan.
        self.metrics: dict[tuple[str, str], Metric] = {}
        for metric in Metric.objects.select_related("plan__service").order_by(
            "-plan__start_year", "pk"
        ):
            service = (
                normalise(metric.plan.service.name) if metric.plan.service_id else CHARITY_WIDE
            )
            self.metrics.setdefault((service, normalise(metric.name)), metric)
        self.readings: dict[tuple[int, datetime.date], Reading] = {
            (reading.metric_id, reading.period): reading
            for reading in Reading.objects.filter(metric__in={m.pk for m in self.metrics.values()})
        }
        self.seen: dict[tuple[int, datetime.date], int] = {}

    def plan(self, row: Row) -> Planned | None:
        service = normalise(row.text("Service")) or CHARITY_WIDE
        name = row.text("Metric", required=True)
        metric = self.metrics.get((service, normalise(name)))
        if name and metric is None:
            where = (
                "the charity-wide plan"
                if service == CHARITY_WIDE
                else f"the plan for {row.text('Service')}"
            )
            row.problem("Metric", f"{where} has no metric called {name}")
        period = row.month("Month", required=True)
        value = row.decimal("Value", required=True)
        if metric is None or period is None or value is None:
            return None
        existing = self.readings.get((metric.pk, period))
        reading = Reading(metric=metric, period=period, value=value, entered_by=self.by)
        if existing is not None:
            reading.pk = existing.pk
        try:
            reading.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            row.validation(error, self.field_columns)
        if not row.ok:
            return None
        key = (metric.pk, period)
        if key in self.seen:
            row.problem(
                "Month", f"{name} already has a value for {period:%B %Y} on row {self.seen[key]}"
            )
            return None
        self.seen[key] = row.number
        if existing is None:
            action = ImportRow.Action.CREATED
        else:
            action = (
                ImportRow.Action.SKIPPED if existing.value == value else ImportRow.Action.UPDATED
            )
        return Planned(
            row=row.number,
            action=action,
            label=f"{metric.name}, {period:%B %Y}: {value}",
            save=(
                lambda: reading_record(metric=metric, period=period, value=value, user=self.by).pk
            )
            if action != ImportRow.Action.SKIPPED
            else None,
            object_id=existing.pk if existing else None,
        )

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from simple_history.models import HistoricalRecords


class RateCardQuerySet(models.QuerySet["RateCard"]):
    def in_force_on(self, day: datetime.date) -> RateCard | None:
        """The card that applies on `day`: the latest one starting on or before it."""
        return self.filter(starts_on__lte=day).order_by("-starts_on").first()


class RateCard(models.Model):
    """What people with lived experience are paid per hour from a date onwards.

    Cards are never edited once used: a new rate is a new card with a later
    start date, so past payments keep the rate they were made at.
    """

    name = models.CharField(max_length=80)
    starts_on = models.DateField("in force from", unique=True)
    hourly_rate_pence = models.PositiveIntegerField("hourly rate, in pence")
    notes = models.TextField(max_length=1000, blank=True)

    history = HistoricalRecords()
    objects = RateCardQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.name} (from {self.starts_on:%-d %B %Y})"

    @property
    def hourly_rate_pounds(self) -> Decimal:
        return pounds(self.hourly_rate_pence)

    def fee_for(self, hours: Decimal) -> int:
        """The fee in whole pence for `hours`, rounding half a penny up."""
        return int((Decimal(self.hourly_rate_pence) * hours).quantize(Decimal(1), ROUND_HALF_UP))


def tax_year_of(day: datetime.date) -> int:
    """UK tax years run 6 April to 5 April; a year is named by the year it starts."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


def tax_year_label(start_year: int) -> str:
    return f"6 April {start_year} to 5 April {start_year + 1}"


def pounds(pence: int) -> Decimal:
    """Whole pence as pounds with two decimal places, exactly (never a float)."""
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))

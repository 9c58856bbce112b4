from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
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


NO_COST_CENTRE = "Not set"


class PaymentRunQuerySet(models.QuerySet["PaymentRun"]):
    def open(self) -> PaymentRunQuerySet:
        return self.filter(paid_on__isnull=True, cancelled_at__isnull=True)

    def paid(self) -> PaymentRunQuerySet:
        return self.filter(paid_on__isnull=False)

    def closed(self) -> PaymentRunQuerySet:
        """Paid or cancelled, newest first: either way, done with."""
        return self.exclude(paid_on__isnull=True, cancelled_at__isnull=True).order_by(
            Coalesce("paid_on", TruncDate("cancelled_at")).desc(), "-pk"
        )

    def with_totals(self) -> PaymentRunQuerySet:
        return self.annotate(
            line_count=models.Count("lines"),
            to_people_pence=Coalesce(models.Sum("lines__to_person_pence"), 0),
            to_charities_pence=Coalesce(models.Sum("lines__to_charity_pence"), 0),
        )


class PaymentRun(models.Model):
    """Payments gathered to be paid together: reviewed, exported for the finance
    system, then marked paid, which dates every involvement in it.

    Open until `paid_on` is set; a paid run never changes again. An open run not
    yet exported may be cancelled instead: its lines are removed (their history
    kept), so its payments are due again, and the run stays, dated, as cancelled.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField("last exported", null=True, blank=True)
    paid_on = models.DateField("date paid", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = PaymentRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RUN-{self.pk:04d}"

    @property
    def is_open(self) -> bool:
        return self.paid_on is None and self.cancelled_at is None

    @property
    def can_cancel(self) -> bool:
        """Only before it is exported: once finance has it, cancelling here
        would not stop the payments there."""
        return self.is_open and self.exported_at is None


class PaymentLine(models.Model):
    """One involvement's payment in a run, as gathered: who is paid (by payee
    reference), how much to them and how much to a charity they chose, and the
    cost centre it is charged to. The amounts are copied so the run says what was
    exported even if the involvement is corrected later."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="lines")
    # One line per involvement, ever: a payment is gathered into one run, and a
    # paid one is never gathered again (the run's paid date is on the involvement).
    involvement = models.OneToOneField(
        "projects.Involvement", on_delete=models.PROTECT, related_name="payment_line"
    )
    to_person_pence = models.PositiveIntegerField("fee and expenses to the person")
    to_charity_pence = models.PositiveIntegerField("fee given to a charity", default=0)
    charity = models.CharField(max_length=120, blank=True)
    cost_centre = models.CharField(max_length=20)

    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_person_pence__gt=0) | models.Q(to_charity_pence__gt=0),
                name="payment_line_pays_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.involvement} in {self.run}"

    @property
    def to_person_pounds(self) -> Decimal:
        return pounds(self.to_person_pence)

    @property
    def to_charity_pounds(self) -> Decimal:
        return pounds(self.to_charity_pence)

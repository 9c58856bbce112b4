from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from projects.models.payments import pounds, tax_year_label
from projects.rungs import Rung, RungStatus

if TYPE_CHECKING:
    from projects.models import Project, Service

MAX_FEE_PENCE = 100_000  # £1,000: no single involvement is paid more
MAX_EXPENSES_PENCE = 50_000  # £500 of expenses for one involvement


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, user) -> ActivityQuerySet:
        from projects.models import Project

        return self.filter(project__in=Project.objects.visible_to(user))

    def in_period(self, start: datetime.date, end: datetime.date) -> ActivityQuerySet:
        """Activities on or after `start` and before `end`."""
        return self.filter(date__gte=start, date__lt=end)

    def matching(
        self,
        *,
        service: Service | None = None,
        project: Project | None = None,
        kind: str = "",
        date_from: datetime.date | None = None,
        date_to: datetime.date | None = None,
        text: str = "",
        rungs: list[int] | None = None,
        rung_status: str = "",
        faux_production: bool | None = None,
    ) -> ActivityQuerySet:
        """The activities a list or export filter asks for; both dates are inclusive.

        The service filter uses a subquery rather than a join so that one activity
        in a project shared by two services is still one row.
        """
        from projects.models import Project

        found = self
        if service is not None:
            found = found.filter(
                project__in=Project.objects.filter(services__in=service.descendant_ids())
            )
        if project is not None:
            found = found.filter(project=project)
        if kind:
            found = found.filter(kind=kind)
        if date_from:
            found = found.filter(date__gte=date_from)
        if date_to:
            found = found.filter(date__lte=date_to)
        if text := text.strip():
            found = found.filter(
                Q(title__icontains=text)
                | Q(description__icontains=text)
                | Q(what_changed__icontains=text)
            )
        if rungs is not None:
            found = found.filter(rung__in=rungs)
        if rung_status:
            found = found.filter(rung_status=rung_status)
        if faux_production is not None:
            found = found.filter(faux_production=faux_production)
        return found

    def with_participant_counts(self) -> ActivityQuerySet:
        """Adds `lived_experience_count`, `staff_count` and `total_hours`.

        Subqueries, not joins and GROUP BY, so they combine with any filter and
        the row count of the outer query never changes.
        """
        involvements = Involvement.objects.filter(activity=OuterRef("pk")).order_by()
        return self.annotate(
            lived_experience_count=_count_of(involvements.filter(person__isnull=False)),
            staff_count=_count_of(involvements.filter(staff__isnull=False)),
            total_hours=Coalesce(
                Subquery(
                    involvements.values("activity").annotate(total=Sum("hours")).values("total")
                ),
                Value(Decimal(0)),
                output_field=models.DecimalField(max_digits=9, decimal_places=2),
            ),
        )


def _count_of(queryset: models.QuerySet) -> Coalesce:
    counted = queryset.values("activity").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0), output_field=models.IntegerField())


class Activity(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        WORKSHOP = "workshop", "Workshop"
        FOCUS_GROUP = "focus_group", "Focus group"
        QUESTIONNAIRE = "questionnaire", "Questionnaire"
        INTERVIEW_PANEL = "interview_panel", "Interview panel"
        EVENT = "event", "Co-designed event"
        TRAINING = "training", "Training or recovery college session"
        REIS = "reis", "Environmental assessment (REIS)"
        ALWAYS_EVENT = "always_event", "Always Event"
        WRITING = "writing", "Writing a document together"
        OTHER = "other", "Something else"

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField()
    kind = models.CharField("kind of activity", max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=4000, blank=True)
    duration_minutes = models.PositiveIntegerField(
        "how long it took, in minutes",
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    what_changed = models.TextField(
        "what changed because of this",
        max_length=4000,
        blank=True,
        help_text="You said, we did: what is different because of this work. You can add it later.",
    )
    # Kept up to date by the ladder app whenever the activity is classified or the
    # people involved confirm or contest it, so lists can filter and count by rung.
    rung = models.PositiveSmallIntegerField(choices=Rung.choices, null=True, blank=True)
    rung_status = models.CharField(
        max_length=20, choices=RungStatus.choices, default=RungStatus.UNCLASSIFIED
    )
    faux_production = models.BooleanField(
        "possible faux-production",
        default=False,
        help_text="Called co-design or co-production, but the evidence or the people "
        "involved say otherwise.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_display(self) -> str:
        """ "1 hour 30 minutes", "2 hours", "45 minutes"."""
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        return " ".join(parts) or "0 minutes"


class ReisDomain(models.TextChoices):
    """The four domains of the Residential Environment Impact Scale. Codes and
    scores only: the scale's item wording is licensed and is not stored."""

    EVERYDAY_SPACE = "space", "Everyday space"
    EVERYDAY_OBJECTS = "objects", "Everyday objects"
    ENABLING_RELATIONSHIPS = "relationships", "Enabling relationships"
    STRUCTURE_OF_ACTIVITIES = "activities", "Structure of activities"


class ReisScore(models.Model):
    class Rating(models.IntegerChoices):
        STRONG_INTERFERENCE = 1, "1: gets in the way a lot"
        SOME_INTERFERENCE = 2, "2: gets in the way a little"
        SOME_SUPPORT = 3, "3: supports people"
        STRONG_SUPPORT = 4, "4: supports people very well"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reis_scores")
    domain = models.CharField(max_length=20, choices=ReisDomain.choices)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    findings = models.TextField(max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "domain"], name="one_score_per_domain"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=4), name="reis_rating_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.rating}"


class InvolvementQuerySet(models.QuerySet["Involvement"]):
    def lived_experience(self) -> InvolvementQuerySet:
        return self.filter(person__isnull=False)

    def paid_between(self, start: datetime.date, end: datetime.date) -> InvolvementQuerySet:
        return self.filter(paid_on__gte=start, paid_on__lte=end)

    def for_payment_export(
        self, start: datetime.date, end: datetime.date, *, include_unpaid: bool = False
    ) -> InvolvementQuerySet:
        """Lived-experience payments made from `start` to `end` (inclusive), for
        finance. With `include_unpaid`, also what is owed but not yet paid for
        activities in the same dates."""
        wanted = Q(paid_on__gte=start, paid_on__lte=end) | Q(
            vouchers_given_on__gte=start, vouchers_given_on__lte=end
        )
        if include_unpaid:
            wanted |= Q(
                paid_on__isnull=True,
                activity__date__gte=start,
                activity__date__lte=end,
            ) & (Q(fee_paid_pence__gt=0) | Q(expenses_pence__gt=0))
            wanted |= Q(
                payment_choice=Involvement.PaymentChoice.VOUCHERS,
                fee_paid_pence__gt=0,
                vouchers_given_on__isnull=True,
                activity__date__gte=start,
                activity__date__lte=end,
            )
        return (
            self.lived_experience()
            .filter(wanted)
            .select_related("person", "activity__project")
            .order_by(F("paid_on").asc(nulls_last=True), "activity__date", "pk")
        )

    def due_for_payment(self, *, on: datetime.date) -> InvolvementQuerySet:
        """Payments agreed and owed: people with lived experience, a payment choice
        recorded when the activity was logged, an activity on or before `on`,
        something to pay (a fee, given to them or to a charity, or expenses), not yet
        paid and in no payment run."""
        return (
            self.lived_experience()
            .exclude(payment_choice="")
            .filter(paid_on__isnull=True, payment_line__isnull=True, activity__date__lte=on)
            .filter(Q(fee_paid_pence__gt=0) | Q(expenses_pence__gt=0))
            .exclude(Q(payment_choice=Involvement.PaymentChoice.DECLINED) & Q(expenses_pence=0))
            # Vouchers are handed out, not paid by bank: only their expenses are due.
            .exclude(Q(payment_choice=Involvement.PaymentChoice.VOUCHERS) & Q(expenses_pence=0))
        )

    def vouchers_to_give(self, *, on: datetime.date) -> InvolvementQuerySet:
        """Fees people chose to have as vouchers, for activities on or before `on`,
        not yet given: a list of its own, apart from bank payment runs."""
        return (
            self.lived_experience()
            .filter(
                payment_choice=Involvement.PaymentChoice.VOUCHERS,
                fee_paid_pence__gt=0,
                vouchers_given_on__isnull=True,
                activity__date__lte=on,
            )
            .select_related("person", "activity__project")
            .order_by("activity__date", "pk")
        )

    def tax_year_totals(self) -> TaxYearTotals:
        """Hours and money per UK tax year (6 April to 5 April), newest first.

        Filter first, for example `Involvement.objects.filter(person=p).tax_year_totals()`.
        Only people with lived experience count. A payment counts in the tax year
        of its paid date. Money owed but not yet paid is one row with `year=None`
        ("Not yet paid"), shown first. Hours with nothing to pay (declined, or no
        fee and no expenses) count in the tax year of the activity.
        Fees given to a charity, and fees had as vouchers, are kept apart from
        fees paid to the person, because benefit rules may treat them differently.
        Vouchers count in the tax year they were given (with any expenses of the
        same activity), and as not yet paid until then.
        """
        nothing_owed = Q(fee_paid_pence=0, expenses_pence=0)
        vouchers = Q(payment_choice=Involvement.PaymentChoice.VOUCHERS)
        counted_on = Coalesce(
            Case(
                When(vouchers & Q(fee_paid_pence__gt=0), then=F("vouchers_given_on")),
                default=F("paid_on"),
            ),
            Case(When(nothing_owed, then=F("activity__date")), default=Value(None)),
            output_field=models.DateField(),
        )
        before_6_april = Q(counted_on__month__lt=4) | Q(counted_on__month=4, counted_on__day__lt=6)
        donated = Q(payment_choice=Involvement.PaymentChoice.DONATED)
        rows = (
            self.lived_experience()
            .annotate(counted_on=counted_on)
            .annotate(
                tax_year=F("counted_on__year")
                - Case(When(before_6_april, then=Value(1)), default=Value(0))
            )
            .order_by()
            .values("tax_year")
            .annotate(
                hours=Sum("hours"),
                fee=Sum("fee_paid_pence", filter=~donated & ~vouchers),
                donated=Sum("fee_paid_pence", filter=donated),
                vouchers=Sum("fee_paid_pence", filter=vouchers),
                expenses=Sum("expenses_pence"),
            )
        )
        totals = [
            TaxYearTotal(
                year=row["tax_year"],
                hours=row["hours"] or Decimal(0),
                fee_pence=row["fee"] or 0,
                donated_pence=row["donated"] or 0,
                expenses_pence=row["expenses"] or 0,
                vouchers_pence=row["vouchers"] or 0,
            )
            for row in rows
        ]
        # "Not yet paid" first, then the newest year.
        return TaxYearTotals(sorted(totals, key=lambda total: -(total.year or 10_000)))


class TaxYearTotals(list["TaxYearTotal"]):
    """The rows of `InvolvementQuerySet.tax_year_totals()`."""

    @property
    def has_vouchers(self) -> bool:
        """Whether any year holds vouchers: only then do statements give them a column."""
        return any(total.vouchers_pence for total in self)


@dataclass(frozen=True)
class TaxYearTotal:
    """One row of `InvolvementQuerySet.tax_year_totals()`. `year` is the calendar
    year the tax year starts in, or None for money owed but not yet paid."""

    year: int | None
    hours: Decimal
    fee_pence: int
    donated_pence: int
    expenses_pence: int
    vouchers_pence: int = 0

    @property
    def label(self) -> str:
        return tax_year_label(self.year) if self.year is not None else "Not yet paid"

    @property
    def fee_pounds(self) -> Decimal:
        return pounds(self.fee_pence)

    @property
    def donated_pounds(self) -> Decimal:
        return pounds(self.donated_pence)

    @property
    def expenses_pounds(self) -> Decimal:
        return pounds(self.expenses_pence)

    @property
    def vouchers_pounds(self) -> Decimal:
        return pounds(self.vouchers_pence)


class Involvement(models.Model):
    """Who took part in an activity, how, for how long, and what they were paid.

    Exactly one of `person` (someone with lived experience, from the register)
    and `staff` (a member of staff with an account) is set. Only people with
    lived experience are paid: fee and expenses are kept apart, and the fee due
    comes from the rate card in force on the activity's date.
    """

    class Part(models.TextChoices):
        ATTENDED = "attended", "Took part"
        CO_FACILITATED = "co_facilitated", "Co-facilitated"
        LED = "led", "Led"
        REVIEWED = "reviewed", "Reviewed or commented"

    class PaymentChoice(models.TextChoices):
        PAID = "paid", "Paid in full"
        REDUCED = "reduced", "Chose to take less"
        DECLINED = "declined", "Chose not to be paid"
        DONATED = "donated", "Gave it to a charity"
        # Offered only where the organisation gives vouchers (`PAYMENT_VOUCHERS`).
        VOUCHERS = "vouchers", "Vouchers instead of money"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "projects.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    part = models.CharField(max_length=20, choices=Part.choices, default=Part.ATTENDED)
    hours = models.DecimalField(
        "hours, including preparation",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    rate_card = models.ForeignKey(
        "projects.RateCard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fee_due_pence = models.PositiveIntegerField(default=0)
    fee_paid_pence = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(MAX_FEE_PENCE)]
    )
    expenses_pence = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(MAX_EXPENSES_PENCE)]
    )
    payment_choice = models.CharField(max_length=20, choices=PaymentChoice.choices, blank=True)
    donated_to = models.CharField("charity", max_length=120, blank=True)
    paid_on = models.DateField("date paid", null=True, blank=True)
    # Vouchers are handed out by the team, not paid by bank: their own date. Any
    # expenses are still paid by bank, dated by `paid_on`.
    vouchers_given_on = models.DateField("date vouchers given", null=True, blank=True)

    history = HistoricalRecords()
    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(staff__isnull=True))
                | (Q(person__isnull=True) & Q(staff__isnull=False)),
                name="involvement_is_a_person_or_staff",
            ),
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="person_once_per_activity",
            ),
            models.UniqueConstraint(
                fields=["activity", "staff"],
                condition=Q(staff__isnull=False),
                name="staff_once_per_activity",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | (Q(fee_paid_pence=0) & Q(expenses_pence=0)),
                name="only_lived_experience_is_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.staff} at {self.activity}"

    @property
    def to_person_pence(self) -> int:
        """What the person is paid: the fee they chose to take (all of it, or less;
        none if they declined it or gave it to a charity) and their expenses, which
        are their own money back whatever they chose about the fee."""
        keeps_fee = self.payment_choice in (self.PaymentChoice.PAID, self.PaymentChoice.REDUCED)
        return (self.fee_paid_pence if keeps_fee else 0) + self.expenses_pence

    @property
    def to_charity_pence(self) -> int:
        return self.fee_paid_pence if self.payment_choice == self.PaymentChoice.DONATED else 0

    @property
    def vouchers_pence(self) -> int:
        """The fee given as vouchers: never in a bank payment, never money to them."""
        return self.fee_paid_pence if self.payment_choice == self.PaymentChoice.VOUCHERS else 0

    @property
    def vouchers_pounds(self) -> Decimal:
        return pounds(self.vouchers_pence)

    @property
    def participant_name(self) -> str:
        return str(self.person or self.staff)

    @property
    def fee_due_pounds(self) -> Decimal:
        return pounds(self.fee_due_pence)

    @property
    def fee_paid_pounds(self) -> Decimal:
        return pounds(self.fee_paid_pence)

    @property
    def expenses_pounds(self) -> Decimal:
        return pounds(self.expenses_pence)

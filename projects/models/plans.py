"""Growth plans: each service's standards, priorities and output metrics.

They live in `projects` because projects point at priorities, and `projects` is
at the bottom of the dependency graph. The computations behind computed metrics
are in `projects/metrics.py`; their names are `Computation` below.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from projects.rungs import Rung
from projects.standard_templates import ModelPart


class Principle(models.TextChoices):
    """The seven principles of co-production (adapted from Lokot and Wake, 2021).
    The `principles` app asks people to rate them; plans tie standards to them."""

    POWER = "power", "Power"
    KNOWLEDGE = "knowledge", "Knowledge"
    PARTNERSHIPS = "partnerships", "Partnerships"
    GIVE_AND_TAKE = "give_and_take", "Give and take"
    MUTUAL_BENEFIT = "mutual_benefit", "Mutual benefit"
    REFLECTION = "reflection", "Reflection"
    FLEXIBILITY = "flexibility", "Flexibility"


class Computation(models.TextChoices):
    """Names of the tested computations in `projects.metrics.COMPUTATIONS`."""

    CO_DESIGN_OR_ABOVE = "co_design_or_above", "Activities at co-design or above"
    DOING_WITH_SHARE = "doing_with_share", "Share of classified activities in “doing with”"
    LIVED_EXPERIENCE_PEOPLE = "lived_experience_people", "People with lived experience involved"
    NEW_PEOPLE = "new_people", "People involved for the first time"
    LIVED_EXPERIENCE_HOURS = "lived_experience_hours", "Hours given by people with lived experience"
    CONFIRMED_SHARE = "confirmed_share", "Share of classifications confirmed by participants"
    DAYS_TO_PAYMENT = "days_to_payment", "Median days from activity to payment"


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user) -> PlanQuerySet:
        """Admins, governance leads and all staff read every plan (staff learn from
        other services' plans). An expert by experience reads only the plans with
        a priority delivered by a project they belong to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_trust_staff:
            return self
        from projects.models import Membership

        member = Membership.objects.filter(
            user=user, project__priority__plan=OuterRef("pk")
        ).order_by()
        return self.filter(Exists(member))


class Plan(models.Model):
    """A service's co-production growth plan for one plan period.

    A plan with no service is the charity-wide plan that service plans sit under.
    """

    class Phase(models.TextChoices):
        ESTABLISH = "establish", "Establish"
        IMPLEMENT = "implement", "Implement"
        REVIEW = "review", "Review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    class ReviewFrequency(models.TextChoices):
        MONTHLY = "monthly", "Every month"
        QUARTERLY = "quarterly", "Every 3 months"
        TWICE_A_YEAR = "twice_a_year", "Every 6 months"
        YEARLY = "yearly", "Every year"

    service = models.ForeignKey(
        "projects.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="Leave empty for the charity-wide plan.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_plans",
        limit_choices_to={"service__isnull": True},
    )
    start_year = models.PositiveSmallIntegerField("first year", default=2024)
    end_year = models.PositiveSmallIntegerField("last year", default=2028)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.ESTABLISH)
    establish_from = models.DateField(default=datetime.date(2024, 1, 1))
    implement_from = models.DateField(default=datetime.date(2026, 1, 1))
    review_from = models.DateField(default=datetime.date(2028, 1, 1))
    sponsor_name = models.CharField("executive sponsor", max_length=120)
    sponsor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_plans",
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_plans"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_frequency = models.CharField(
        max_length=20, choices=ReviewFrequency.choices, default=ReviewFrequency.QUARTERLY
    )
    next_review_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[owners])
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "service__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "start_year", "end_year"],
                name="one_plan_per_service_and_period",
                violation_error_message="This service already has a plan for these years.",
            ),
            models.UniqueConstraint(
                fields=["start_year", "end_year"],
                condition=Q(service__isnull=True),
                name="one_charity_wide_plan_per_period",
                violation_error_message="There is already a charity-wide plan for these years.",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} growth plan {self.start_year} to {self.end_year}"

    @property
    def service_name(self) -> str:
        return self.service.name if self.service_id else "Charity-wide"

    def service_ids(self) -> set[int]:
        """The services this plan measures: its service and every one below it;
        for the charity-wide plan, every service."""
        from projects.models import Service

        if self.service is None:
            return set(Service.objects.values_list("pk", flat=True))
        return self.service.descendant_ids()


class Standard(models.Model):
    """What good co-production looks like in the service, tied to a principle."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="standards")
    statement = models.TextField(max_length=1000)
    principle = models.CharField(max_length=20, choices=Principle.choices)
    model_part = models.CharField(
        "value or step of the Co-Production Model",
        max_length=30,
        choices=ModelPart.choices,
        blank=True,
        help_text="The part of the national Co-Production Model it came from, if any. "
        "Reports group standards by it.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.statement[:60]


class StandardTemplate(models.Model):
    """A plan's standards, saved by an admin to start other plans from."""

    name = models.CharField(max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class StandardTemplateItem(models.Model):
    """One standard in a saved template."""

    template = models.ForeignKey(StandardTemplate, on_delete=models.CASCADE, related_name="items")
    statement = models.TextField(max_length=1000)
    principle = models.CharField(max_length=20, choices=Principle.choices)
    model_part = models.CharField(max_length=30, choices=ModelPart.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.statement[:60]


class Priority(models.Model):
    """Something the service will do, the rung it aims for, and how it is going.
    Projects deliver it through `Project.priority`."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        DONE = "done", "Done"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=2000, blank=True)
    target_rung = models.PositiveSmallIntegerField("rung it aims for", choices=Rung.choices)
    due_date = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.TextField("why the status changed", max_length=1000, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Metric(models.Model):
    """An output metric: computed from the product's own records by a named
    computation, or entered by hand as monthly readings. Never both."""

    class Unit(models.TextChoices):
        COUNT = "count", "Number"
        PEOPLE = "people", "People"
        PERCENT = "percent", "Percentage"
        HOURS = "hours", "Hours"
        DAYS = "days", "Days"
        POUNDS = "pounds", "Pounds"
        SCORE = "score", "Score (can be below zero)"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither: it is for information"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Every month"
        QUARTERLY = "quarterly", "Every 3 months"

    class Source(models.TextChoices):
        COMPUTED = "computed", "Worked out from what is logged"
        MANUAL = "manual", "Entered by hand"
        # Written month by month from an Always Event's reliability measure
        # (`improvement.services.reliability_record`): the app above writes its
        # readings, so this one needs to know nothing about Always Events.
        ALWAYS_EVENT = "always_event", "Always Event reliability"

    class Conflict(models.TextChoices):
        IMPROVEMENT = "improvement", "An improvement"
        CONCERN = "concern", "A concern"
        NEITHER = "neither", "Neither"

    RUN_LENGTHS = [(6, "6"), (7, "7"), (8, "8")]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=120)
    definition = models.TextField("what it counts", max_length=1000)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(
        "which way is better", max_length=20, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    computation = models.CharField(max_length=40, choices=Computation.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Statistical process control (charts/spc.py): run lengths from 6 to 8 as in
    # NHS England's SPC SQL, what a point that is both improvement and concern shows,
    # and an optional baseline whose limits are fixed and carried forward.
    shift_length = models.PositiveSmallIntegerField(
        "points in a row on one side of the mean that count as a shift",
        choices=RUN_LENGTHS,
        default=6,
    )
    trend_length = models.PositiveSmallIntegerField(
        "points in a row going up or down that count as a trend",
        choices=RUN_LENGTHS,
        default=6,
    )
    conflict = models.CharField(
        "when a point is both an improvement and a concern",
        max_length=20,
        choices=Conflict.choices,
        default=Conflict.CONCERN,
    )
    baseline_from = models.DateField("first month of the baseline", null=True, blank=True)
    baseline_to = models.DateField("last month of the baseline", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computation=""))
                | (Q(source__in=["manual", "always_event"]) & Q(computation="")),
                name="computed_metrics_name_a_computation",
            ),
            models.CheckConstraint(
                condition=Q(shift_length__gte=6, shift_length__lte=8)
                & Q(trend_length__gte=6, trend_length__lte=8),
                name="metric_run_lengths_from_6_to_8",
            ),
            models.CheckConstraint(
                condition=Q(baseline_from__isnull=True, baseline_to__isnull=True)
                | Q(
                    baseline_from__day=1,
                    baseline_to__day=1,
                    baseline_to__gt=models.F("baseline_from"),
                ),
                name="metric_baseline_is_whole_months_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED

    @property
    def is_typed(self) -> bool:
        """Someone types its monthly values in on the plan page."""
        return self.source == self.Source.MANUAL

    @property
    def has_baseline(self) -> bool:
        return self.baseline_from is not None and self.baseline_to is not None

    def meets_target(self, value: Decimal | None) -> bool | None:
        """True or False against the target; None when there is no value or no
        direction is better."""
        if value is None or self.direction == self.Direction.NEITHER:
            return None
        if self.direction == self.Direction.HIGHER:
            return value >= self.target
        return value <= self.target


# Limits for a typed reading: anything above is a typing slip, not a measurement.
MAX_READING = {Metric.Unit.PERCENT: Decimal(100)}
MAX_READING_DEFAULT = Decimal(1_000_000)
UNITS_THAT_MAY_BE_NEGATIVE = {Metric.Unit.SCORE}


class Reading(models.Model):
    """One month's value of a metric entered by hand."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="readings")
    period = models.DateField(help_text="The first day of the month the value is for.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "period"], name="one_reading_per_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="reading_period_is_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} in {self.period:%B %Y}"

    def clean(self) -> None:
        if self.metric_id and self.metric.is_computed:
            raise ValidationError(
                "This metric is worked out from what is logged, so it cannot be typed in."
            )
        if self.value is not None:
            unit = self.metric.unit if self.metric_id else ""
            if self.value < 0 and unit not in UNITS_THAT_MAY_BE_NEGATIVE:
                raise ValidationError({"value": "Enter a number that is 0 or more"})
            limit = MAX_READING.get(unit, MAX_READING_DEFAULT)
            if abs(self.value) > limit:
                raise ValidationError({"value": f"Enter a number no bigger than {limit:,}"})


def reading_record(*, metric: Metric, period: datetime.date, value: Decimal, user) -> Reading:
    """Record (or replace) a month's reading of a manual metric.

    Refuses computed metrics and bad values with `ValidationError`, whoever calls.
    """
    reading = Reading.objects.filter(metric=metric, period=period).first() or Reading(
        metric=metric, period=period
    )
    reading.value = value
    reading.entered_by = user
    reading.full_clean()
    reading.save()
    return reading


def standards_add(*, plan: Plan, suggestions) -> list[Standard]:
    """Add a template's standards after the plan's own, each keeping the principle
    and the part of the Co-Production Model it came from."""
    start = plan.standards.count()
    return [
        Standard.objects.create(
            plan=plan,
            statement=suggestion.statement,
            principle=suggestion.principle,
            model_part=suggestion.model_part,
            order=start + n,
        )
        for n, suggestion in enumerate(suggestions, start=1)
    ]


def standards_save_as_template(*, plan: Plan, name: str, by) -> StandardTemplate:
    """Save the plan's standards, as they are now, as a template of its own."""
    template = StandardTemplate.objects.create(name=name, created_by=by)
    for n, standard in enumerate(plan.standards.all(), start=1):
        StandardTemplateItem.objects.create(
            template=template,
            statement=standard.statement,
            principle=standard.principle,
            model_part=standard.model_part,
            order=n,
        )
    return template


class AwardNomination(models.Model):
    """A nomination of a project for the co-production award."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="award_nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField("why this project", max_length=1500)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Nomination of {self.project}"

"""Improvement methods run with the people who use a service: Always Events.

An Always Event is something a team promises will always happen for the people it
serves, found out with them, tested in PDSA cycles and measured for how reliably it
happens (IHI's method). It belongs to one service (its team) and may be run through a
project, whose leads (staff or expert co-leads) change it as they change the project.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from projects.models import Activity, Membership, Metric, Person, Project, Service


class Stage(models.TextChoices):
    GETTING_READY = "getting_ready", "Getting ready"
    WHAT_MATTERS = "what_matters", "Finding out what matters"
    CO_DESIGNING = "co_designing", "Co-designing"
    TESTING = "testing", "Testing"
    SPREADING = "spreading", "Spreading"


STAGES = list(Stage)

# IHI's four criteria for an Always Event: the field holding whether it is met, and
# the one holding the evidence for it.
CRITERIA = (
    ("important", "Important to patients and families"),
    ("evidence_based", "Evidence-based"),
    ("measurable", "Measurable"),
    ("affordable", "Affordable and sustainable"),
)


class AlwaysEventQuerySet(models.QuerySet["AlwaysEvent"]):
    def visible_to(self, user) -> AlwaysEventQuerySet:
        """Admins and governance leads read every event; staff read their services'
        events (as the home team or a team that adopted it) and those run through a
        project they belong to; experts by experience, only those of their projects."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.reads_everything:
            return self
        member = Membership.objects.filter(project=OuterRef("project_id"), user=user)
        if user.is_staff_member:
            adopted = Adoption.objects.filter(event=OuterRef("pk"), service__members=user)
            home = Service.objects.filter(pk=OuterRef("service_id"), members=user)
            return self.filter(Exists(member) | Exists(home) | Exists(adopted))
        return self.filter(Exists(member))

    def editable_by(self, user) -> AlwaysEventQuerySet:
        """Admins change every event; staff of its home service and the leads of its
        project (staff or expert co-leads) change it; governance leads only read."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_governance:
            return self.none()
        lead = Membership.objects.filter(
            project=OuterRef("project_id"), user=user, role=Membership.Role.LEAD
        )
        if user.is_staff_member:
            home = Service.objects.filter(pk=OuterRef("service_id"), members=user)
            return self.filter(Exists(lead) | Exists(home))
        return self.filter(Exists(lead))


class AlwaysEvent(models.Model):
    class Period(models.TextChoices):
        WEEK = "week", "Each week"
        MONTH = "month", "Each month"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="always_events")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="always_events"
    )
    title = models.CharField(max_length=150)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.GETTING_READY)
    statement = models.CharField("the Always Event", max_length=300, blank=True)
    important = models.BooleanField(default=False)
    important_evidence = models.TextField(max_length=1000, blank=True)
    evidence_based = models.BooleanField(default=False)
    evidence_based_evidence = models.TextField(max_length=1000, blank=True)
    measurable = models.BooleanField(default=False)
    measurable_evidence = models.TextField(max_length=1000, blank=True)
    affordable = models.BooleanField(default=False)
    affordable_evidence = models.TextField(max_length=1000, blank=True)
    # The reliability measure: how often it happened out of how often it should have.
    happened = models.CharField("what counts as it happening", max_length=200, blank=True)
    should_have = models.CharField("when it should have happened", max_length=200, blank=True)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.MONTH)
    goal = models.PositiveSmallIntegerField(
        "goal, as a percentage",
        default=95,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    plan_metric = models.ForeignKey(
        Metric,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="always_events",
        limit_choices_to={"source": Metric.Source.ALWAYS_EVENT},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AlwaysEventQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__gte=1, goal__lte=100), name="always_event_goal_is_a_percentage"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_index(self) -> int:
        return STAGES.index(Stage(self.stage))

    @property
    def next_stage(self) -> Stage | None:
        index = self.stage_index
        return STAGES[index + 1] if index + 1 < len(STAGES) else None

    def criteria(self) -> list[dict[str, object]]:
        return [
            {
                "name": name,
                "label": label,
                "met": getattr(self, name),
                "evidence": getattr(self, f"{name}_evidence"),
            }
            for name, label in CRITERIA
        ]

    def criteria_met(self) -> bool:
        """All four criteria ticked, each with its evidence."""
        return all(
            getattr(self, name) and getattr(self, f"{name}_evidence").strip()
            for name, _ in CRITERIA
        )


class Conversation(models.Model):
    """A what-matters conversation: an activity with people who use the service, and
    what the team heard matters to them."""

    event = models.ForeignKey(AlwaysEvent, on_delete=models.CASCADE, related_name="conversations")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    what_matters = models.TextField("what matters to them", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "activity"], name="one_conversation_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"What matters, from {self.activity}"


class Adoption(models.Model):
    """Spreading: another ward or team takes the event up, with its own measure."""

    event = models.ForeignKey(AlwaysEvent, on_delete=models.CASCADE, related_name="adoptions")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("when they started")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "service"], name="one_adoption_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.event} in {self.service}"


class ReliabilityEntry(models.Model):
    """One week's or month's count for one service: how often the event happened out
    of how often it should have."""

    event = models.ForeignKey(AlwaysEvent, on_delete=models.CASCADE, related_name="entries")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(
        help_text="The Monday of the week, or the first day of the month."
    )
    happened = models.PositiveIntegerField()
    should_have = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name_plural = "reliability entries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "service", "period_start"], name="one_entry_per_period"
            ),
            models.CheckConstraint(
                condition=Q(should_have__gte=1, happened__lte=models.F("should_have")),
                name="reliability_happened_at_most_should_have",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.happened} of {self.should_have} from {self.period_start}"

    @property
    def percent(self) -> float:
        return 100 * self.happened / self.should_have


class PdsaCycle(models.Model):
    """A Plan, Do, Study, Act cycle testing a change. The next cycle starts from the
    last one's act."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep the change as it is"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop and try something else"

    event = models.ForeignKey(AlwaysEvent, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    change = models.TextField("the change we will test", max_length=2000)
    prediction = models.TextField("what we think will happen", max_length=2000)
    measure = models.TextField("how we will know", max_length=1000)
    what_happened = models.TextField(max_length=2000, blank=True)
    result = models.TextField("the result against the prediction", max_length=2000, blank=True)
    act = models.CharField("what we decided", max_length=10, choices=Act.choices, blank=True)
    next_step = models.TextField("what the next cycle will try", max_length=2000, blank=True)
    people = models.ManyToManyField(Person, related_name="+", blank=True)
    started_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[people])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="one_cycle_number_per_event")
        ]

    def __str__(self) -> str:
        return f"Cycle {self.number}"

    @property
    def step(self) -> str:
        """Where the cycle is: do, study, act or done."""
        if not self.what_happened:
            return "do"
        if not self.result:
            return "study"
        if not self.act:
            return "act"
        return "done"


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)

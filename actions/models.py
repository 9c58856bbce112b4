"""One action log: everything a finding asks someone to do.

An `Action` says what will be done, who owns it, for which service, by when,
and, once it is done, the evidence that it is. It links back to what raised it
(`source`, see `actions.sources`). `ActionReminder` records each reminder
emailed, so a reminder is sent once however often the task runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from projects.models import Service


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user) -> ActionQuerySet:
        """Admins and governance leads see every action; others see the actions
        they own and, for staff, those of the services they belong to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.reads_everything:
            return self
        mine = Q(owner=user)
        if user.is_staff_member:
            in_service = Service.members.through.objects.filter(
                service=OuterRef("service_id"), user=user
            )
            return self.filter(mine | Q(Exists(in_service)))
        return self.filter(mine)

    def editable_by(self, user) -> ActionQuerySet:
        """Admins change every action; governance leads read them; owners and
        staff of the action's service change theirs."""
        if not user.is_authenticated or not user.is_active or user.is_governance:
            return self.none()
        return self.visible_to(user)

    def still_open(self) -> ActionQuerySet:
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.still_open().filter(due_on__lt=today)

    def due_between(self, first: datetime.date, last: datetime.date) -> ActionQuerySet:
        """Still open and due from `first` to `last`, both included."""
        return self.still_open().filter(due_on__gte=first, due_on__lte=last)

    def in_services(self, service_ids: Iterable[int] | None) -> ActionQuerySet:
        """Actions of these services; every action when `service_ids` is None."""
        return self if service_ids is None else self.filter(service_id__in=list(service_ids))

    def from_sources(self, sources: Iterable[models.Model]) -> ActionQuerySet:
        """Actions raised from any of `sources` (all of one model)."""
        sources = list(sources)
        if not sources:
            return self.none()
        # A join, not a lookup of the content type first: one query, cached or not.
        meta = sources[0]._meta
        return self.filter(
            source_type__app_label=meta.app_label,
            source_type__model=meta.model_name,
            source_id__in=[source.pk for source in sources],
        )

    def for_list(self) -> ActionQuerySet:
        return self.select_related("owner", "service", "source_type").order_by(
            models.F("due_on").asc(nulls_last=True), "pk"
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    what = models.TextField("what will be done", max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_owned",
        help_text="The person who makes sure it happens.",
    )
    service = models.ForeignKey(
        "projects.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="Empty for an action of the charity-wide plan.",
    )
    due_on = models.DateField("due by", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(
        "evidence",
        max_length=4000,
        blank=True,
        help_text="What shows it is done, or why it was dropped.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # What raised it: see `actions.sources`. Empty for an action written on its own.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="action_source"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence=""), name="done_action_has_evidence"
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="action_source_whole_or_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.is_open
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )


class ActionReminder(models.Model):
    """One reminder emailed about an action. The unique key is the claim: a
    second run of the reminder task finds the row and sends nothing."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The due date it was about: moving the date earns a fresh reminder.
    due_on = models.DateField()
    to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="one_reminder_of_each_kind_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for action {self.action_id}"

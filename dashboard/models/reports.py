"""Peer-review reports: a frozen snapshot of a plan's numbers for one period.

A report is recorded here first (status "queued") and built by a Celery task that
claims it with a conditional UPDATE, so the database, not the broker, is the
record of work to do: a report asked for while Redis was down, or whose worker
died mid-build, is found and built by the periodic sweep.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from projects.models import Plan, Service


def plans_with_reports_for(user) -> models.QuerySet[Plan]:
    """The plans whose reports `user` may read: every plan for admins and
    governance leads; for anyone else, the plans they own, and for staff also
    the plans of the services they work in. The one rule for reading reports:
    `Report.objects.visible_to` and the report list both use it."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if user.reads_everything:
        return Plan.objects.all()
    owns = Plan.owners.through.objects.filter(plan=OuterRef("pk"), user=user)
    allowed = Q(Exists(owns))
    if user.is_staff_member:
        works_in = Service.members.through.objects.filter(service=OuterRef("service"), user=user)
        allowed |= Q(Exists(works_in))
    return Plan.objects.filter(allowed)


class ReportQuerySet(models.QuerySet["Report"]):
    def for_plan(self, plan) -> ReportQuerySet:
        return self.filter(plan=plan).order_by("-period_start", "-pk")

    def visible_to(self, user) -> ReportQuerySet:
        """Reports of the plans in `plans_with_reports_for`, and the reports a
        user is (still) asked to review."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        from dashboard.models import Assignment

        reviewing = Assignment.objects.current().filter(report=OuterRef("pk"), reviewer=user)
        return self.filter(
            Q(plan__in=plans_with_reports_for(user).values("pk")) | Q(Exists(reviewing))
        )

    def to_build(self, *, now: datetime.datetime) -> ReportQuerySet:
        """Waiting to be built, or "building" under a lease that ran out (its
        worker died): what a build may claim and the sweep queues again."""
        lease = datetime.timedelta(seconds=settings.REPORT_BUILD_LEASE_SECONDS)
        return self.filter(
            Q(status=Report.Status.QUEUED)
            | Q(status=Report.Status.BUILDING, claimed_at__lt=now - lease)
        )

    def finished(self) -> ReportQuerySet:
        return self.filter(status__in=[Report.Status.READY, Report.Status.FAILED])


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "On the plan's review schedule"
        REQUEST = "request", "Asked for by an admin"

    plan = models.ForeignKey("projects.Plan", on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The last day the report covers.")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The build's lease: a "building" report claimed long ago lost its worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(
        blank=True, help_text="Why the last build failed, in words an admin can act on."
    )
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="The numbers, frozen when the report was built."
    )
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot", "pdf", "claimed_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end"],
                name="one_report_per_plan_and_period",
                violation_error_message="There is already a report for this plan and period.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="report_work_to_do")]

    def __str__(self) -> str:
        return f"{self.plan} review, {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

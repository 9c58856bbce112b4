from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# An import that has not reported progress for this long has stopped (its worker
# died): its transaction was rolled back, so it is marked failed.
STALE_AFTER = datetime.timedelta(minutes=10)


class Kind(models.TextChoices):
    PEOPLE = "people", "People on the register"
    PROJECTS = "projects", "Projects"
    ACTIVITIES = "activities", "Activities"
    INVOLVEMENTS = "involvements", "Who took part in activities"
    READINGS = "readings", "Growth plan readings"


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, user) -> ImportBatchQuerySet:
        """Imports are for admins; to anyone else they do not exist."""
        if not user.is_authenticated or not user.is_active or not user.is_admin:
            return self.none()
        return self

    def stale(self, *, now: datetime.datetime | None = None) -> ImportBatchQuerySet:
        now = now or timezone.now()
        return self.filter(
            status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
            heartbeat_at__lt=now - STALE_AFTER,
        )


class ImportBatch(models.Model):
    """One file, from upload through check and preview to the records it saved.

    The file itself is kept only until the import is finished or abandoned: the
    records it made are what matter afterwards, with a row each in `ImportRow`.
    """

    class Status(models.TextChoices):
        PROBLEMS = "problems", "Has problems to fix"
        READY = "ready", "Checked, waiting to be confirmed"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed: nothing was saved"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    file_name = models.CharField(max_length=200)
    file_data = models.BinaryField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # What the check found: problems ({row, column, message}), columns that were
    # not ours, and the preview (counts, rows, people who look like someone).
    problems = models.JSONField(default=list, blank=True)
    extra_columns = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    # For each row whose person looks like someone on the register: "new" or a
    # person's id, as the admin decided.
    decisions = models.JSONField(default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


class ImportRow(models.Model):
    """A row of an imported file and the record it created, updated or left alone."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        SKIPPED = "skipped", "No change"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["batch", "row_number"]

    def __str__(self) -> str:
        return f"Row {self.row_number}: {self.get_action_display()}"


class ImportReference(models.Model):
    """Which record a reference in an imported file stands for, so importing the
    same file again finds the same records instead of making them twice."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="one_record_per_reference")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"

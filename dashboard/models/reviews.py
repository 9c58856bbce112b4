"""Peer review of a report: who reviews it, what they said, and how the plan's
owners answered.

A ready report gets one lead reviewer (staff or a governance lead from another
service) and, when one agrees, an expert by experience co-reviewer. Each is an
`Assignment`. The lead writes a `Review` (a rating against each of the plan's
standards, strengths and recommendations); the co-reviewer writes their own short
`ExpertReview` in plain words. Plan owners answer each `Recommendation`; when
every one is answered the review is closed.

Nothing here is deleted when a reviewer changes: the old assignment is ended
with a reason, so the history of who was asked, and why they stopped, stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ExpertVolunteer(models.Model):
    """An expert by experience who is happy to be asked to co-review plans.

    They say so themselves on the "Peer reviewing" page (or an admin records it
    for them after a conversation). Being willing is not agreeing to a review:
    each review is offered and can be turned down with no reason given.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_volunteer"
    )
    is_willing = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({'willing' if self.is_willing else 'not now'})"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def current(self) -> AssignmentQuerySet:
        """Not ended: not reassigned, not declined."""
        return self.filter(ended_at__isnull=True)

    def for_reviewer(self, user) -> AssignmentQuerySet:
        return self.current().filter(reviewer=user)

    def counting_towards_rotation(self) -> AssignmentQuerySet:
        """Assignments that count as "a turn" when sharing the work out fairly:
        every one except offers turned down and ones taken away by an admin
        (the person did not do that work)."""
        return self.filter(Q(ended_at__isnull=True) | Q(submitted_at__isnull=False))


class Assignment(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", "Peer reviewer"
        EXPERT = "expert", "Expert by experience co-reviewer"

    class Status(models.TextChoices):
        OFFERED = "offered", "Asked, not answered yet"
        ACCEPTED = "accepted", "Agreed"
        DECLINED = "declined", "Said no"
        REASSIGNED = "reassigned", "Given to someone else"

    report = models.ForeignKey(
        "dashboard.Report", on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    # Lead reviewers are assigned (accepted); experts are offered first.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    assigned_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.TextField(blank=True, max_length=1000)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            # The database, not the code, makes assigning twice impossible.
            models.UniqueConstraint(
                fields=["report", "kind"],
                condition=Q(ended_at__isnull=True),
                name="one_current_reviewer_of_each_kind",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "kind"], name="assignment_rotation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reviewer} for report {self.report_id}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None

    @property
    def is_open(self) -> bool:
        """The reviewer can still write: current, agreed to and not sent yet."""
        return self.is_current and self.status == self.Status.ACCEPTED and not self.submitted_at

    def is_overdue(self, today=None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.due_on


class Review(models.Model):
    """The lead reviewer's review. Saved as a draft as they go; sent once."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    strengths = models.TextField(blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)
    # Sent is recorded once, on the assignment (`Assignment.submitted_at`).
    responses_due_on = models.DateField(null=True, blank=True)
    response_reminders_sent = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the plan's owners had answered every recommendation."
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Review for report {self.assignment.report_id}"


class StandardRating(models.Model):
    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(
        "projects.Standard", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time, so the review still reads if the plan changes.
    statement = models.TextField(max_length=1000)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "standard"], name="one_rating_per_standard"),
        ]

    def __str__(self) -> str:
        return f"{self.statement[:40]}: {self.get_rating_display() or 'not rated'}"


class Recommendation(models.Model):
    """A recommendation, and the plan owners' answer to it. What they will do
    about it is an action on the action log, raised from it (`actions.Action`
    with this recommendation as its source)."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=2000)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ExpertReview(models.Model):
    """An expert by experience's own short review, in their own words.

    Separate from the lead's on purpose: the co-reviewer answers three plain
    questions at their own pace, is never asked to grade standards or write
    evidence, and what they say is shown to the plan's owners in their own words
    beside the lead's review, not folded into it.
    """

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="expert_review"
    )
    going_well = models.TextField(blank=True, max_length=3000)
    could_be_better = models.TextField(blank=True, max_length=3000)
    anything_else = models.TextField(blank=True, max_length=3000)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Co-review for report {self.assignment.report_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ladder.questions import Label
from projects.rungs import Rung


class ClassificationQuerySet(models.QuerySet["Classification"]):
    def latest_for(self, activity) -> Classification | None:
        return self.filter(activity=activity).order_by("-pk").first()

    def current(self) -> ClassificationQuerySet:
        """Each activity's newest classification only (rows are never edited, so
        the highest id is the newest)."""
        newer = Classification.objects.filter(activity=OuterRef("activity"), pk__gt=OuterRef("pk"))
        return self.filter(~Exists(newer))

    def awaiting_response_from(self, user) -> ClassificationQuerySet:
        """Current classifications of activities the user took part in, as someone
        with lived experience, that they have not answered yet. Newest first."""
        if not user.is_authenticated:
            return self.none()
        answered = Response.objects.filter(classification=OuterRef("pk"), person__user=user)
        return (
            self.current()
            .filter(activity__involvements__person__user=user)
            .filter(~Exists(answered))
            .select_related("activity__project")
            .order_by("-pk")
        )


class Classification(models.Model):
    """One placing of an activity on the ladder, from the evidence.

    Reclassifying adds a row; the newest is current and the rest are its history.
    `Activity.rung`, `rung_status` and `faux_production` repeat what the current
    one says, so lists can filter without joining here (see `services.py`).
    """

    activity = models.ForeignKey(
        "projects.Activity", on_delete=models.CASCADE, related_name="classifications"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(help_text="Question key to yes, no or not_sure.")
    label = models.CharField(
        "what it was called", max_length=20, choices=Label.choices, default=Label.OTHER
    )
    suggested_rung = models.PositiveSmallIntegerField(choices=Rung.choices, null=True, blank=True)
    chosen_rung = models.PositiveSmallIntegerField(choices=Rung.choices)
    reason = models.TextField("why this rung", max_length=2000, blank=True)
    participants_emailed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ClassificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["activity", "-created_at"])]
        constraints = [
            # Choosing a rung the evidence did not point to needs a written reason.
            models.CheckConstraint(
                condition=Q(suggested_rung=F("chosen_rung")) | ~Q(reason=""),
                name="different_rung_needs_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} classified as {self.get_chosen_rung_display()}"

    @property
    def differs_from_suggestion(self) -> bool:
        return self.suggested_rung != self.chosen_rung


class ResponseQuerySet(models.QuerySet["Response"]):
    def contested(self) -> ResponseQuerySet:
        return self.filter(verdict=Response.Verdict.CONTESTED)


class Response(models.Model):
    """What someone with lived experience who took part says about a classification.

    One per person per classification; answering again changes it (the history
    keeps the earlier answer). A member of staff may enter it for them (`how` says
    how the person told them); once the person answers themselves, it is theirs.
    """

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", "Yes, that is right"
        CONTESTED = "contested", "No, I see it differently"

    class How(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By phone"
        PAPER = "paper", "On paper"
        OTHER = "other", "Another way, such as a letter or a message through someone"

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="responses"
    )
    person = models.ForeignKey(
        "projects.Person", on_delete=models.CASCADE, related_name="ladder_responses"
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.TextField("why", max_length=2000, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who entered it on the person's behalf.",
    )
    how = models.CharField(
        "how they told us",
        max_length=20,
        choices=How.choices,
        blank=True,
        help_text="Blank when the person answered themselves.",
    )

    history = HistoricalRecords()
    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["classification", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "person"], name="one_response_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_verdict_display()}"

    @property
    def entered_on_behalf(self) -> bool:
        # `how`, not `entered_by`: the staff member's account may since have gone.
        return bool(self.how)

""" "You said, we did": who was told what changed because of an activity, and how."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


def text_fingerprint(text: str) -> str:
    """A short fixed-length stand-in for a what-changed text, so "told this text
    once" can be a unique constraint (the text itself may be too long to index)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


class TellingQuerySet(models.QuerySet["Telling"]):
    def letters_to_print(self) -> TellingQuerySet:
        return self.filter(how=Telling.How.LETTER, printed_at__isnull=True)


class Telling(models.Model):
    """One person told, one way, what changed because of an activity they took part in.

    Everyone is told on their personal page; some also by email or by letter.
    The text told is kept as it was, so a later change to the activity reads as
    a new telling. Each person is told each text once, each way: saving the
    activity again with the same text tells no one again; a changed text tells
    everyone again.
    """

    class How(models.TextChoices):
        PAGE = "page", "Personal page"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    activity = models.ForeignKey(
        "projects.Activity", on_delete=models.CASCADE, related_name="tellings"
    )
    person = models.ForeignKey("projects.Person", on_delete=models.CASCADE, related_name="tellings")
    how = models.CharField(max_length=10, choices=How.choices)
    what_changed = models.TextField("what they were told", max_length=4000)
    fingerprint = models.CharField(max_length=64, editable=False)
    # The outbox key of the email, so it is sent once whatever happens.
    email_key = models.CharField(max_length=200, blank=True)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    printed_at = models.DateTimeField(null=True, blank=True)

    objects = TellingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "how", "fingerprint"], name="told_once_each_way"
            )
        ]
        indexes = [models.Index(fields=["person", "how"])]

    def __str__(self) -> str:
        return f"{self.person} told by {self.get_how_display().lower()}"

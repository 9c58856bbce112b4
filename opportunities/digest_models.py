"""What the weekly digest email has sent, so nobody hears of the same thing twice.

One `Digest` per person per week, ever (the unique constraint is what makes a
second worker or a rerun send nothing). Each lists the opportunities it told
them about; a later digest only lists ones not sent before. A "say I'm
interested" link in it works once: its use is a `DigestReply`.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from projects.models import Person


class Digest(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the week it was sent in.")
    opportunities = models.ManyToManyField("opportunities.Opportunity", related_name="+")
    email_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week"], name="one_digest_per_person_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Digest for the week of {self.week:%d %B %Y}"


class DigestReply(models.Model):
    """A digest's "say I'm interested" link, used (it opens the page once)."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="replies")
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "opportunity"], name="one_use_per_digest_reply_link"
            )
        ]

    def __str__(self) -> str:
        return f"Reply link used {self.used_at:%Y-%m-%d %H:%M}"

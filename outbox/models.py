"""Infrastructure models shared by every app: the outbox for email.

An email is written to the outbox in the same transaction as the change that
causes it, then sent by a Celery task. If Redis or the mail server is down, the
row waits and a periodic sweep sends it later: nothing a person did is lost, and
the idempotency key means a retry, a second worker or a double click never sends
a second copy.
"""

from __future__ import annotations

import datetime

from django.db import models


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def due(self, *, claimed_before: datetime.datetime) -> OutboundEmailQuerySet:
        """Waiting to be sent, or claimed by a worker that died before finishing."""
        return self.filter(
            models.Q(status=OutboundEmail.Status.PENDING)
            | models.Q(status=OutboundEmail.Status.SENDING, claimed_at__lt=claimed_before)
        )


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="What this email is about, e.g. 'report-12-reviewer-3'. One email per key, ever.",
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # Extra headers, such as List-Unsubscribe: a name for each value. Like the
    # body, they may hold a personal link, so they are cleared once sent.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="outbound_email_due")]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()})"

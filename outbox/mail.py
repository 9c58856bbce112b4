"""Sending email through the outbox (see `outbox.models.OutboundEmail`)."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Mapping
from email import message as mime
from email.policy import Policy
from email.policy import default as default_policy

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox.models import OutboundEmail
from outbox.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

# A worker that claimed an email this long ago and did not finish is presumed dead.
CLAIM_LEASE = datetime.timedelta(minutes=10)
# The sweep leaves an email this young to the task queued when it was written.
SWEEP_AFTER = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 8
# Set by their own arguments (or by Django), never as extra headers.
RESERVED_HEADERS = {"to", "from", "subject", "cc", "bcc", "reply-to", "sender"}


class OutboxMessage(EmailMessage):
    """Lines of up to 998 characters (RFC 5322's limit) instead of 78: Python's
    email package otherwise turns a long unbroken header value, such as the link
    in List-Unsubscribe, into RFC 2047 encoded-words that mail programs do not
    read as a link."""

    def message(self, *, policy: Policy | None = default_policy) -> mime.EmailMessage:
        return super().message(policy=(policy or default_policy).clone(max_line_length=998))


def email_queue(
    *, key: str, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
) -> OutboundEmail:
    """Put an email in the outbox, once per key, and send it after the current
    transaction commits. Calling again with the same key changes nothing.
    `headers` are sent as they are (each name once; never To, From or Subject)."""
    headers = dict(headers or {})
    if reserved := {name.lower() for name in headers} & RESERVED_HEADERS:
        raise ValueError(f"set these by their own arguments, not as headers: {sorted(reserved)}")
    if any("\n" in value or "\r" in value for value in [*headers, *headers.values()]):
        raise ValueError("a header name or value holds a line break")
    email, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": to, "subject": subject, "body": body, "headers": headers}
    )
    if created:
        from outbox.tasks import email_send_task

        enqueue_on_commit(email_send_task, email.pk)
    return email


def email_send(*, email_id: int) -> bool:
    """Send one email from the outbox if nobody else has. Returns True if sent.

    The conditional UPDATE is the claim: of two workers given the same id, one
    updates a row and the other updates none. If the mail server refuses, the
    email goes back to wait and the sweep tries again every few minutes, up to
    `MAX_ATTEMPTS`; then it is marked as given up, for an admin to see.
    """
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=email_id)
        .due(claimed_before=now - CLAIM_LEASE)
        .update(status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        OutboxMessage(
            subject=email.subject, body=email.body, to=[email.to], headers=email.headers
        ).send()
    except (OSError, smtplib.SMTPException) as error:
        status = (
            OutboundEmail.Status.FAILED
            if email.attempts >= MAX_ATTEMPTS
            else OutboundEmail.Status.PENDING
        )
        OutboundEmail.objects.filter(pk=email_id).update(
            status=status, claimed_at=None, last_error=type(error).__name__
        )
        logger.warning(
            "email %s not sent (attempt %s): %s", email_id, email.attempts, type(error).__name__
        )
        return False
    # The body (and a header) may hold a sign-in link and a name: once sent, not kept.
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="", body="", headers={}
    )
    return True


def emails_sweep() -> int:
    """Queue every email still waiting (Redis was down when it was written, or its
    worker died). Returns how many were queued."""
    from outbox.tasks import email_send_task

    ids = list(
        OutboundEmail.objects.due(claimed_before=timezone.now() - CLAIM_LEASE)
        .filter(created_at__lt=timezone.now() - SWEEP_AFTER)
        .values_list("pk", flat=True)[:500]
    )
    with transaction.atomic():
        for email_id in ids:
            enqueue_on_commit(email_send_task, email_id)
    return len(ids)

"""Personal data in the outgoing email queue (see `core/privacy.py`)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from core.privacy import ID, Holding, Subject, register


def emails_to(subject: Subject) -> QuerySet[Any]:
    model = apps.get_model("outbox.OutboundEmail")
    if not subject.emails:
        return model.objects.none()
    return model.objects.filter(reduce(or_, (Q(to__iexact=email) for email in subject.emails)))


register(
    Holding(
        "outbox.OutboundEmail",
        "Emails we sent you",
        find=emails_to,
        shown=("created_at", "subject", "body", "status", "sent_at"),
        hidden={
            "id": ID,
            "to": "your email address, already shown in your details",
            "key": "what the email was about, for the product's own bookkeeping",
            "attempts": "how many times sending was tried",
            "claimed_at": "when a worker started sending it",
            "last_error": "why sending failed, if it did",
            "headers": "technical lines sent with the email, such as a link to stop "
            "it; cleared once it is sent",
        },
        delete_on_erase=True,
        kept="Deleted, so nothing more is sent.",
    ),
)

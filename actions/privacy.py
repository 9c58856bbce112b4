"""Personal data in the action log (see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import Holding, register

register(
    Holding(
        "actions.Action",
        "Actions you own or added",
        actor=("owner", "created_by"),
        actor_shown=("what", "due_on", "status", "evidence", "created_at"),
        labels={"what": "action", "due_on": "due by"},
        other=("id", "service", "closed_at", "source_type", "source_id", "updated_at"),
    ),
    Holding(
        "actions.ActionReminder",
        "Reminders we sent you about actions",
        actor=("to",),
        actor_shown=("kind", "due_on", "sent_at"),
        other=("id", "action"),
    ),
)

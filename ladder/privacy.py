"""Personal data in the ladder app, for the subject access copy and erasure
(see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register, register_retention_step

register(
    Holding(
        "ladder.Response",
        "What you said about how activities were classified",
        about=("person",),
        actor=("entered_by",),
        shown=(
            "classification__activity__title",
            "classification__chosen_rung",
            "verdict",
            "reason",
            "answered_at",
            "entered_by__full_name",
            "how",
        ),
        actor_shown=("classification__activity__title", "answered_at", "how"),
        labels={
            "classification__activity__title": "activity",
            "classification__chosen_rung": "rung it was placed on",
            "entered_by__full_name": "entered for you by",
        },
        hidden={"id": ID},
        erase={"reason": ""},
        kept="Kept: whether they confirmed or contested, so the confirmation figures stay right.",
    ),
    Holding(
        "ladder.Classification",
        "Activities you classified",
        actor=("by",),
        actor_shown=("activity__title", "created_at", "chosen_rung", "reason"),
        labels={"activity__title": "activity"},
        other=(
            "id",
            "answers",
            "label",
            "suggested_rung",
            "participants_emailed_at",
        ),
    ),
)


def clear_old_reasons(now) -> int:
    """Why someone confirmed or contested a rung is read while the activity is
    fresh; after the period only the confirmation itself is kept."""
    from django.conf import settings

    from ladder.models import Response
    from projects.privacy.retention import years_before

    cutoff = years_before(now, settings.RETENTION_FEEDBACK_TEXT_YEARS)
    changed = Response.objects.filter(answered_at__lt=cutoff).exclude(reason="").update(reason="")
    Response.history.filter(answered_at__lt=cutoff).exclude(reason="").update(reason="")
    return changed


register_retention_step("confirmation_reasons_cleared", clear_old_reasons)

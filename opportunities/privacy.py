"""Personal data in the opportunities app, for the subject access copy and erasure
(see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register

register(
    Holding(
        "opportunities.Interest",
        "Opportunities you said you were interested in",
        about=("person",),
        actor=("entered_by",),
        shown=(
            "opportunity__title",
            "support_needed",
            "how",
            "created_at",
            "withdrawn_at",
            "entered_by__full_name",
        ),
        actor_shown=("opportunity__title", "created_at", "how"),
        labels={
            "opportunity__title": "opportunity",
            "support_needed": "support you said you need",
            "created_at": "when you said so",
            "withdrawn_at": "when you took it back",
            "entered_by__full_name": "recorded for you by",
        },
        hidden={"id": ID},
        erase={"support_needed": ""},
        kept="Kept: that someone was interested, so the counts stay right.",
    ),
    Holding(
        "opportunities.Opportunity",
        "Opportunities you posted",
        actor=("created_by",),
        actor_shown=("title", "created_at"),
        other=(
            "id",
            "project",
            "title",
            "description",
            "kind",
            "starts_on",
            "starts_at",
            "where",
            "place",
            "hours",
            "rate_card",
            "support",
            "support_other",
            "looking_for",
            "places",
            "closes_on",
            "public",
            "filled_at",
            "created_at",
            "updated_at",
        ),
    ),
)

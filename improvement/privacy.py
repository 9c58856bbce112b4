"""Personal data in the improvement app, for the subject access copy and erasure
(see `core/privacy.py`). Always Events are about the work; the only rows about a
person are the PDSA cycles that name them."""

from __future__ import annotations

from core.privacy import ID, LINK, Holding, register

register(
    Holding(
        "improvement.AlwaysEvent",
        "Always Events you started",
        actor=("created_by",),
        actor_shown=("title", "created_at"),
        hidden={"id": ID},
        other=(
            "service",
            "project",
            "title",
            "stage",
            "statement",
            "important",
            "important_evidence",
            "evidence_based",
            "evidence_based_evidence",
            "measurable",
            "measurable_evidence",
            "affordable",
            "affordable_evidence",
            "happened",
            "should_have",
            "period",
            "goal",
            "plan_metric",
            "created_at",
        ),
    ),
    Holding(
        "improvement.Conversation",
        "What-matters conversations you recorded",
        actor=("created_by",),
        actor_shown=("event__title", "activity__title", "created_at"),
        hidden={"id": ID},
        other=("event", "activity", "what_matters", "created_at"),
    ),
    Holding(
        "improvement.Adoption",
        "Teams taking up an Always Event",
        hidden={"id": ID},
        other=("event", "service", "started_on", "created_at"),
    ),
    Holding(
        "improvement.ReliabilityEntry",
        "Always Event counts you entered",
        actor=("entered_by",),
        actor_shown=("event__title", "period_start", "entered_at"),
        hidden={"id": ID},
        other=("event", "service", "period_start", "happened", "should_have", "entered_at"),
    ),
    Holding(
        "improvement.PdsaCycle",
        "PDSA cycles you started",
        actor=("created_by",),
        actor_shown=("event__title", "number", "started_on"),
        hidden={"id": ID},
        other=(
            "event",
            "number",
            "change",
            "prediction",
            "measure",
            "what_happened",
            "result",
            "act",
            "next_step",
            "started_on",
        ),
    ),
    Holding(
        "improvement.PdsaCycle_people",
        "Tests of change (PDSA cycles) you took part in",
        about=("person",),
        shown=("pdsacycle__event__title", "pdsacycle__number", "pdsacycle__started_on"),
        labels={
            "pdsacycle__event__title": "Always Event",
            "pdsacycle__number": "cycle",
            "pdsacycle__started_on": "started",
        },
        hidden={"id": ID, "pdsacycle": LINK},
        # Naming someone in a test of change is about them: erasure removes the name.
        delete_on_erase=True,
        kept="Deleted: you are no longer named in the cycle.",
    ),
)

"""Personal data in the dashboard app (see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register

register(
    Holding(
        "dashboard.Report",
        "Peer-review reports",
        actor=("requested_by",),
        other=(
            "id",
            "plan",
            "period_start",
            "period_end",
            "trigger",
            "status",
            "claimed_at",
            "attempts",
            "error",
            "snapshot",
            "pdf",
            "created_at",
            "built_at",
        ),
    ),
    # Reviewing is work done for the organisation: what a reviewer was asked to do
    # and wrote about a plan is the plan's record. A reason given for taking a review
    # off someone ("on leave") is about them, so erasure clears it.
    Holding(
        "dashboard.Assignment",
        "Peer reviews you were asked to do",
        about=("reviewer",),
        actor=("ended_by",),
        shown=(
            "report__plan__service__name",
            "report__period_start",
            "report__period_end",
            "kind",
            "status",
            "assigned_at",
            "due_on",
            "reminders_sent",
            "submitted_at",
            "ended_at",
            "end_reason",
        ),
        labels={
            "report__plan__service__name": "plan of",
            "report__period_start": "period from",
            "report__period_end": "period to",
            "reminders_sent": "reminders we sent",
            "end_reason": "why it was given to someone else",
        },
        hidden={"id": ID},
        erase={"end_reason": ""},
        kept="Kept, so who reviewed which plan stays in the record. Reasons for changing "
        "a reviewer are deleted.",
    ),
    Holding(
        "dashboard.Review",
        "Peer reviews you wrote",
        actor=("assignment__reviewer",),
        actor_shown=("assignment__report__plan__service__name", "strengths", "updated_at"),
        labels={"assignment__report__plan__service__name": "plan of"},
        other=("id", "responses_due_on", "response_reminders_sent", "closed_at"),
    ),
    # An expert co-reviewer's words can tell of their own experience: they are
    # copied to them and deleted when they are erased.
    Holding(
        "dashboard.ExpertReview",
        "What you said as a co-reviewer",
        about=("assignment__reviewer",),
        shown=(
            "assignment__report__plan__service__name",
            "going_well",
            "could_be_better",
            "anything_else",
            "updated_at",
        ),
        labels={"assignment__report__plan__service__name": "plan of"},
        hidden={"id": ID},
        erase={"going_well": "", "could_be_better": "", "anything_else": ""},
        kept="Kept as a record that the co-review was done. Your words are deleted.",
    ),
    Holding(
        "dashboard.ExpertVolunteer",
        "Whether we may ask you to co-review plans",
        about=("user",),
        shown=("is_willing", "updated_at"),
        labels={"is_willing": "willing to co-review"},
        hidden={"id": ID},
        delete_on_erase=True,
        kept="Deleted, so you are not asked again.",
    ),
    Holding(
        "dashboard.StandardRating",
        "Ratings of a plan's standards",
        other=("id", "review", "standard", "statement", "rating", "evidence"),
    ),
    Holding(
        "dashboard.Recommendation",
        "Answers you gave to peer-review recommendations",
        actor=("answered_by",),
        actor_shown=("text", "answer", "reason", "answered_at"),
        labels={"text": "recommendation"},
        other=("id", "review", "order"),
    ),
)

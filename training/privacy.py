"""Personal data in the training app, for the subject access copy and erasure
(see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register

register(
    Holding(
        "training.Member",
        "Your places on co-production training teams",
        about=("person", "user"),
        shown=("team__name", "team__cohort__name", "team__aim"),
        labels={"team__name": "team", "team__cohort__name": "cohort", "team__aim": "team's aim"},
        hidden={"id": ID},
        kept="Kept, so the number of people on each team stays right.",
    ),
    Holding(
        "training.SelfRating",
        "Your training self-ratings",
        about=("member__person", "member__user"),
        actor=("entered_on_behalf_by",),
        shown=(
            "member__team__cohort__name",
            "stage",
            "link_made_at",
            "entered_on_behalf_by__full_name",
            "submitted_at",
        ),
        labels={
            "member__team__cohort__name": "cohort",
            "link_made_at": "personal link made",
            "entered_on_behalf_by__full_name": "typed in for you by",
            "submitted_at": "sent",
        },
        hidden={
            "id": ID,
            "key_hash": "a fingerprint of your personal link's secret, to recognise the link",
        },
        erase={"key_hash": ""},
        kept="Kept, so the cohort's figures stay right. Your personal link stops working.",
    ),
    Holding(
        "training.Confidence",
        "How confident you said you felt in each principle",
        about=("rating__member__person", "rating__member__user"),
        shown=("rating__member__team__cohort__name", "rating__stage", "principle", "score"),
        labels={"rating__member__team__cohort__name": "cohort", "rating__stage": "when"},
        hidden={"id": ID},
        kept="Kept: the scores, so the cohort's figures stay right.",
    ),
    Holding(
        "training.Attendance",
        "Training sessions you came to",
        about=("member__person", "member__user"),
        shown=("session__topic", "session__date"),
        labels={"session__topic": "session", "session__date": "date"},
        hidden={"id": ID},
        kept="Kept, so attendance figures stay right.",
    ),
    Holding(
        "training.TrainingSession_facilitators",
        "Training sessions you co-facilitated",
        about=("person",),
        shown=("trainingsession__topic", "trainingsession__date"),
        labels={"trainingsession__topic": "session", "trainingsession__date": "date"},
        hidden={"id": ID},
        kept="Kept: your payment for it is in your involvement record.",
    ),
    Holding(
        "training.TrainingSession",
        "Training sessions",
        other=("id", "cohort", "date", "topic", "activity"),
    ),
    Holding(
        "training.Cohort_programme_staff",
        "Training cohorts you run",
        about=("user",),
        shown=("cohort__name",),
        labels={"cohort__name": "cohort"},
        hidden={"id": ID},
    ),
    Holding(
        "training.Cohort",
        "Training cohorts",
        actor=("created_by",),
        other=(
            "id",
            "name",
            "starts_on",
            "follow_up_on",
            "project",
            "created_at",
        ),
    ),
    Holding(
        "training.Team",
        "Training teams",
        other=("id", "cohort", "name", "aim"),
    ),
)

"""Personal data in the principles app, for the subject access copy and erasure
(see `core/privacy.py`)."""

from __future__ import annotations

from core.privacy import ID, Holding, register, register_retention_step

register(
    Holding(
        "principles.Invitation",
        "Invitations to rate the seven principles",
        about=("person", "user"),
        actor=("link_shown_to",),
        shown=(
            "round__name",
            "round__project__title",
            "perspective",
            "created_at",
            "emailed_at",
            "link_made_at",
            "link_shown_to__full_name",
            "paper_reference",
        ),
        labels={
            "round__name": "round",
            "round__project__title": "project",
            "paper_reference": "reference on your paper questionnaire",
            "link_made_at": "personal link made",
            "link_shown_to__full_name": "link given to you by",
        },
        hidden={
            "id": ID,
            "key_hash": "a fingerprint of your personal link's secret, to recognise the link",
        },
        erase={"key_hash": "", "paper_reference": ""},
        kept="Kept, so the number of people asked stays right. Your personal links stop "
        "working, and a paper questionnaire can no longer be matched to you.",
    ),
    Holding(
        "principles.Response",
        "Your answers to principle rounds",
        about=("invitation__person", "invitation__user"),
        actor=("entered_on_behalf_by",),
        shown=(
            "round__name",
            "perspective",
            "anonymous_to_team",
            "entered_on_behalf_by__full_name",
            "entered_from",
            "invitee_started_at",
            "started_at",
            "updated_at",
            "submitted_at",
        ),
        labels={
            "round__name": "round",
            "entered_on_behalf_by__full_name": "entered for you by",
            "invitee_started_at": "you started answering",
        },
        hidden={"id": ID},
        kept="Kept, so results stay right.",
    ),
    Holding(
        "principles.Answer",
        "Your ratings of each principle",
        about=("response__invitation__person", "response__invitation__user"),
        actor=("entered_by",),
        shown=(
            "response__round__name",
            "principle",
            "score",
            "dont_know",
            "comment",
            "entered_by__full_name",
            "updated_at",
        ),
        labels={"response__round__name": "round", "entered_by__full_name": "typed in for you by"},
        hidden={"id": ID},
        erase={"comment": ""},
        kept="Kept: the scores, so averages and gaps stay right. Comments are deleted.",
    ),
    Holding(
        "principles.Round",
        "Principle rounds",
        actor=("created_by",),
        other=("id", "project", "name", "opens_on", "closes_on", "created_at"),
    ),
)


def clear_old_comments(now) -> int:
    """Comments on the principles are read when a round's results are discussed;
    after the period the scores carry the trend, and comments from small teams
    can point to who wrote them."""
    from django.conf import settings

    from principles.models import Answer
    from projects.privacy.retention import years_before

    cutoff = years_before(now, settings.RETENTION_FEEDBACK_TEXT_YEARS).date()
    old = {"response__round__closes_on__lt": cutoff}
    changed = Answer.objects.filter(**old).exclude(comment="").update(comment="")
    Answer.history.filter(**old).exclude(comment="").update(comment="")
    return changed


register_retention_step("principle_comments_cleared", clear_old_comments)

"""Operations of the training programme that touch several records."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from projects.models import Activity, Involvement, Person
from projects.services import ParticipantEntry, activity_log
from training.models import Cohort, Confidence, Member, SelfRating, TrainingSession


@transaction.atomic
def session_add(
    *,
    cohort: Cohort,
    by: User,
    date: datetime.date,
    topic: str,
    facilitators: Sequence[Person],
    hours: Decimal | None,
    log_activity: bool,
) -> TrainingSession:
    """Add a session. Logged as an activity of the cohort's project, its
    co-facilitators are paid through involvement as any activity's are
    (`projects.services.activity_log`: the rate card in force that day)."""
    session = TrainingSession.objects.create(cohort=cohort, date=date, topic=topic)
    session.facilitators.set(facilitators)
    if log_activity and cohort.project_id is not None:
        minutes = int((hours or Decimal(1)) * 60)
        session.activity = activity_log(
            project=cohort.project,
            by=by,
            activity_data={
                "date": date,
                "kind": Activity.Kind.TRAINING,
                "title": f"{cohort.name}: {topic}"[:150],
                "duration_minutes": max(1, min(minutes, 24 * 60)),
            },
            participants=[
                ParticipantEntry(
                    part=Involvement.Part.CO_FACILITATED,
                    hours=hours or Decimal(1),
                    person=person,
                    payment_choice=Involvement.PaymentChoice.PAID,
                )
                for person in facilitators
            ],
        )
        session.save(update_fields=["activity"])
    return session


def rating_for(*, member: Member, stage: str) -> SelfRating:
    rating, _ = SelfRating.objects.get_or_create(member=member, stage=stage)
    return rating


def rating_link_new(*, rating: SelfRating) -> str:
    """A new personal link for this self-rating, ending any earlier one; the
    token is returned once, to show or print."""
    token = rating.new_link()
    rating.save(update_fields=["key_hash", "link_made_at"])
    return token


def on_behalf_refused(rating: SelfRating | None) -> bool:
    """Once someone has sent their own ratings, nobody types over them."""
    return (
        rating is not None
        and rating.submitted_at is not None
        and rating.entered_on_behalf_by_id is None
    )


@transaction.atomic
def rating_save(*, rating: SelfRating, scores: dict[str, int], by: User | None = None) -> None:
    """Save someone's confidence in each principle and mark the rating sent;
    `by` is the member of staff typing it in from paper, if someone is."""
    for code, score in scores.items():
        Confidence.objects.update_or_create(
            rating=rating, principle=code, defaults={"score": score}
        )
    rating.submitted_at = timezone.now()
    rating.entered_on_behalf_by = by
    rating.save(update_fields=["submitted_at", "entered_on_behalf_by"])

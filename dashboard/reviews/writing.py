"""Writing a peer review and answering it: drafts, sending, plan owners' answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actions.models import Action
from actions.services import action_raise, action_update
from dashboard.models import Assignment, ExpertReview, Recommendation, Review, StandardRating
from dashboard.reviews.assigning import submitted_email
from projects.models import Standard


@dataclass(frozen=True)
class Rated:
    rating: str
    evidence: str


def review_for(assignment: Assignment) -> Review:
    review, _created = Review.objects.get_or_create(assignment=assignment)
    return review


def review_save(
    *,
    assignment: Assignment,
    standards: list[Standard],
    ratings: dict[int, Rated],
    strengths: str,
    recommendations: list[str],
) -> Review:
    """Save what the reviewer has written so far (a draft: anything may be empty).

    Each standard's statement is copied as it reads today, so the review still
    makes sense if the plan is changed later. Recommendations are kept in the
    order written; blank slots are dropped.
    """
    with transaction.atomic():
        review = review_for(assignment)
        review.strengths = strengths
        review.save()
        existing = {rating.standard_id: rating for rating in review.ratings.all()}
        for standard in standards:
            given = ratings.get(standard.pk, Rated("", ""))
            rating = existing.get(standard.pk) or StandardRating(review=review, standard=standard)
            unchanged = (rating.rating, rating.evidence, rating.statement) == (
                given.rating,
                given.evidence,
                standard.statement,
            )
            if rating.pk is None or not unchanged:
                rating.statement = standard.statement
                rating.rating = given.rating
                rating.evidence = given.evidence
                rating.save()
        texts = [text for text in recommendations if text.strip()]
        kept = list(review.recommendations.order_by("order", "pk"))
        for order, text in enumerate(texts, start=1):
            if order <= len(kept):
                recommendation = kept[order - 1]
                if (recommendation.order, recommendation.text) != (order, text):
                    recommendation.order, recommendation.text = order, text
                    recommendation.save()
            else:
                Recommendation.objects.create(review=review, order=order, text=text)
        for extra in kept[len(texts) :]:
            extra.delete()
    return review


def review_submit(*, assignment: Assignment) -> Review:
    """Send the review: the plan's owners are told and have a while to answer."""
    with transaction.atomic():
        review = review_for(assignment)
        claimed = Assignment.objects.filter(pk=assignment.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
        if not claimed:
            return review
        assignment.refresh_from_db()
        assignment.save()  # a history row for sending
        review.responses_due_on = timezone.localdate() + datetime.timedelta(
            days=settings.REVIEW_RESPONSE_DUE_DAYS
        )
        review.save(update_fields=["responses_due_on", "updated_at"])
        submitted_email(review=review)
    return review


def expert_review_for(assignment: Assignment) -> ExpertReview:
    expert_review, _created = ExpertReview.objects.get_or_create(assignment=assignment)
    return expert_review


def expert_answer_save(*, assignment: Assignment, question: str, text: str) -> ExpertReview:
    expert_review = expert_review_for(assignment)
    setattr(expert_review, question, text)
    expert_review.save()
    return expert_review


def expert_review_submit(*, assignment: Assignment) -> ExpertReview:
    with transaction.atomic():
        expert_review = expert_review_for(assignment)
        claimed = Assignment.objects.filter(pk=assignment.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
        if claimed:
            assignment.refresh_from_db()
            assignment.save()
    return expert_review


def recommendation_answer(
    *,
    recommendation: Recommendation,
    by: User,
    answer: str,
    reason: str,
    action: str,
    action_due_on: datetime.date | None,
) -> Recommendation:
    """A plan owner answers one recommendation. What they will do goes on the
    action log, raised from the recommendation (one action for it, changed when
    the answer changes; dropped if the answer no longer has one). When every
    recommendation of the review has an answer, the review is closed."""
    with transaction.atomic():
        recommendation.answer = answer
        recommendation.reason = reason
        recommendation.answered_by = by
        recommendation.answered_at = timezone.now()
        recommendation.save()
        _recommendation_action_save(
            recommendation=recommendation, by=by, what=action, due_on=action_due_on
        )
        review = Review.objects.select_for_update().get(pk=recommendation.review_id)
        unanswered = review.recommendations.filter(answer="").exists()
        if not unanswered and review.closed_at is None:
            review.closed_at = timezone.now()
            review.save(update_fields=["closed_at", "updated_at"])
    return recommendation


def recommendation_action(recommendation: Recommendation) -> Action | None:
    """The newest action raised from the recommendation, if any."""
    return Action.objects.from_sources([recommendation]).order_by("-pk").first()


def _recommendation_action_save(
    *, recommendation: Recommendation, by: User, what: str, due_on: datetime.date | None
) -> None:
    existing = recommendation_action(recommendation)
    if existing is not None and not existing.is_open:
        # Done or dropped stays as it was; a different action is a new one.
        if what and what != existing.what:
            existing = None
        else:
            return
    if existing is None:
        if what:
            plan = recommendation.review.assignment.report.plan
            action_raise(
                what=what,
                by=by,
                owner=by,
                service=plan.service,
                due_on=due_on,
                source=recommendation,
            )
        return
    if what:
        action_update(
            action=existing,
            what=what,
            owner=existing.owner or by,
            due_on=due_on,
            status=existing.status,
            evidence=existing.evidence,
        )
    elif existing.is_open:
        action_update(
            action=existing,
            what=existing.what,
            owner=existing.owner,
            due_on=existing.due_on,
            status=Action.Status.DROPPED,
            evidence=f"The answer to the recommendation changed to "
            f"“{recommendation.get_answer_display().lower()}”, with no action.",
        )

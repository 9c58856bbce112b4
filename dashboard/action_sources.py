"""Peer-review recommendations raise actions (see `actions.sources`)."""

from __future__ import annotations

from django.urls import reverse

from actions.sources import SourceKind, register
from dashboard.models import Recommendation
from dashboard.reviews.access import get_recommendation_for


def _raise_for(user, pk: int) -> Recommendation:
    return get_recommendation_for(user, pk, answer=True)


register(
    SourceKind(
        slug="recommendation",
        model="dashboard.Recommendation",
        label="peer-review recommendation",
        title=lambda recommendation: (
            f"Recommendation {recommendation.order} for the {recommendation.review.assignment.report.plan}"
        ),
        url=lambda recommendation: reverse(
            "dashboard:review_report", args=[recommendation.review.assignment.report_id]
        ),
        get_for=_raise_for,
        services=lambda recommendation: [
            service
            for service in [recommendation.review.assignment.report.plan.service]
            if service is not None
        ],
        related=("review__assignment__report__plan__service",),
    )
)

"""Builders for peer-review tests: ready reports, assignments, sent reviews."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from accounts.models import Role
from dashboard.models import Assignment, Recommendation, Report, Review, StandardRating
from tests.factories import UserFactory

_periods = itertools.count()


def ready_report(plan, *, start: datetime.date | None = None) -> Report:
    """A built report for the plan; each call gets its own quarter."""
    if start is None:
        start = datetime.date(2000, 1, 1) + datetime.timedelta(days=92 * next(_periods))
    return Report.objects.create(
        plan=plan,
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
        trigger=Report.Trigger.SCHEDULE,
        status=Report.Status.READY,
        built_at=timezone.now(),
    )


def assign(report: Report, reviewer, *, kind: str = Assignment.Kind.LEAD, **extra) -> Assignment:
    extra.setdefault(
        "status",
        Assignment.Status.OFFERED if kind == Assignment.Kind.EXPERT else Assignment.Status.ACCEPTED,
    )
    return Assignment.objects.create(
        report=report,
        reviewer=reviewer,
        kind=kind,
        due_on=timezone.localdate() + datetime.timedelta(days=28),
        **extra,
    )


def sent_review(report: Report, reviewer, *, recommendations: int = 2) -> Review:
    """A lead review already sent, each standard rated, with recommendations."""
    assignment = assign(report, reviewer, submitted_at=timezone.now())
    review = Review.objects.create(
        assignment=assignment,
        strengths="People with lived experience chair the steering group.",
        responses_due_on=timezone.localdate() + datetime.timedelta(days=28),
    )
    for standard in report.plan.standards.all():
        StandardRating.objects.create(
            review=review,
            standard=standard,
            statement=standard.statement,
            rating=StandardRating.Rating.PARTLY,
            evidence="Two of the four meetings were co-chaired.",
        )
    for order in range(1, recommendations + 1):
        Recommendation.objects.create(
            review=review, order=order, text=f"Recommendation number {order}"
        )
    return review


def co_reviewer(**extra):
    return UserFactory(role=Role.EXPERT, full_name="Cora Co-reviewer", **extra)

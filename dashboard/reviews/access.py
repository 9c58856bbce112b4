"""One access helper per guarded peer-review model, and peer review's role
predicates.

Peer review, who sees what:
- A reviewer sees and writes their own assignment. Once they have sent their
  review they can read the other review of the same report, never before.
- A plan's owners, and staff of the plan's service, read a report's reviews once
  they are sent; owners answer the recommendations.
- Admins and governance leads read every report's reviews and every assignment;
  only admins change who reviews.
- Anyone else: the thing does not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.rules import is_admin, reads_everything
from dashboard.models import Assignment, Recommendation, Report
from projects.models import Plan, Service


def reads_all_reviews(user) -> bool:
    return reads_everything(user)


def can_manage_reviews(user) -> bool:
    return is_admin(user)


def _plan_insiders(user) -> Q:
    """Plans the user owns, or whose service they belong to (a Q over Plan)."""
    owns = Plan.owners.through.objects.filter(plan_id=OuterRef("pk"), user=user)
    member = Service.members.through.objects.filter(service_id=OuterRef("service_id"), user=user)
    return Q(Exists(owns)) | Q(Exists(member))


def plans_with_readable_reviews(user) -> QuerySet[Plan]:
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if reads_all_reviews(user):
        return Plan.objects.all()
    return Plan.objects.filter(_plan_insiders(user))


def reports_with_readable_reviews(user) -> QuerySet[Report]:
    """Reports whose sent reviews the user may read."""
    if not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    if reads_all_reviews(user):
        return Report.objects.all()
    sent_my_own = Assignment.objects.filter(
        report=OuterRef("pk"), reviewer=user, submitted_at__isnull=False
    )
    return Report.objects.filter(
        Q(plan__in=plans_with_readable_reviews(user)) | Q(Exists(sent_my_own))
    )


def get_assignment_for(user, pk: int, *, write: bool = False) -> Assignment:
    """A reviewer's own assignment (ended ones too, so they can be told why), or
    any assignment for admins and governance leads. `write=True` is for the
    reviewer only, and only while it is theirs."""
    assignments = Assignment.objects.select_related("report__plan__service", "reviewer")
    if not reads_all_reviews(user):
        assignments = (
            assignments.filter(reviewer=user) if user.is_authenticated else assignments.none()
        )
    assignment = get_object_or_404(assignments, pk=pk)
    if write and (assignment.reviewer_id != user.pk or not assignment.is_current):
        raise PermissionDenied
    return assignment


def get_report_reviews_for(user, pk: int) -> Report:
    """A report whose sent reviews `user` may read, annotated with whether they
    may read the plan's other reviews too (a reviewer reads only their own)."""
    plan_readable = plans_with_readable_reviews(user).filter(pk=OuterRef("plan_id"))
    return get_object_or_404(
        reports_with_readable_reviews(user)
        .select_related("plan__service")
        .annotate(reads_plan_reviews=Exists(plan_readable)),
        pk=pk,
    )


def can_answer(user, plan: Plan) -> bool:
    return user.is_authenticated and user.is_active and plan.owners.filter(pk=user.pk).exists()


def get_recommendation_for(user, pk: int, *, answer: bool = False) -> Recommendation:
    """A recommendation of a sent review. Owners of the plan answer it; other
    readers get 403 on the answer page."""
    recommendation = get_object_or_404(
        Recommendation.objects.filter(
            review__assignment__submitted_at__isnull=False,
            review__assignment__report__in=reports_with_readable_reviews(user),
        ).select_related("review__assignment__report__plan__service"),
        pk=pk,
    )
    if answer and not can_answer(user, recommendation.review.assignment.report.plan):
        raise PermissionDenied
    return recommendation


def get_plan_archive_for(user, pk: int) -> Plan:
    """The plan whose reviews are listed: 404 to those who cannot see the plan,
    403 to readers of the plan who may not read its reviews."""
    plan = get_object_or_404(Plan.objects.visible_to(user).select_related("service"), pk=pk)
    if not plans_with_readable_reviews(user).filter(pk=plan.pk).exists():
        raise PermissionDenied
    return plan

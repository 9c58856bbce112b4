"""Peer review pages: reviewers write, plan owners answer, everyone reads the record.

The expert co-reviewer's pages are the simplest in the product on purpose: one
question a page, plain words, big buttons, saved on every step.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import form_data, keeps_input
from actions.models import Action
from dashboard.models import (
    Assignment,
    ExpertReview,
    Report,
    Review,
)
from dashboard.reviews import assigning, writing
from dashboard.reviews.access import (
    can_answer,
    can_manage_reviews,
    get_assignment_for,
    get_plan_archive_for,
    get_recommendation_for,
    get_report_reviews_for,
    reads_all_reviews,
)
from dashboard.reviews.forms import (
    ReassignForm,
    ResponseForm,
)


def _home() -> tuple[str, str]:
    return ("Home", reverse("home"))


def crumbs() -> list[tuple[str, str]]:
    """Home, then the reviews list: where every review page hangs."""
    return [_home(), ("Reviews", reverse("dashboard:review_list"))]


def report_url(report: Report) -> str:
    return reverse("dashboard:report_detail", args=[report.pk])


def _current_assignments() -> Prefetch:
    """Each report's current reviewers as `report.reviewers`, with how many
    recommendations their review has and how many are answered."""
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.current()
        .select_related("reviewer", "review")
        .annotate(
            recommendation_count=Count("review__recommendations"),
            answered_count=Count(
                "review__recommendations", filter=~Q(review__recommendations__answer="")
            ),
        )
        .order_by("kind", "pk"),
        to_attr="reviewers",
    )


# Lists -------------------------------------------------------------------------------


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reviews: to do, offered, and sent."""
    mine = list(
        Assignment.objects.for_reviewer(request.user)
        .exclude(status=Assignment.Status.DECLINED)
        .select_related("report__plan__service")
        .order_by("submitted_at", "due_on", "pk")
    )
    return render(
        request,
        "dashboard/reviews/review_list.html",
        {
            "to_do": [a for a in mine if not a.submitted_at],
            "sent": [a for a in mine if a.submitted_at],
            "is_expert": request.user.is_expert,
            "reads_all": reads_all_reviews(request.user),
            "breadcrumbs": [_home()],
        },
    )


@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Every report with its reviewers, for admins (who change them) and governance."""
    if not reads_all_reviews(request.user):
        raise PermissionDenied
    reports = (
        Report.objects.filter(status=Report.Status.READY)
        .select_related("plan__service")
        .prefetch_related(_current_assignments())
        .order_by("-period_start", "plan__service__name", "pk")
    )
    return render(
        request,
        "dashboard/reviews/assignment_list.html",
        {
            "reports": reports,
            "can_manage": can_manage_reviews(request.user),
            "breadcrumbs": crumbs(),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def assignment_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for(request.user, pk)
    if not can_manage_reviews(request.user):
        raise PermissionDenied
    if not assignment.is_current:
        raise Http404
    plan = assignment.report.plan
    people = (
        assigning.lead_candidates(plan)
        if assignment.kind == Assignment.Kind.LEAD
        else assigning.expert_candidates(assignment.report)
    )
    candidates = list(people.exclude(pk=assignment.reviewer_id)[:50])
    form = ReassignForm(form_data(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        new = assigning.assignment_reassign(
            assignment=assignment,
            reviewer=form.chosen(),
            by=request.user,
            reason=form.cleaned_data["reason"].strip(),
        )
        messages.success(request, f"{new.reviewer.name} now reviews this report. We emailed them.")
        return redirect("dashboard:assignment_list")
    return render(
        request,
        "dashboard/reviews/reassign.html",
        {
            "assignment": assignment,
            "form": form,
            "breadcrumbs": [*crumbs(), ("Reviewers", reverse("dashboard:assignment_list"))],
        },
    )


@require_GET
def plan_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's archive: every report, who reviewed it, and how it was answered."""
    plan = get_plan_archive_for(request.user, pk)
    # Queries: the plan, the review-reader check, the reports, their reviewers
    # (with review and answer counts).
    reports = list(
        Report.objects.filter(plan=plan)
        .prefetch_related(_current_assignments())
        .order_by("-period_start", "-pk")
    )
    for report in reports:
        report.has_sent = any(a.submitted_at for a in report.reviewers)
    return render(
        request,
        "dashboard/reviews/plan_reviews.html",
        {
            "plan": plan,
            "reports": reports,
            "breadcrumbs": [
                _home(),
                ("Growth plans", reverse("projects:plan_list")),
                (str(plan), reverse("projects:plan_detail", args=[plan.pk])),
            ],
        },
    )


# Reading and answering ---------------------------------------------------------------


@require_GET
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's sent reviews, and the owners' answers to each recommendation."""
    report = get_report_reviews_for(request.user, pk)
    sent = Assignment.objects.current().filter(report=report, submitted_at__isnull=False)
    lead = (
        sent.filter(kind=Assignment.Kind.LEAD)
        .select_related("reviewer", "review")
        .prefetch_related("review__ratings", "review__recommendations__answered_by")
        .first()
    )
    expert = sent.filter(kind=Assignment.Kind.EXPERT).select_related("reviewer").first()
    review: Review | None = getattr(lead, "review", None) if lead else None
    recommendations = list(review.recommendations.all()) if review else []
    actions: dict[int, Action] = {}
    for action in Action.objects.from_sources(recommendations).select_related("owner"):
        actions.setdefault(action.source_id, action)
    readable = set(
        Action.objects.visible_to(request.user)
        .filter(pk__in=[action.pk for action in actions.values()])
        .values_list("pk", flat=True)
    )
    for recommendation in recommendations:
        recommendation.logged_action = actions.get(recommendation.pk)
        recommendation.action_readable = recommendation.logged_action is not None and (
            recommendation.logged_action.pk in readable
        )
    expert_review: ExpertReview | None = (
        ExpertReview.objects.filter(assignment=expert).first() if expert else None
    )
    waiting = Assignment.objects.current().filter(report=report, submitted_at__isnull=True)
    return render(
        request,
        "dashboard/reviews/review_report.html",
        {
            "report": report,
            "report_url": report_url(report),
            "lead": lead,
            "review": review,
            "recommendations": recommendations,
            "today": timezone.localdate(),
            "expert": expert,
            "expert_review": expert_review,
            "waiting": list(waiting.select_related("reviewer")),
            "can_answer": can_answer(request.user, report.plan),
            "breadcrumbs": [
                _home(),
                ("Growth plans", reverse("projects:plan_list")),
                (str(report.plan), reverse("projects:plan_detail", args=[report.plan_id])),
                *(
                    [("Reviews", reverse("dashboard:plan_reviews", args=[report.plan_id]))]
                    if report.reads_plan_reviews
                    else []
                ),
            ],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def recommendation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for(request.user, pk, answer=True)
    report = recommendation.review.assignment.report
    action = writing.recommendation_action(recommendation)
    initial = (
        {
            "answer": recommendation.answer,
            "reason": recommendation.reason,
            "action": action.what if action and action.is_open else "",
            "action_due_on": action.due_on if action and action.is_open else None,
        }
        if recommendation.answer
        else None
    )
    form = ResponseForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        writing.recommendation_answer(
            recommendation=recommendation,
            by=request.user,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"].strip(),
            action=form.cleaned_data["action"].strip(),
            action_due_on=form.cleaned_data["action_due_on"],
        )
        recommendation.review.refresh_from_db()
        if recommendation.review.closed_at:
            messages.success(request, "Every recommendation has an answer. The review is closed.")
        else:
            messages.success(request, f"Answer saved for recommendation {recommendation.order}.")
        return redirect("dashboard:review_report", pk=report.pk)
    return render(
        request,
        "dashboard/reviews/respond.html",
        {
            "recommendation": recommendation,
            "report": report,
            "form": form,
            "back_url": reverse("dashboard:review_report", args=[report.pk]),
            "breadcrumbs": [
                _home(),
                (str(report.plan), reverse("projects:plan_detail", args=[report.plan_id])),
                ("Review", reverse("dashboard:review_report", args=[report.pk])),
            ],
        },
    )

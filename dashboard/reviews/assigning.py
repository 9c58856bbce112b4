"""Peer review: choosing reviewers fairly, inviting and reminding them.

The rotation rule (also shown to admins on the assignments page):

1. **Who can review a plan.** A lead reviewer is an active member of staff or a
   governance lead who is not a member of the plan's service, of any service
   below it or above it, is not one of the plan's owners and is not its sponsor.
   For the charity-wide plan (which covers every service) that means someone who
   belongs to no service, such as most governance leads. An expert co-reviewer
   is an active expert by experience who has said they are willing, who is not
   a member of a project run by any of those services, and who has not already
   turned down or been taken off this report.
2. **Who is next.** Among them, the person with the fewest turns so far (a turn
   is an assignment of the same kind, except an offer they turned down or one an
   admin took away from them: they did not do that work), then the one whose last
   turn was longest ago (never counts as longest), then the lowest account number,
   so the order is stable and every run agrees.

Assigning is idempotent: a report's row is locked while its reviewers are
chosen and the database allows one current assignment of each kind per report,
so running it twice, or on two workers at once, assigns nobody new. Every email
goes through the outbox with a key that names its purpose, so it is sent once.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from dashboard.models import Assignment, ExpertVolunteer, Report, Review
from outbox.mail import email_queue
from projects.models import Membership, Plan, Service

logger = logging.getLogger(__name__)

# How many experts are asked, one after another, before a report goes without one.
MAX_EXPERT_OFFERS = 3
# Reminders: the first the day after the due date, then weekly, three at most.
REMINDER_EVERY_DAYS = 7
MAX_REMINDERS = 3


# Who may review ------------------------------------------------------------------


def related_service_ids(plan: Plan) -> set[int]:
    """The plan's service with every service below and above it; for the
    charity-wide plan, every service."""
    tree = dict(Service.objects.values_list("pk", "parent_id"))
    if plan.service_id is None:
        return set(tree)
    found = set(plan.service.descendant_ids())
    parent = tree.get(plan.service_id)
    while parent is not None and parent not in found:
        found.add(parent)
        parent = tree.get(parent)
    return found


def _in_rotation_order(people: QuerySet[User], kind: str) -> QuerySet[User]:
    turns = Q(review_assignments__kind=kind) & (
        Q(review_assignments__ended_at__isnull=True)
        | Q(review_assignments__submitted_at__isnull=False)
    )
    return people.annotate(
        turns=Count("review_assignments", filter=turns),
        last_turn=Max("review_assignments__assigned_at", filter=turns),
    ).order_by("turns", F("last_turn").asc(nulls_first=True), "pk")


def lead_candidates(plan: Plan) -> QuerySet[User]:
    """Everyone who may be the plan's lead reviewer, next in line first."""
    related = related_service_ids(plan)
    in_related_service = Service.members.through.objects.filter(
        user=OuterRef("pk"), service_id__in=related
    )
    owns = Plan.owners.through.objects.filter(user=OuterRef("pk"), plan_id=plan.pk)
    people = (
        User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.GOVERNANCE])
        .exclude(Exists(in_related_service))
        .exclude(Exists(owns))
    )
    if plan.sponsor_user_id:
        people = people.exclude(pk=plan.sponsor_user_id)
    return _in_rotation_order(people, Assignment.Kind.LEAD)


def expert_candidates(report: Report) -> QuerySet[User]:
    """Willing experts who may co-review this report, next in line first."""
    plan = report.plan
    related = related_service_ids(plan)
    in_related_project = Membership.objects.filter(
        user=OuterRef("pk"), project__services__in=related
    )
    owns = Plan.owners.through.objects.filter(user=OuterRef("pk"), plan_id=plan.pk)
    asked_before = Assignment.objects.filter(reviewer=OuterRef("pk"), report=report)
    willing = ExpertVolunteer.objects.filter(user=OuterRef("pk"), is_willing=True)
    people = (
        User.objects.filter(is_active=True, role=Role.EXPERT)
        .filter(Exists(willing))
        .exclude(Exists(in_related_project))
        .exclude(Exists(owns))
        .exclude(Exists(asked_before))
    )
    return _in_rotation_order(people, Assignment.Kind.EXPERT)


# Assigning -------------------------------------------------------------------------


def _due_on(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=settings.REVIEW_DUE_DAYS)


def reviewers_assign(*, report: Report) -> list[Assignment]:
    """Give a ready report its lead reviewer and offer it to an expert co-reviewer,
    if it has none yet. Returns the assignments made now (empty on a rerun)."""
    made: list[Assignment] = []
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("plan__service")
            .get(pk=report.pk)
        )
        if report.status != Report.Status.READY:
            return made
        current = set(
            Assignment.objects.current().filter(report=report).values_list("kind", flat=True)
        )
        if Assignment.Kind.LEAD not in current:
            reviewer = lead_candidates(report.plan).first()
            if reviewer is None:
                logger.warning("no eligible peer reviewer for report %s", report.pk)
            else:
                made.append(_assign(report, reviewer, Assignment.Kind.LEAD))
        if Assignment.Kind.EXPERT not in current:
            offered = Assignment.objects.filter(report=report, kind=Assignment.Kind.EXPERT)
            if offered.count() < MAX_EXPERT_OFFERS:
                expert = expert_candidates(report).first()
                if expert is not None:
                    made.append(_assign(report, expert, Assignment.Kind.EXPERT))
    return made


def _assign(report: Report, reviewer: User, kind: str) -> Assignment:
    # The caller holds the report's row lock; the unique constraint is the backstop.
    assignment = Assignment.objects.create(
        report=report,
        reviewer=reviewer,
        kind=kind,
        status=(
            Assignment.Status.OFFERED
            if kind == Assignment.Kind.EXPERT
            else Assignment.Status.ACCEPTED
        ),
        due_on=_due_on(),
    )
    invitation_email(assignment=assignment)
    return assignment


def reports_needing_reviewers() -> QuerySet[Report]:
    """Ready reports missing a lead reviewer, or an expert while offers remain."""
    current = Assignment.objects.current().filter(report=OuterRef("pk"))
    return (
        Report.objects.filter(status=Report.Status.READY)
        .filter(
            ~Exists(current.filter(kind=Assignment.Kind.LEAD))
            | (
                ~Exists(current.filter(kind=Assignment.Kind.EXPERT))
                & ~Q(pk__in=_reports_with_max_offers())
            )
        )
        .order_by("pk")
    )


def _reports_with_max_offers() -> QuerySet:
    return (
        Assignment.objects.filter(kind=Assignment.Kind.EXPERT)
        .values("report")
        .annotate(n=Count("pk"))
        .filter(n__gte=MAX_EXPERT_OFFERS)
        .values("report")
    )


def reviewers_assign_all() -> int:
    """The periodic sweep: assign every ready report that needs it. Returns how
    many assignments were made."""
    made = 0
    for report in reports_needing_reviewers().only("pk"):
        made += len(reviewers_assign(report=report))
    return made


def assignment_reassign(
    *, assignment: Assignment, reviewer: User, by: User, reason: str
) -> Assignment:
    """An admin gives a review to someone else. The old assignment is ended with
    the reason (kept in its history); the new reviewer is invited."""
    with transaction.atomic():
        ended = Assignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(),
            ended_by=by,
            end_reason=reason,
            status=Assignment.Status.REASSIGNED,
        )
        if not ended:
            raise ValueError("This assignment has already ended.")
        # `update()` writes no history row: record who ended it, and why.
        assignment.refresh_from_db()
        assignment._change_reason = reason  # type: ignore[attr-defined]
        assignment.save()
        new = Assignment.objects.create(
            report=assignment.report,
            reviewer=reviewer,
            kind=assignment.kind,
            status=(
                Assignment.Status.OFFERED
                if assignment.kind == Assignment.Kind.EXPERT
                else Assignment.Status.ACCEPTED
            ),
            due_on=_due_on(),
        )
        invitation_email(assignment=new)
    return new


def offer_answer(*, assignment: Assignment, accept: bool) -> Assignment:
    """An expert says yes or no to co-reviewing. Saying no ends the offer, and the
    next sweep offers the report to the next willing expert."""
    if assignment.status != Assignment.Status.OFFERED or not assignment.is_current:
        return assignment
    if accept:
        assignment.status = Assignment.Status.ACCEPTED
        assignment.due_on = _due_on()
    else:
        assignment.status = Assignment.Status.DECLINED
        assignment.ended_at = timezone.now()
    assignment.save(update_fields=["status", "due_on", "ended_at"])
    return assignment


# Emails --------------------------------------------------------------------------


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def invitation_email(*, assignment: Assignment) -> None:
    report = assignment.report
    template = (
        "dashboard/reviews/email/offer.txt"
        if assignment.kind == Assignment.Kind.EXPERT
        else "dashboard/reviews/email/invitation.txt"
    )
    subject = (
        f"Would you like to help review the {report.plan.service_name} plan?"
        if assignment.kind == Assignment.Kind.EXPERT
        else f"Please peer review the {report.plan}"
    )
    email_queue(
        key=f"review-{assignment.pk}-invitation",
        to=assignment.reviewer.email,
        subject=subject,
        body=render_to_string(
            template,
            {
                "assignment": assignment,
                "report": report,
                "link": _link("dashboard:review_open", assignment.pk),
                "organisation": settings.ORGANISATION_NAME,
            },
        ),
    )


def submitted_email(*, review: Review) -> None:
    """Tell each of the plan's owners that a review is ready for their answers."""
    assignment = review.assignment
    plan = assignment.report.plan
    for owner in plan.owners.filter(is_active=True):
        email_queue(
            key=f"review-{assignment.pk}-submitted-{owner.pk}",
            to=owner.email,
            subject=f"Your plan's peer review is ready: {plan}",
            body=render_to_string(
                "dashboard/reviews/email/submitted.txt",
                {
                    "owner": owner,
                    "review": review,
                    "report": assignment.report,
                    "link": _link("dashboard:review_report", assignment.report_id),
                },
            ),
        )


def _step(due_on: datetime.date, today: datetime.date) -> int:
    """Which reminder is due: 1 the day after the due date, then one a week."""
    return min(MAX_REMINDERS, 1 + (today - due_on).days // REMINDER_EVERY_DAYS)


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Email reviewers whose review is overdue, and owners whose answers are.

    Each step is claimed with a conditional UPDATE of the counter, and each email
    has its own outbox key, so a rerun (or two workers) never sends a step twice.
    If the task did not run for a while, only the latest step is sent.
    """
    today = today or timezone.localdate()
    sent = 0
    overdue = (
        Assignment.objects.current()
        .filter(status=Assignment.Status.ACCEPTED, submitted_at__isnull=True, due_on__lt=today)
        .filter(reminders_sent__lt=MAX_REMINDERS)
        .select_related("reviewer", "report__plan__service")
    )
    for assignment in overdue:
        step = _step(assignment.due_on, today)
        if step <= assignment.reminders_sent:
            continue
        with transaction.atomic():
            claimed = Assignment.objects.filter(
                pk=assignment.pk, reminders_sent=assignment.reminders_sent
            ).update(reminders_sent=step)
            if not claimed:
                continue
            email_queue(
                key=f"review-{assignment.pk}-reminder-{step}",
                to=assignment.reviewer.email,
                subject=f"Reminder: your review of the {assignment.report.plan} is due",
                body=render_to_string(
                    "dashboard/reviews/email/reminder.txt",
                    {
                        "assignment": assignment,
                        "report": assignment.report,
                        "step": step,
                        "link": _link("dashboard:review_open", assignment.pk),
                    },
                ),
            )
            sent += 1
    waiting = (
        Review.objects.filter(
            assignment__submitted_at__isnull=False,
            closed_at__isnull=True,
            responses_due_on__lt=today,
            response_reminders_sent__lt=MAX_REMINDERS,
        )
        .select_related("assignment__report__plan__service")
        .prefetch_related("assignment__report__plan__owners")
    )
    for review in waiting:
        step = _step(review.responses_due_on, today)
        if step <= review.response_reminders_sent:
            continue
        with transaction.atomic():
            claimed = Review.objects.filter(
                pk=review.pk, response_reminders_sent=review.response_reminders_sent
            ).update(response_reminders_sent=step)
            if not claimed:
                continue
            report = review.assignment.report
            for owner in report.plan.owners.all():
                if not owner.is_active:
                    continue
                email_queue(
                    key=f"review-{review.assignment_id}-responses-reminder-{step}-{owner.pk}",
                    to=owner.email,
                    subject=f"Reminder: please answer the peer review of the {report.plan}",
                    body=render_to_string(
                        "dashboard/reviews/email/responses_reminder.txt",
                        {
                            "owner": owner,
                            "report": report,
                            "review": review,
                            "link": _link("dashboard:review_report", report.pk),
                        },
                    ),
                )
                sent += 1
    return sent

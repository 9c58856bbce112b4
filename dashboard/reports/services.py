"""Peer-review reports: scheduling them, building them, and asking for one now.

The database is the record of work to do. A report row is written first (status
"queued"), its build task is queued after commit, and the build claims the row
with a conditional UPDATE. So two beats, two workers, a retry or a sweep never
build a report twice; a report asked for while Redis was down waits as a row
until `reports_sweep` queues it; and a build whose worker died is taken over
once its lease (`REPORT_BUILD_LEASE_SECONDS`) runs out.
"""

from __future__ import annotations

import datetime
import enum
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from dashboard.models import Report
from dashboard.reports import periods
from dashboard.reports.render import report_pdf
from dashboard.reports.snapshot import report_snapshot
from outbox.mail import email_queue
from outbox.queue import enqueue_on_commit
from projects.models import Plan

logger = logging.getLogger(__name__)

# A report whose worker died this many times is given up as failed.
MAX_ATTEMPTS = 5
# A queued report younger than this still has its own task on the way.
SWEEP_GRACE = datetime.timedelta(minutes=1)


class Outcome(enum.Enum):
    BUILT = "built"
    FAILED = "failed"
    BUSY = "busy"  # another worker holds a live lease on it
    DONE = "done"  # already ready or failed: nothing to do


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REPORT_BUILD_LEASE_SECONDS)


def _queue_build(report: Report) -> None:
    from dashboard.tasks import report_build_task

    enqueue_on_commit(report_build_task, report.pk)


# The schedule -----------------------------------------------------------------


def plans_due(*, today: datetime.date):
    """Active plans whose review is due (or that have no date yet: due at once)."""
    return Plan.objects.filter(status=Plan.Status.ACTIVE).filter(
        Q(next_review_due__lte=today) | Q(next_review_due__isnull=True)
    )


def reports_schedule(*, today: datetime.date | None = None) -> list[int]:
    """Claim each due plan, record its report for the last complete period, and
    move its due date on. Returns the ids of the reports it created.

    The claim is a conditional UPDATE of the plan's due date from the value read
    to the next one: of two runs reading the same plan, one moves the date and
    the other updates nothing and skips it. The unique constraint on plan and
    period is the second guard (a report asked for on demand is not built again).
    """
    today = today or timezone.localdate()
    created_ids = []
    for plan in plans_due(today=today).order_by("pk"):
        period = periods.last_complete_period(plan.review_frequency, today)
        next_due = periods.next_due_after(plan.review_frequency, today)
        with transaction.atomic():
            claimed = Plan.objects.filter(
                pk=plan.pk, status=Plan.Status.ACTIVE, next_review_due=plan.next_review_due
            ).update(next_review_due=next_due)
            if not claimed:
                continue
            report, created = Report.objects.get_or_create(
                plan=plan,
                period_start=period.start,
                period_end=period.end,
                defaults={"trigger": Report.Trigger.SCHEDULE},
            )
            if created:
                _queue_build(report)
                created_ids.append(report.pk)
        logger.info("report schedule: plan %s next due %s", plan.pk, next_due)
    return created_ids


# Asking for a report now --------------------------------------------------------


class DuplicateReport(Exception):
    def __init__(self, existing: Report):
        super().__init__("There is already a report for this plan and period.")
        self.existing = existing


def report_request(
    *, plan: Plan, period_start: datetime.date, period_end: datetime.date, user
) -> Report:
    """Record a report an admin asked for and queue its build after commit. If
    Redis is down the row waits for the sweep; the request still succeeds."""
    try:
        with transaction.atomic():
            report = Report.objects.create(
                plan=plan,
                period_start=period_start,
                period_end=period_end,
                trigger=Report.Trigger.REQUEST,
                requested_by=user,
            )
    except IntegrityError:
        existing = Report.objects.get(plan=plan, period_start=period_start, period_end=period_end)
        raise DuplicateReport(existing) from None
    _queue_build(report)
    return report


def report_retry(*, report: Report) -> bool:
    """Put a failed report back in the queue. False if it had not failed."""
    retried = Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
        status=Report.Status.QUEUED, error="", claimed_at=None, attempts=0
    )
    if retried:
        _queue_build(report)
    return bool(retried)


# Building -----------------------------------------------------------------------


def _claim(report_id: int) -> datetime.datetime | None:
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id)
        .to_build(now=now)
        .update(
            status=Report.Status.BUILDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            error="",
        )
    )
    return now if claimed else None


def lease_left(report_id: int) -> float:
    """Seconds until a live claim on the report runs out (0 if none)."""
    claimed_at = (
        Report.objects.filter(pk=report_id, status=Report.Status.BUILDING)
        .values_list("claimed_at", flat=True)
        .first()
    )
    if claimed_at is None:
        return 0.0
    return max(0.0, (claimed_at + _lease() - timezone.now()).total_seconds())


def report_build(*, report_id: int) -> Outcome:
    """Build one report if nobody else is: snapshot, PDF, then ready and the
    owners' emails in one transaction, so a report is never shown as ready half
    built and its emails exist exactly when it is ready.

    A database error puts the report back in the queue and is raised for the
    task to retry; any other error fails the report with a reason an admin can
    act on (the traceback goes to the log).
    """
    claimed_at = _claim(report_id)
    if claimed_at is None:
        return Outcome.BUSY if lease_left(report_id) else Outcome.DONE
    report = Report.objects.select_related("plan__service").get(pk=report_id)
    step = "work out the figures"
    try:
        snapshot = report_snapshot(
            plan=report.plan, start=report.period_start, last_day=report.period_end
        )
        step = "make the PDF"
        pdf = report_pdf(snapshot=snapshot, title=str(report))
        step = "save the report"
        with transaction.atomic():
            finished = Report.objects.filter(
                pk=report_id, status=Report.Status.BUILDING, claimed_at=claimed_at
            ).update(
                status=Report.Status.READY,
                snapshot=snapshot,
                pdf=pdf,
                built_at=timezone.now(),
                claimed_at=None,
                error="",
            )
            if not finished:  # our lease ran out and another build took over
                return Outcome.BUSY
            report_notify(report=report)
    except DatabaseError:
        Report.objects.filter(
            pk=report_id, status=Report.Status.BUILDING, claimed_at=claimed_at
        ).update(status=Report.Status.QUEUED, claimed_at=None)
        raise
    except Exception as error:
        logger.exception("report %s failed to %s", report_id, step)
        Report.objects.filter(
            pk=report_id, status=Report.Status.BUILDING, claimed_at=claimed_at
        ).update(
            status=Report.Status.FAILED,
            claimed_at=None,
            error=f"The build stopped while trying to {step} ({type(error).__name__}). "
            "The details are in the worker's log.",
        )
        return Outcome.FAILED
    logger.info("report %s ready", report_id)
    return Outcome.BUILT


def report_url(report: Report) -> str:
    return settings.SITE_URL + reverse("dashboard:report_detail", args=[report.pk])


def report_notify(*, report: Report) -> None:
    """Email each of the plan's owners once that the report is ready (the key
    makes a rebuild or a retry send nothing more)."""
    for owner in report.plan.owners.filter(is_active=True).exclude(email=""):
        email_queue(
            key=f"report-{report.pk}-ready-{owner.pk}",
            to=owner.email,
            subject=f"Peer-review report ready: {report.plan.service_name}, "
            f"{periods.period_words(report.period_start, report.period_end)}",
            body=(
                f"Hello {owner.name},\n\n"
                f"The peer-review report for the {report.plan} is ready. It covers "
                f"{report.period_label}.\n\n"
                f"Read it here (you will be asked to sign in):\n{report_url(report)}\n\n"
                "You are getting this because you are an owner of this growth plan.\n"
            ),
        )


# The sweep ----------------------------------------------------------------------


def reports_sweep() -> int:
    """Queue every report waiting to be built: asked for while Redis was down,
    or left "building" by a worker that died. A report that has died with its
    worker too often is failed instead, so one bad report cannot take workers
    down for ever. Returns how many were queued."""
    now = timezone.now()
    waiting = Report.objects.to_build(now=now).exclude(
        status=Report.Status.QUEUED, created_at__gte=now - SWEEP_GRACE, attempts=0
    )
    worn_out = waiting.filter(status=Report.Status.BUILDING, attempts__gte=MAX_ATTEMPTS)
    for report_id in worn_out.values_list("pk", flat=True):
        logger.error("report %s given up after %s attempts", report_id, MAX_ATTEMPTS)
    worn_out.update(
        status=Report.Status.FAILED,
        claimed_at=None,
        error=f"The build stopped without finishing {MAX_ATTEMPTS} times, so it was "
        "given up. Look for the report's id in the worker's log, then try again.",
    )
    ids = list(waiting.values_list("pk", flat=True)[:200])
    with transaction.atomic():
        for report_id in ids:
            from dashboard.tasks import report_build_task

            enqueue_on_commit(report_build_task, report_id)
    return len(ids)

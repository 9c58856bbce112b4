"""Reports built by a real Celery worker through the real Redis: the schedule
builds one report per due plan and no more, and a worker killed mid-build (the
whole machine, or only its pool process) still ends in exactly one complete
report and one email per owner."""

from __future__ import annotations

import datetime
import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from dashboard.models import Report
from dashboard.reports import services
from dashboard.tasks import report_build_task, reports_schedule_task
from outbox.models import OutboundEmail
from projects.models import Plan
from tests.factories import PlanFactory, UserFactory
from tests.smtp import smtp_server
from tests.worker import celery_worker, database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 3


def wait_for(condition, *, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or condition}")


def owned_plan(name: str, **fields) -> tuple[Plan, object]:
    owner = UserFactory(
        email=f"{name.lower().replace(' ', '-')}-owner@example.org", role="governance"
    )
    plan = PlanFactory(service__name=name, **fields)
    plan.owners.add(owner)
    return plan, owner


def ready_count() -> int:
    return Report.objects.filter(status=Report.Status.READY).count()


def test_the_schedule_builds_one_report_per_due_plan_and_a_rerun_builds_none(settings):
    today = timezone.localdate()
    due, _ = owned_plan("Willow ward", next_review_due=today - datetime.timedelta(days=1))
    first, _ = owned_plan("Oak ward", next_review_due=None)  # never reviewed: due at once
    owned_plan("Ash ward", next_review_due=today + datetime.timedelta(days=10))  # not yet
    owned_plan("Elm ward", status="draft", next_review_due=today)  # not agreed yet
    with smtp_server() as inbox, celery_worker(env=inbox.worker_env(), concurrency=2):
        # Two beats (or a beat and a rerun) asking at once.
        reports_schedule_task.delay()
        reports_schedule_task.delay()
        wait_for(lambda: ready_count() == 2, what="two reports")
        reports_schedule_task.delay()
        wait_for(lambda: len(inbox.subjects()) >= 2, what="two emails")
        time.sleep(2)  # room for a third report or a second email, if there were one
        assert sorted(Report.objects.values_list("plan__service__name", flat=True)) == [
            "Oak ward",
            "Willow ward",
        ]
        assert ready_count() == 2
        assert sorted(inbox.subjects()) == sorted(
            f"Peer-review report ready: {plan.service_name}, "
            f"{services.periods.period_words(r.period_start, r.period_end)}"
            for plan, r in ((p, p.reports.get()) for p in (due, first))
        )
    due.refresh_from_db()
    assert due.next_review_due > today, "the due date moved on"


def _hold_the_email_key(key: str) -> psycopg.Connection:
    """Insert, without committing, the outbox row the build will write, so the
    worker's own insert waits on the unique index: the build is stopped at a
    known point, inside its final transaction, with nothing committed."""
    held = psycopg.connect(database_url())
    held.execute(
        "INSERT INTO outbox_outboundemail "
        '(key, "to", subject, body, status, attempts, last_error, headers, created_at) '
        "VALUES (%s, 'x@example.org', 'held', '', 'pending', 0, '', '{}', now())",
        [key],
    )
    return held


def _worker_waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _assert_one_complete_report_and_one_email(report: Report, inbox) -> None:
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.snapshot["version"] == 1
    assert bytes(report.pdf).startswith(b"%PDF")
    wait_for(lambda: len(inbox.subjects()) >= 1, what="the owner's email")
    time.sleep(2)  # room for a second copy, if there were one
    assert len(inbox.subjects()) == 1
    assert OutboundEmail.objects.filter(key__startswith=f"report-{report.pk}-").count() == 1
    assert Report.objects.count() == 1


def test_a_machine_killed_mid_build_leaves_the_report_to_the_sweep(settings):
    """The whole worker (main process and pool) is killed: its message stays
    unacknowledged in Redis for the hour-long visibility timeout, so the lease
    running out and the sweep are what finish the report."""
    settings.REPORT_BUILD_LEASE_SECONDS = LEASE_SECONDS
    env = {"REPORT_BUILD_LEASE_SECONDS": str(LEASE_SECONDS)}
    plan, owner = owned_plan("Willow ward")
    report = Report.objects.create(
        plan=plan,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        trigger=Report.Trigger.SCHEDULE,
    )
    with smtp_server() as inbox:
        held = _hold_the_email_key(f"report-{report.pk}-ready-{owner.pk}")
        try:
            with celery_worker(env={**inbox.worker_env(), **env}) as worker:
                report_build_task.delay(report.pk)
                wait_for(_worker_waiting_on_a_lock, what="the build to reach its email")
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        finally:
            held.rollback()
            held.close()
        report.refresh_from_db()
        assert report.status == Report.Status.BUILDING, "nothing of the build was committed"
        assert OutboundEmail.objects.count() == 0
        wait_for(
            lambda: timezone.now() > report.claimed_at + datetime.timedelta(seconds=LEASE_SECONDS),
            what="the lease to run out",
        )
        with celery_worker(env={**inbox.worker_env(), **env}):
            assert services.reports_sweep() == 1
            wait_for(lambda: ready_count() == 1, what="the report")
            _assert_one_complete_report_and_one_email(report, inbox)
        assert report.attempts == 2


def test_a_pool_process_killed_mid_build_is_redelivered_and_finished(settings):
    """Only the pool process dies: with acks_late and reject_on_worker_lost the
    worker requeues the message at once; the redelivered task finds the live
    lease, comes back when it runs out, and finishes the build."""
    settings.REPORT_BUILD_LEASE_SECONDS = LEASE_SECONDS
    env = {"REPORT_BUILD_LEASE_SECONDS": str(LEASE_SECONDS)}
    plan, owner = owned_plan("Oak ward")
    report = Report.objects.create(
        plan=plan,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        trigger=Report.Trigger.SCHEDULE,
    )
    with smtp_server() as inbox, celery_worker(env={**inbox.worker_env(), **env}) as worker:
        held = _hold_the_email_key(f"report-{report.pk}-ready-{owner.pk}")
        try:
            report_build_task.delay(report.pk)
            wait_for(_worker_waiting_on_a_lock, what="the build to reach its email")
            (child,) = _pool_children(worker.pid)
            os.kill(child, signal.SIGKILL)
        finally:
            held.rollback()
            held.close()
        wait_for(lambda: ready_count() == 1, what="the report")
        _assert_one_complete_report_and_one_email(report, inbox)
        assert worker.poll() is None, "the worker itself carried on"

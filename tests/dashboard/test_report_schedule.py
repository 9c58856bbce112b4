"""The review schedule: which plans are due, which period, and the next date."""

from __future__ import annotations

import datetime

import pytest

from dashboard.models import Report
from dashboard.reports import periods, services
from tests.factories import PlanFactory

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "today", "start", "end", "next_due"),
    [
        ("quarterly", D(2026, 11, 23), D(2026, 7, 1), D(2026, 9, 30), D(2027, 1, 1)),
        ("quarterly", D(2026, 1, 1), D(2025, 10, 1), D(2025, 12, 31), D(2026, 4, 1)),
        ("monthly", D(2026, 3, 1), D(2026, 2, 1), D(2026, 2, 28), D(2026, 4, 1)),
        ("twice_a_year", D(2026, 7, 15), D(2026, 1, 1), D(2026, 6, 30), D(2027, 1, 1)),
        ("yearly", D(2026, 11, 23), D(2025, 1, 1), D(2025, 12, 31), D(2027, 1, 1)),
    ],
)
def test_a_report_covers_the_last_complete_period(frequency, today, start, end, next_due):
    period = periods.last_complete_period(frequency, today)
    assert (period.start, period.end) == (start, end)
    assert periods.next_due_after(frequency, today) == next_due


@pytest.mark.django_db
def test_due_active_plans_get_one_report_and_move_on(django_capture_on_commit_callbacks):
    today = D(2026, 11, 23)
    due = PlanFactory(next_review_due=today)
    new = PlanFactory(next_review_due=None)
    later = PlanFactory(next_review_due=D(2026, 12, 1))
    draft = PlanFactory(status="draft", next_review_due=today)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = services.reports_schedule(today=today)
        assert services.reports_schedule(today=today) == [], "a rerun builds nothing"
    assert sorted(created) == sorted(Report.objects.values_list("pk", flat=True))
    assert len(callbacks) == 2, "one build queued per report, after commit"
    assert set(Report.objects.values_list("plan", "period_start", "period_end")) == {
        (due.pk, D(2026, 7, 1), D(2026, 9, 30)),
        (new.pk, D(2026, 7, 1), D(2026, 9, 30)),
    }
    for plan in (due, new):
        plan.refresh_from_db()
        assert plan.next_review_due == D(2027, 1, 1)
    later.refresh_from_db()
    draft.refresh_from_db()
    assert (later.next_review_due, draft.next_review_due) == (D(2026, 12, 1), today)


@pytest.mark.django_db
def test_a_report_already_asked_for_is_not_built_again(django_capture_on_commit_callbacks):
    plan = PlanFactory(next_review_due=D(2026, 10, 1))
    Report.objects.create(
        plan=plan, period_start=D(2026, 7, 1), period_end=D(2026, 9, 30), trigger="request"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.reports_schedule(today=D(2026, 10, 2)) == []
    assert callbacks == []
    assert Report.objects.count() == 1


def test_the_beat_runs_hourly_but_never_in_the_hour_clocks_change(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["reports-schedule"]["schedule"]
    assert schedule.minute == {1}
    assert schedule.hour == set(range(24)) - {1}
    assert "reports-sweep" in settings.CELERY_BEAT_SCHEDULE

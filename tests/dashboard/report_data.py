"""Reports in a known state for tests, without a worker."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dashboard.models import Report
from dashboard.reports.snapshot import report_snapshot
from projects.models import Plan

QUARTER_START, QUARTER_END = datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)
STORED_PDF = b"%PDF-1.7 a stored report"


def ready(plan: Plan, *, start=QUARTER_START, end=QUARTER_END, pdf=STORED_PDF) -> Report:
    """A ready report with a real snapshot and (unless None) a stored PDF."""
    report, _ = Report.objects.update_or_create(
        plan=plan,
        period_start=start,
        period_end=end,
        defaults={
            "trigger": Report.Trigger.SCHEDULE,
            "status": Report.Status.READY,
            "snapshot": report_snapshot(plan=plan, start=start, last_day=end),
            "pdf": pdf,
            "built_at": timezone.now(),
        },
    )
    return report

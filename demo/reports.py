"""Peer-review reports for the demo: a few plans' latest reviews, already built.

The snapshots are worked out here as a build would; the PDFs are left to be made
on first download (from the same snapshot), so the demo starts in seconds.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from dashboard.models import Report
from dashboard.reports.periods import last_complete_period
from dashboard.reports.snapshot import report_snapshot
from demo.story import Story
from projects.models import Activity, Plan

PLANS_WITH_REPORTS = 3


def create_reports(story: Story) -> None:
    latest = last_complete_period("quarterly", story.today)
    before = last_complete_period("quarterly", latest.start)
    # The busiest services' plans, so the reports have something to show.
    busy = (
        Activity.objects.in_period(latest.start, latest.next_start)
        .values("project__services")
        .annotate(n=Count("pk"))
        .order_by("-n", "project__services")
        .values_list("project__services", flat=True)
    )
    ranked = {service: rank for rank, service in enumerate(busy)}
    plans = sorted(
        Plan.objects.filter(status=Plan.Status.ACTIVE, service__isnull=False),
        key=lambda plan: ranked.get(plan.service_id, len(ranked)),
    )[:PLANS_WITH_REPORTS]
    for n, plan in enumerate(plans):
        for period in [latest, before] if n == 0 else [latest]:
            Report.objects.create(
                plan=plan,
                period_start=period.start,
                period_end=period.end,
                trigger=Report.Trigger.SCHEDULE,
                status=Report.Status.READY,
                snapshot=report_snapshot(plan=plan, start=period.start, last_day=period.end),
                attempts=1,
                built_at=timezone.now(),
            )

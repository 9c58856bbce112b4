"""Building a report: the frozen snapshot, the page and the tagged PDF drawn from
it alone, failures kept visible, and the owners told once."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from dashboard.models import Report
from dashboard.reports import services
from outbox.models import OutboundEmail
from projects.models import Activity, Plan
from tests.dashboard.data import QUARTER, build
from tests.dashboard.data import services as dataset
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db

LAST_DAY = QUARTER[1] - datetime.timedelta(days=1)


@pytest.fixture
def data():
    return build(dataset())


@pytest.fixture
def plan(data) -> Plan:
    plan = Plan.objects.get(service=data.willow)
    ActivityFactory(
        project=data.willow.projects.first(),
        date=datetime.date(2025, 9, 1),
        what_changed="Quiet hours after 10pm, as people asked.",
    )
    return plan


def queued(plan: Plan) -> Report:
    return Report.objects.create(
        plan=plan, period_start=QUARTER[0], period_end=LAST_DAY, trigger=Report.Trigger.SCHEDULE
    )


def test_it_freezes_the_figures_as_plain_json(plan, data):
    report = queued(plan)
    assert services.report_build(report_id=report.pk) is services.Outcome.BUILT
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    snapshot = report.snapshot
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["version"] == 1
    # Counted again from the rows: Willow's activities dated in the quarter.
    willow = Activity.objects.filter(
        project__services=data.willow, date__gte=QUARTER[0], date__lt=QUARTER[1]
    )
    assert snapshot["activity"]["total"] == willow.count() == 5
    assert snapshot["flags"]["faux_count"] == willow.filter(faux_production=True).count() == 1
    assert snapshot["flags"]["contested_count"] == 1
    assert [c["what_changed"] for c in snapshot["changes"]["latest"]] == [
        "Quiet hours after 10pm, as people asked."
    ]
    headline = {h["key"]: h for h in snapshot["headlines"]}
    assert headline["activities"]["shown"] == "5"
    # £105.50 paid to 2 people: not frozen at all. 6.5 hours from 3 people.
    assert snapshot["money"]["payments_shown"] == "Fewer than 3 people"
    assert snapshot["money"]["payments"] is None
    assert headline["payments"]["value"] is None
    assert "105.5" not in json.dumps(snapshot)
    assert snapshot["money"]["hours_shown"] == "6.5 hours"
    means = {p["code"]: p for p in snapshot["principles"]}
    assert means["power"]["means"] == {"lived": "2.3", "staff": "4.3"}
    assert [m["name"] for m in snapshot["metrics"]] == ["Doing with share 0", "Meetings attended 0"]
    assert report.pdf.startswith(b"%PDF")


def test_the_pdf_is_tagged_and_reads_the_snapshot(plan, data):
    month = LAST_DAY.replace(day=1)
    for _ in range(24):  # two years of readings: more months than a printed table has
        for metric in plan.metrics.filter(source="manual"):
            metric.readings.update_or_create(period=month, defaults={"value": 10})
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    report = queued(plan)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    out = Path(settings.BASE_DIR, "test-artifacts", "report-pdf")
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "report.pdf"
    pdf.write_bytes(bytes(report.pdf))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert f"Title:           {report}" in info
    text = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in (
        "About this report",
        "Headlines",
        "Activity and the ladder",
        "The seven principles",
        "Metrics against targets",
        "Reach: who are we not hearing from?",
        "What changed because of the work",
    ):
        assert heading in text
    snapshot = report.snapshot
    for headline in snapshot["headlines"]:
        assert headline["shown"] in text
    for metric in snapshot["metrics"]:
        assert metric["name"] in text
    assert "Quiet hours after 10pm, as people asked." in text
    # Each metric's table prints its latest 12 months and says where the rest are.
    assert "every month is in the report's CSV download" in " ".join(text.split())
    # Pages as pictures, to look at (test-artifacts/report-pdf/page-N.png).
    subprocess.run(["pdftoppm", "-png", "-r", "70", pdf, out / "page"], check=True)
    assert len(list(out.glob("page-*.png"))) == int(info.split("Pages:")[1].split()[0])


def test_a_build_that_breaks_fails_with_a_reason_and_never_shows_as_ready(
    plan, monkeypatch, caplog
):
    report = queued(plan)

    def broken(**kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr("dashboard.reports.services.report_pdf", broken)
    assert services.report_build(report_id=report.pk) is services.Outcome.FAILED
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error.startswith("The build stopped while trying to make the PDF (OSError)")
    assert report.snapshot == {}
    assert report.pdf is None
    assert f"report {report.pk} failed to make the PDF" in caplog.text
    assert not OutboundEmail.objects.exists()


def test_each_owner_is_emailed_once_however_often_it_is_built(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    owners = [UserFactory(role="admin"), UserFactory(role="governance")]
    plan.owners.add(*owners)
    report = queued(plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_build(report_id=report.pk)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.email for o in owners)
    assert f"/dashboard/reports/{report.pk}/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_build(report_id=report.pk) is services.Outcome.DONE
        services.report_notify(report=report)
    assert len(mailoutbox) == 2


def test_a_live_claim_is_left_alone_and_a_stale_one_taken_over(plan, settings):
    report = queued(plan)
    Report.objects.filter(pk=report.pk).update(status="building", claimed_at=timezone.now())
    assert services.report_build(report_id=report.pk) is services.Outcome.BUSY
    Report.objects.filter(pk=report.pk).update(
        claimed_at=timezone.now()
        - datetime.timedelta(seconds=settings.REPORT_BUILD_LEASE_SECONDS + 1)
    )
    assert services.reports_sweep() == 1
    assert services.report_build(report_id=report.pk) is services.Outcome.BUILT


def test_the_sweep_gives_up_on_a_report_that_keeps_killing_workers(plan):
    report = queued(plan)
    Report.objects.filter(pk=report.pk).update(
        status="building",
        claimed_at=timezone.now() - datetime.timedelta(days=1),
        attempts=services.MAX_ATTEMPTS,
    )
    assert services.reports_sweep() == 0
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "5 times" in report.error

"""The report pages: the list per plan, the report, its PDF, asking for one now
(with its errors), progress by htmx polling and without JavaScript, and retry."""

from __future__ import annotations

import csv
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from charts import month_label
from dashboard.models import Report
from dashboard.reports.render import report_context
from projects.models import Plan
from tests.dashboard.data import build
from tests.dashboard.data import services as dataset
from tests.dashboard.report_data import QUARTER_END, QUARTER_START, STORED_PDF, ready
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(data) -> Plan:
    return Plan.objects.get(service=data.willow)


@pytest.fixture
def data():
    return build(dataset())


def queued(plan: Plan, **fields) -> Report:
    return Report.objects.create(
        plan=plan,
        period_start=fields.pop("start", QUARTER_START),
        period_end=fields.pop("end", QUARTER_END),
        trigger=Report.Trigger.REQUEST,
        **fields,
    )


def test_the_list_shows_each_report_with_its_status_in_fixed_queries(
    client, governance, plan, django_assert_num_queries
):
    ready(plan)
    queued(plan, start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30))
    client.force_login(governance)
    url = reverse("dashboard:report_list", args=[plan.pk])
    # session, user, the plan with whether its reports may be read, the reports
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 July 2025 to 30 September 2025" in page
    assert "Ready" in page
    assert "1 April 2025 to 30 June 2025" in page
    assert "Waiting" in page
    for n in range(2, 6):
        queued(plan, start=datetime.date(2024, n, 1), end=datetime.date(2024, n, 2))
    with django_assert_num_queries(4):
        client.get(url)


def test_the_report_page_draws_the_snapshot_in_fixed_queries(
    client, staff, data, plan, django_assert_num_queries
):
    data.willow.members.add(staff)
    report = ready(plan)
    client.force_login(staff)
    # session, user, the report with whether it may be read (the page is drawn from
    # its snapshot: no other query)
    with django_assert_num_queries(3):
        response = client.get(reverse("dashboard:report_detail", args=[report.pk]))
    page = response.content.decode()
    for heading in ("Headlines", "Activity and the ladder", "The seven principles", "Reach"):
        assert f">{heading}" in page
    # £105.50 paid to 2 people is not shown; 6.5 hours from 3 people is.
    assert "£105.50" not in page
    assert "Fewer than 3 people" in page
    assert "6.5 hours" in page
    assert f'href="/dashboard/reports/{report.pk}/report.pdf"' in page


def test_the_report_never_changes_when_records_change_later(client, governance, data, plan):
    report = ready(plan)
    client.force_login(governance)
    url = reverse("dashboard:report_detail", args=[report.pk])

    def main(page: bytes) -> str:  # the report, without the page's fresh CSP nonce
        text = page.decode()
        return text[text.index("<main") : text.index("</main>")]

    before = main(client.get(url).content)
    data.willow.projects.first().activities.all().delete()
    assert main(client.get(url).content) == before


def test_the_pdf_downloads_as_stored(client, governance, plan):
    report = ready(plan)
    client.force_login(governance)
    response = client.get(reverse("dashboard:report_download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == STORED_PDF


def test_a_report_not_ready_has_no_pdf(client, governance, plan):
    report = queued(plan)
    client.force_login(governance)
    assert client.get(reverse("dashboard:report_download", args=[report.pk])).status_code == 404


def test_progress_polls_while_building_and_stops_when_finished(client, admin, plan):
    report = queued(plan)
    client.force_login(admin)
    url = reverse("dashboard:report_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Check again" in page
    polled = client.get(url, {"shown": "queued"}, headers={"HX-Request": "true"})
    assert polled.status_code == 204, "nothing to swap while the status has not moved"
    Report.objects.filter(pk=report.pk).update(status="building", claimed_at=timezone.now())
    polled = client.get(url, {"shown": "queued"}, headers={"HX-Request": "true"})
    assert "Building" in polled.content.decode()
    assert "<html" not in polled.content.decode()
    Report.objects.filter(pk=report.pk).update(status="failed", error="The PDF broke.")
    polled = client.get(url, {"shown": "building"}, headers={"HX-Request": "true"}).content.decode()
    assert "The PDF broke." in polled
    assert "hx-trigger" not in polled


def test_a_failure_reason_is_for_admins(client, governance, plan):
    report = queued(plan, status="failed", error="The PDF broke (OSError).")
    client.force_login(governance)
    page = client.get(reverse("dashboard:report_detail", args=[report.pk])).content.decode()
    assert "could not be built" in page
    assert "OSError" not in page


def post_request(client, plan, start, end):
    data = {"plan": plan.pk}
    for name, day in (("period_start", start), ("period_end", end)):
        data |= {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
    return client.post(reverse("dashboard:report_request"), data)


def test_an_admin_asks_for_a_report_and_sees_its_progress(client, admin, plan):
    client.force_login(admin)
    response = post_request(client, plan, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:report_detail", args=[report.pk])
    assert (report.status, report.trigger, report.requested_by) == ("queued", "request", admin)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2025, 3, 1), datetime.date(2025, 2, 1), "must be the same as or after"),
        # Tomorrow, worked out when the test runs (a run can pass midnight).
        (datetime.date(2025, 3, 1), "tomorrow", "today or in the past"),
    ],
)
def test_the_form_refuses_a_period_that_cannot_be_reported(
    client, admin, plan, start, end, message
):
    if end == "tomorrow":
        end = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(admin)
    response = post_request(client, plan, start, end)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert f'value="{start.year}"' in page, "what was typed is kept"
    assert not Report.objects.exists()


def test_asking_again_for_the_same_period_links_to_the_report(client, admin, plan):
    existing = ready(plan)
    client.force_login(admin)
    response = post_request(client, plan, QUARTER_START, QUARTER_END)
    page = response.content.decode()
    assert "There is already a report for this plan and period" in page
    assert reverse("dashboard:report_detail", args=[existing.pk]) in page
    assert Report.objects.count() == 1


def test_an_admin_builds_a_failed_report_again(
    client, admin, plan, django_capture_on_commit_callbacks
):
    report = queued(plan, status="failed", error="The build stopped.", attempts=2)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("dashboard:report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == ("queued", "", 0)
    assert len(callbacks) == 1, "its build is queued after commit"


def test_owners_of_any_role_read_their_plans_reports(client, expert, plan):
    report = ready(plan)
    client.force_login(expert)
    assert client.get(reverse("dashboard:report_detail", args=[report.pk])).status_code == 404
    plan.owners.add(expert)
    assert client.get(reverse("dashboard:report_detail", args=[report.pk])).status_code == 200
    other = ready(PlanFactory())
    assert client.get(reverse("dashboard:report_detail", args=[other.pk])).status_code == 404


def test_the_csv_has_every_metric_month_the_pdf_prints_the_latest_12(client, governance, plan):
    month = QUARTER_END.replace(day=1)
    for _ in range(24):  # two years of readings for every metric typed in
        for metric in plan.metrics.all():
            metric.readings.update_or_create(period=month, defaults={"value": 10})
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    report = ready(plan)
    metrics = report.snapshot["metrics"]
    assert any(len(m["points"]) == 24 for m in metrics)
    client.force_login(governance)
    page = client.get(reverse("dashboard:report_detail", args=[report.pk])).content.decode()
    csv_url = reverse("dashboard:report_csv", args=[report.pk])
    assert f'href="{csv_url}"' in page
    response = client.get(csv_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()))
    assert lines[0][:3] == ["Metric", "Month", "Value"]
    months = [(m["name"], p["month"][:7]) for m in metrics for p in m["points"]]
    assert [(row[0], row[1]) for row in lines[1:]] == months
    # On paper a metric's table has its latest 12 months; its chart keeps all of them.
    printed = report_context(report.snapshot, for_print=True)["metrics"]
    on_screen = report_context(report.snapshot)["metrics"]
    for paper, screen, metric in zip(printed, on_screen, metrics, strict=True):
        assert len(screen["chart"].rows) == len(metric["points"])
        assert len(paper["chart"].svg["points"]) == len(metric["points"])
        if len(metric["points"]) > 12:
            assert paper["chart"].rows == screen["chart"].rows[-12:]
            assert "every month is in the report's CSV download" in paper["chart"].note
            assert paper["chart"].rows[-1][0] == month_label(
                datetime.date.fromisoformat(metric["points"][-1]["month"])
            )
        else:
            assert paper["chart"] == screen["chart"]


def test_a_report_not_ready_has_no_csv(client, governance, plan):
    report = queued(plan)
    client.force_login(governance)
    assert client.get(reverse("dashboard:report_csv", args=[report.pk])).status_code == 404

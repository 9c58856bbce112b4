"""The pages the benchmark times, who opens each, and which records they show.

Records are chosen the same way at every scale so that the 0.1 and 1.0 figures
compare like with like: a typical project (as many activities as the average)
that the benchmark's staff member leads, an activity in it, the growth plan of
their own service (every service logs about the same amount at any scale), a
closed principles round of one of their projects with the most answers, and the
benchmark's expert by experience, one of the keenest people on the register.
"""

from __future__ import annotations

import datetime
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.scale import BENCH_USERS
from principles.models import Round
from projects.models import Activity, Involvement, Membership, Person, Plan, Project

if TYPE_CHECKING:
    from django.test import Client

    from bench.measure import Timing


@dataclass
class Targets:
    users: dict[str, User]
    project: Project
    activity: Activity
    plan: Plan
    round: Round
    people: list[Person]
    division_id: int
    first_new_activity: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {
            "project": self.project.pk,
            "project_activities": self.project.activities.count(),
            "activity": self.activity.pk,
            "plan": self.plan.pk,
            "round": self.round.pk,
            "expert_involvements": Involvement.objects.filter(
                person__user=self.users["expert"]
            ).count(),
            "activities": Activity.objects.count(),
            "involvements": Involvement.objects.count(),
        }


def find_targets() -> Targets:
    users = {key: User.objects.get(email=email) for key, (email, _role) in BENCH_USERS.items()}
    staff = users["staff"]
    led = Project.objects.filter(
        memberships__user=staff, memberships__role=Membership.Role.LEAD
    ).annotate(n=Count("activities"))
    typical = Activity.objects.count() / max(1, Project.objects.count())
    project = min(led, key=lambda p: (abs(p.n - typical), p.pk))
    activity = (
        project.activities.filter(rung__isnull=False).order_by("-date", "-pk").first()
        or project.activities.order_by("-date", "-pk").first()
    )
    service = staff.services.order_by("pk").first()
    plan = Plan.objects.get(service=service)
    round_ = (
        Round.objects.filter(project__in=led, closes_on__lt=timezone.localdate())
        .annotate(n=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .order_by("-n", "pk")
        .first()
    )
    people = list(
        Person.objects.filter(involvements__activity__project=project).distinct().order_by("pk")[:2]
    )
    if activity is None or round_ is None or service is None:
        raise RuntimeError("The benchmark database lacks the records the pages need.")
    return Targets(
        users=users,
        project=project,
        activity=activity,
        plan=plan,
        round=round_,
        people=people,
        division_id=service.parent_id or service.pk,
    )


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: Callable[[Targets], str]
    post: Callable[[Targets], dict[str, str]] | None = None
    expect: int = 200
    # Asked with the role's personal API token instead of a session (the read API).
    token: bool = False
    # Stored dashboard figures deleted first, so each request works them out.
    fresh: bool = False

    def sender(self, client: Client, targets: Targets) -> Callable[[], object]:
        url = self.url(targets)
        if self.post is not None:
            targets.first_new_activity = (
                Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
            data = self.post(targets)

            def send() -> object:
                return self._check(client.post(url, data, secure=True))
        elif self.fresh:
            from dashboard.models import StoredFigures

            def send() -> object:
                StoredFigures.objects.all().delete()
                return self._check(client.get(url, secure=True))
        else:

            def send() -> object:
                return self._check(client.get(url, secure=True))

        return send

    def _check(self, response):
        if response.status_code != self.expect:
            raise RuntimeError(f"{self.name}: {response.status_code}, not {self.expect}")
        return response

    def clean_up(self, targets: Targets) -> None:
        """Remove what a POST page made, so reruns measure the same database."""
        if self.post is None or not targets.first_new_activity:
            return
        made = Activity.objects.filter(pk__gte=targets.first_new_activity)
        Involvement.history.filter(activity_id__in=made.values("pk")).delete()
        Involvement.objects.filter(activity__in=made).delete()
        Activity.history.filter(id__gte=targets.first_new_activity).delete()
        made.delete()


def _dashboard_filtered(targets: Targets) -> str:
    last_year = timezone.localdate().year - 1
    return f"{reverse('dashboard:dashboard')}?period={last_year}&division={targets.division_id}"


def _log_activity(targets: Targets) -> dict[str, str]:
    """What the activity form posts: two people from the register and the lead."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "kind": "workshop",
        "title": "Benchmark workshop",
        "description": "People and staff planned the next steps together.",
        "duration_hours": "2",
        "duration_minutes_part": "0",
        "what_changed": "",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "action": "save",
    }
    rows = [{"person": str(person.pk)} for person in targets.people]
    rows.append({"staff": str(targets.users["staff"].pk), "part": "led"})
    for index, values in enumerate(rows):
        row = {
            "person": "",
            "new_name": "",
            "new_experience": "",
            "staff": "",
            "part": "attended",
            "hours": "2",
            "payment_choice": "paid",
            "amount_taken": "",
            "donated_to": "",
            "expenses": "",
            "paid_on_day": "",
            "paid_on_month": "",
            "paid_on_year": "",
            **values,
        }
        data.update({f"participants-{index}-{name}": value for name, value in row.items()})
    return data


# "dashboard" and "dashboard (filtered)" are what a reader gets: the figures stored
# by the refresh task or an earlier view (dashboard/page_cache.py). "dashboard worked
# out again" times the work behind them, done once per set of filters every
# DASHBOARD_FIGURES_MAX_AGE seconds: the button that works them out again now.
PAGES = [
    Page("floor", "staff", lambda t: reverse("bench_floor")),
    Page("dashboard", "governance", lambda t: reverse("dashboard:dashboard")),
    Page("dashboard (filtered)", "governance", _dashboard_filtered),
    # The figures worked out, not read back: what the first reader after any change
    # waits for (the stored ones are deleted at the start of each timed request).
    Page(
        "dashboard worked out fresh",
        "governance",
        lambda t: reverse("dashboard:dashboard"),
        fresh=True,
    ),
    Page("project list", "staff", lambda t: reverse("projects:project_list")),
    Page(
        "project page", "staff", lambda t: reverse("projects:project_detail", args=[t.project.pk])
    ),
    Page(
        "activity page",
        "staff",
        lambda t: reverse("projects:activity_detail", args=[t.activity.pk]),
    ),
    Page("plan page", "governance", lambda t: reverse("projects:plan_detail", args=[t.plan.pk])),
    Page(
        "principles results",
        "staff",
        lambda t: reverse("principles:round_results", args=[t.round.pk]),
    ),
    Page("my involvement", "expert", lambda t: reverse("projects:my_involvement")),
    # The first page of every activity the lead may read, as Power BI asks for it.
    Page("activity list (API)", "staff", lambda t: reverse("api:activities"), token=True),
    Page(
        "log an activity (POST)",
        "staff",
        lambda t: reverse("projects:activity_create", args=[t.project.pk]),
        post=_log_activity,
        expect=302,
    ),
]


def client_for(page: Page, user) -> Client:
    return with_token(user) if page.token else signed_in(user)


def with_token(user) -> Client:
    """A client sending a new personal API token of `user` (the last run's is removed)."""
    from django.test import Client

    from accounts.models import ApiToken
    from accounts.services import api_token_create

    ApiToken.objects.filter(user=user, name="Benchmark").delete()
    _token, secret = api_token_create(user=user, name="Benchmark", days=1)
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def signed_in(user) -> Client:
    """A client signed in as `user` with both steps done, as after typing the code:
    admins and governance leads are otherwise sent to set up two-factor."""
    from django.test import Client

    from accounts import two_factor

    client = Client()
    client.force_login(user)
    session = client.session
    session[two_factor.VERIFIED_KEY] = True
    session.save()
    return client


# Peer-review reports ------------------------------------------------------------------
#
# One build as a worker does it: claim, snapshot, PDF, ready (and the owners' emails
# queued), for the last complete quarter. Any earlier benchmark report for the same
# plan and quarter is removed first, so every build does the whole work.


def report_builder() -> Callable[[int], object]:
    from dashboard.models import Report
    from dashboard.reports.periods import last_complete_period
    from dashboard.reports.services import report_build

    def build_report_with_pdf(plan_id: int) -> object:
        period = last_complete_period("quarterly", timezone.localdate())
        where = {"plan_id": plan_id, "period_start": period.start, "period_end": period.end}
        Report.objects.filter(**where).delete()
        report = Report.objects.create(**where, trigger=Report.Trigger.REQUEST)
        report_build(report_id=report.pk)
        report.refresh_from_db()
        if report.status != Report.Status.READY or not report.pdf:
            raise RuntimeError(f"the report did not build: {report.error}")
        return report

    return build_report_with_pdf


def report_timings(targets: Targets, *, all_plans: bool) -> list[Timing]:
    import time

    from bench import report_worker
    from bench.measure import Timing

    builder = report_builder()
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        builder(targets.plan.pk)
        seconds.append(time.perf_counter() - started)
    found = [Timing("report with PDF", 3, sorted(seconds)[1] * 1000, max(seconds) * 1000, 0)]
    if all_plans:
        plan_ids = list(Plan.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        # Fresh processes, as two Celery workers would be: a forked child would share
        # this process's database connection.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
            list(pool.map(report_worker.build, plan_ids))
        took = (time.perf_counter() - started) * 1000
        found.append(Timing(f"all {len(plan_ids)} plans' reports, 2 processes", 1, took, took, 0))
    return found


# Imports ---------------------------------------------------------------------------
#
# 10,000 activity rows for the typical project, from an .xlsx as an admin uploads
# it: checked on upload, then checked again and saved in one transaction as the
# worker does (`imports.services.import_apply`). What it made is removed afterwards.

IMPORT_ROWS = 10_000


def import_timings(targets: Targets) -> list[Timing]:
    import io
    import time

    import openpyxl

    from bench.measure import Timing
    from imports.models import ImportBatch, ImportReference
    from imports.services import import_apply, import_upload

    admin = targets.users["admin"]
    # The project by a reference, as an earlier projects import would have made it
    # (project titles are not unique in the generated data).
    ImportReference.objects.update_or_create(
        kind="projects", reference="BENCH-PROJECT", defaults={"object_id": targets.project.pk}
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Reference",
            "Project",
            "Date",
            "Kind",
            "Title",
            "Hours",
            "What changed",
            "Rung",
            "Reason for rung",
        ]
    )
    start = timezone.localdate().toordinal() - IMPORT_ROWS // 10
    for number in range(IMPORT_ROWS):
        sheet.append(
            [
                f"BENCH-{number}",
                "BENCH-PROJECT",
                datetime.date.fromordinal(start + number // 10),
                "Workshop",
                f"Imported workshop {number}",
                1.5,
                "Menus changed." if number % 3 == 0 else "",
                "Consultation" if number % 2 else "",
                "Views were asked for." if number % 2 else "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    first_new = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    started = time.perf_counter()
    batch = import_upload(
        kind="activities", file_name="bench.xlsx", data=buffer.getvalue(), by=admin
    )
    if batch.status != ImportBatch.Status.READY:
        raise RuntimeError(f"the import did not check: {batch.problems[:3]}")
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", confirmed_by=admin)
    done = import_apply(batch_id=batch.pk)
    took = (time.perf_counter() - started) * 1000
    if done is None or done.status != ImportBatch.Status.DONE:
        raise RuntimeError(f"the import failed: {done and done.failure}")
    made = Activity.objects.filter(pk__gte=first_new)
    from ladder.models import Classification

    # Deleting leaves a history row for each record deleted: those go too.
    made_ids = list(made.values_list("pk", flat=True))
    made.delete()
    Classification.history.filter(activity_id__in=made_ids).delete()
    Activity.history.filter(id__gte=first_new).delete()
    ImportReference.objects.filter(reference__startswith="BENCH-").delete()
    ImportBatch.objects.filter(pk=batch.pk).delete()
    return [Timing(f"import {IMPORT_ROWS:,} activity rows (.xlsx)", 1, took, took, 0)]

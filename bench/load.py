"""`make bench-load`: gunicorn (2 workers) on loopback under 50 locust users.

    python -m bench.load [--scale 1.0] [--seed 1] [--users 50] [--minutes 3] [--port 8006]

Loads (or reuses) the scale's database, starts gunicorn in production mode,
runs locust headless (`bench/locustfile.py`), then prints throughput, median and
p95 response times and errors per page and overall, and each gunicorn worker's
resident memory after the run. Activities the load logged are removed
afterwards, so the database stays as loaded.
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.databases import ROOT, ensure_loaded
from bench.run import bench_env, machine

LOAD_TITLE = "Load test meeting"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def targets(env: dict[str, str]) -> dict:
    """Accounts for the simulated people and the records they open, read in a
    child process so this one never connects Django to the database."""
    script = (
        "import django, json; django.setup(); "
        "from bench.load import _targets_from_database; print(json.dumps(_targets_from_database()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "coprod.settings"},
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _targets_from_database(staff_count: int = 60, expert_count: int = 20) -> dict:
    from accounts.models import Role, User
    from projects.models import Activity, Membership, Person, Plan, Project

    staff = []
    leads = (
        User.objects.filter(role=Role.STAFF, memberships__role=Membership.Role.LEAD)
        .distinct()
        .order_by("pk")[:staff_count]
    )
    for user in leads:
        led = list(
            Project.objects.filter(memberships__user=user, memberships__role="lead")
            .order_by("pk")
            .values_list("pk", flat=True)[:10]
        )
        visible = list(
            Project.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:30]
        )
        service = user.services.order_by("pk").first()
        staff.append(
            {
                "id": user.pk,
                "email": user.email,
                "led": led,
                "projects": visible or led,
                "activities": list(
                    Activity.objects.filter(project__in=visible)
                    .order_by("-date")
                    .values_list("pk", flat=True)[:30]
                ),
                "plan": Plan.objects.filter(service=service).values_list("pk", flat=True).first(),
                "people": list(
                    Person.objects.filter(involvements__activity__project__in=led)
                    .distinct()
                    .order_by("pk")
                    .values_list("pk", flat=True)[:2]
                ),
            }
        )
    experts = [
        {
            "id": user.pk,
            "email": user.email,
            "projects": list(
                Project.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:10]
            ),
        }
        for user in User.objects.filter(role=Role.EXPERT, person__isnull=False).order_by("pk")[
            :expert_count
        ]
    ]
    from demo.scale import BENCH_PASSWORD

    return {"staff": staff, "experts": experts, "password": BENCH_PASSWORD}


def worker_memory(master: int) -> list[int]:
    """Resident memory (kB) of each child of the gunicorn master."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master):
            found.append(int(fields["VmRSS"].split()[0]))
    return sorted(found)


def clean_up(env: dict[str, str]) -> None:
    script = (
        "import django; django.setup(); "
        "from projects.models import Activity, Involvement; "
        f"made = Activity.objects.filter(title={LOAD_TITLE!r}); "
        "Involvement.history.filter(activity_id__in=made.values('pk')).delete(); "
        "Involvement.objects.filter(activity__in=made).delete(); "
        f"Activity.history.filter(title={LOAD_TITLE!r}).delete(); "
        "print(made.delete()[0])"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "coprod.settings"},
        cwd=ROOT,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--port", type=int, default=8006)
    options = parser.parse_args()

    env = bench_env()
    url = ensure_loaded(options.scale, options.seed, reload=False, env=env)
    env["DATABASE_URL"] = url
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    found = targets(env)
    host = f"http://127.0.0.1:{options.port}"
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coprod.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{options.port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(f"{host}/account/sign-in/")
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(options.users), "--spawn-rate", "5",
             "--run-time", f"{round(options.minutes * 60)}s", "--host", host,
             "--csv", str(artifacts / "bench-load"), "--only-summary", "--loglevel", "WARNING",
             "--stop-timeout", "10"],
            env={**env, "BENCH_TARGETS": json.dumps(found), "BENCH_PASSWORD": found["password"]},
            cwd=ROOT,
            check=False,  # locust exits 1 when any request failed: the report says so
        )  # fmt: skip
        took = time.monotonic() - started
        memory = worker_memory(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    clean_up(env)
    with (artifacts / "bench-load_stats.csv").open() as stats:
        rows = list(csv.DictReader(stats))
    print()
    print(
        f"Load: {options.users} users for {took:.0f} s against gunicorn (2 workers) on "
        f"loopback, scale {options.scale}. Machine: {machine()}"
    )
    print()
    print("| request | count | failures | req/s | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['Name'] or row['Type']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | "
            f"{float(row['Max Response Time']):.0f} |"
        )
    print()
    print(
        "Worker resident memory after the run: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in memory)
    )


if __name__ == "__main__":
    main()

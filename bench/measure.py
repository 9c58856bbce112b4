"""Time the main pages against one loaded database, in-process.

Run by `bench.run` once per scale, with DATABASE_URL pointing at that scale's
database; prints one JSON object (page -> timings and query count) on the last
line of its output. Each page goes through the whole middleware stack with
Django's test client, signed in as the role that uses it: a few warm-up
requests, then timed requests until there are enough for a stable median.
SQL queries are counted on one extra request, so counting costs no time.

"Report" timings build a peer-review report with its PDF as a worker does, three
times for one plan (and, with --reports, every plan's in two processes); nothing is
ever estimated.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import django

WARM_UP = 3
MIN_RUNS = 15
MAX_RUNS = 60
BUDGET_SECONDS = 20.0  # per page: fast pages get up to MAX_RUNS within it
SLOW_SECONDS = 1.0  # a page slower than this gets one warm-up and SLOW_RUNS runs
SLOW_RUNS = 5
CPU_FLOOR = "CPU floor"  # a fixed template rendered many times (bench/cpu_floor.py)


@dataclass
class Timing:
    page: str
    runs: int
    median_ms: float
    p95_ms: float
    queries: int
    note: str = ""


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_request(page: str, send: Callable[[], object], count_queries: Callable) -> Timing:
    """Warm up, then time `send` until MAX_RUNS or the time budget is spent."""
    first = time.perf_counter()
    send()
    slow = time.perf_counter() - first > SLOW_SECONDS
    for _ in range(0 if slow else WARM_UP - 1):
        send()
    least = SLOW_RUNS if slow else MIN_RUNS
    seconds: list[float] = []
    started = time.perf_counter()
    while len(seconds) < MAX_RUNS and (
        len(seconds) < least or (not slow and time.perf_counter() - started < BUDGET_SECONDS)
    ):
        before = time.perf_counter()
        send()
        seconds.append(time.perf_counter() - before)
    return Timing(
        page=page,
        runs=len(seconds),
        median_ms=statistics.median(seconds) * 1000,
        p95_ms=nearest_rank(seconds, 0.95) * 1000,
        queries=count_queries(send),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--reports", action="store_true", help="also time all plans' reports")
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench import cpu_floor, pages

    # Not `setup_test_environment()`: its instrumented template rendering copies
    # every template's context for the test client, a cost production never pays.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def count_queries(send: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            send()
        return len(captured.captured_queries)

    # Both floors are always measured: every page is read as a ratio to them.
    only = {name for name in options.only.split(",") if name}
    if only:
        only |= {"floor", CPU_FLOOR}
    results: list[Timing] = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        targets = pages.find_targets()
        for page in pages.PAGES:
            if only and page.name not in only:
                continue
            client = pages.client_for(page, targets.users[page.role])
            send = page.sender(client, targets)
            results.append(time_request(page.name, send, count_queries))
            page.clean_up(targets)
            print(f"  {results[-1].page:<28} {results[-1].median_ms:8.1f} ms", file=sys.stderr)
            if page.name == "floor":
                results.append(time_request(CPU_FLOOR, cpu_floor.renderer(), count_queries))
                print(f"  {CPU_FLOOR:<28} {results[-1].median_ms:8.1f} ms", file=sys.stderr)
        for timing in pages.report_timings(targets, all_plans=options.reports):
            results.append(timing)
        if not only or any(name.startswith("import ") for name in only):
            results.extend(pages.import_timings(targets))
    print(
        json.dumps(
            {
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "targets": targets.describe(),
                "pages": [asdict(timing) for timing in results],
            }
        )
    )


if __name__ == "__main__":
    main()

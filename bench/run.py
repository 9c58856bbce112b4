"""`make bench`: load each scale (or reuse it), time the pages, print the table.

    python -m bench.run [--scales 0.1,1.0] [--seed 1] [--passes 1] [--reload]
                        [--only "dashboard,plan page"] [--reports]

Each scale is measured in its own process (`bench.measure`) against its own
database (`bench.databases`), in production mode (DEBUG off, hashed static files,
Redis cache). With `--passes 3`, each page's figure is the median of three
passes' medians, which steadies a shared machine. The raw figures are written to
`test-artifacts/bench-<time>.json`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

from bench.databases import ROOT, ensure_loaded

# The targets on a 2-core machine, at scale 1.0 (milliseconds).
DASHBOARD_TARGET_MS = 150  # the stored figures read back
FRESH_DASHBOARD_TARGET_MS = 250  # worked out from the summary tables (issue 22)
PAGE_TARGET_MS = 50
REPORT_TARGET_MS = 2_500  # one report with its PDF (issue 22)
ALL_REPORTS_TARGET_MS = 90_000  # every plan's report, two worker processes (issue 22)
IMPORT_TARGET_MS = 30_000  # importing 10,000 activity rows, checked and saved (issue 20)
MAX_GROWTH = 1.5
CPU_FLOOR = "CPU floor"  # bench/cpu_floor.py: a fixed template, no database
NO_TARGET = {"floor", CPU_FLOOR}

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "k" * 60,
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    # Nothing leaves the machine: any email a page sends stays in memory.
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # The API's rate limit would stop the timing runs: they send hundreds a minute.
    "API_REQUESTS_PER_MINUTE": "1000000",
}


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    for key, value in PRODUCTION_ENV.items():
        env.setdefault(key, value)
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env["PYTHONPATH"] = str(ROOT)
    return env


def is_report(page: str) -> bool:
    """A one-off job, not a page: timed once, with no growth or query targets."""
    return page.startswith(("report", "all ", "import "))


def target_ms(page: str) -> float | None:
    if page in NO_TARGET:
        return None
    if page.startswith("import "):
        return IMPORT_TARGET_MS
    if is_report(page):
        return REPORT_TARGET_MS if page.startswith("report") else ALL_REPORTS_TARGET_MS
    if page == "dashboard worked out fresh":
        return FRESH_DASHBOARD_TARGET_MS
    return DASHBOARD_TARGET_MS if page.startswith("dashboard") else PAGE_TARGET_MS


def measure(url: str, *, only: str, reports: bool, env: dict[str, str]) -> dict:
    command = [sys.executable, "-m", "bench.measure", "--only", only]
    if reports:
        command.append("--reports")
    done = subprocess.run(
        command,
        env={**env, "DATABASE_URL": url},
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def combine(passes: list[dict]) -> dict[str, dict]:
    """Per page: the median of the passes' medians and p95s; queries from the last."""
    pages: dict[str, dict] = {}
    for measured in passes:
        for timing in measured["pages"]:
            entry = pages.setdefault(timing["page"], {"medians": [], "p95s": [], **timing})
            entry["medians"].append(timing["median_ms"])
            entry["p95s"].append(timing["p95_ms"])
            entry["queries"] = timing["queries"]
    for entry in pages.values():
        entry["median_ms"] = statistics.median(entry["medians"])
        entry["p95_ms"] = statistics.median(entry["p95s"])
    return pages


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(results: dict[float, dict[str, dict]], scales: list[float]) -> str:
    small, big = scales[0], scales[-1]
    floor = results[big].get("floor", {}).get("median_ms")
    cpu_floor = results[big].get(CPU_FLOOR, {}).get("median_ms")
    small_floor = results[small].get("floor", {}).get("median_ms")
    floor_growth = floor / small_floor if floor and small_floor else math.nan
    head = ["page"]
    for scale in scales:
        head += [f"{scale} median ms", f"{scale} p95 ms", f"{scale} queries"]
    head += ["growth", "growth / floor's", "x floor", "x CPU floor", "target ms", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page, last in results[big].items():
        cells = [page]
        for scale in scales:
            entry = results[scale].get(page, {})
            cells += [
                _ms(entry.get("median_ms")),
                _ms(entry.get("p95_ms")),
                str(entry.get("queries", "")),
            ]
        first = results[small].get(page, {})
        growth = (
            last["median_ms"] / first["median_ms"]
            if first.get("median_ms") and not math.isnan(last["median_ms"])
            else math.nan
        )
        ratio = last["median_ms"] / floor if floor else math.nan
        cpu_ratio = last["median_ms"] / cpu_floor if cpu_floor else math.nan
        target = target_ms(page)
        misses = []
        if target is not None:
            if last["median_ms"] > target:
                misses.append("time")
            # Growth and query counts are targets for pages; a report is one build.
            if len(scales) > 1 and growth > MAX_GROWTH and not is_report(page):
                misses.append("growth")
            if (
                len(scales) > 1
                and first.get("queries") != last.get("queries")
                and not is_report(page)
            ):
                misses.append("queries")
        met = "" if target is None else ("yes" if not misses else "no: " + ", ".join(misses))
        if last.get("note"):
            met = last["note"]
        adjusted = growth / floor_growth
        cells += [
            "n/a" if math.isnan(growth) else f"{growth:.2f}",
            "n/a" if math.isnan(adjusted) else f"{adjusted:.2f}",
            "n/a" if math.isnan(ratio) else f"{ratio:.1f}",
            "n/a" if math.isnan(cpu_ratio) else f"{cpu_ratio:.1f}",
            "" if target is None else str(target),
            met,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    try:
        import psycopg

        from bench.databases import _maintenance

        with _maintenance() as connection:
            server = connection.execute("SHOW server_version").fetchone()[0]
        postgres = f", PostgreSQL {server} (psycopg {psycopg.__version__})"
    except Exception:
        postgres = ""
    return f"{cores} cores{memory}, Python {platform.python_version()}{postgres}, {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="0.1,1.0")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--reload", action="store_true", help="load the databases again")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--reports", action="store_true", help="also time all plans' reports")
    parser.add_argument("--table-from", default="", help="print the table of a saved run")
    options = parser.parse_args()
    scales = [float(value) for value in options.scales.split(",")]
    if options.table_from:
        saved = json.loads(Path(options.table_from).read_text())
        print(f"Machine: {saved['machine']}")
        runs = {float(k): combine(v) for k, v in saved["runs"].items()}
        print(table(runs, sorted(runs)))
        return
    env = bench_env()
    # Production mode serves hashed static files, so they must be collected first.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    results: dict[float, dict[str, dict]] = {}
    raw: dict[str, list[dict]] = {}
    for scale in scales:
        url = ensure_loaded(scale, options.seed, reload=options.reload, env=env)
        passes = []
        for number in range(options.passes):
            print(f"Scale {scale}, pass {number + 1} of {options.passes}:", file=sys.stderr)
            passes.append(measure(url, only=options.only, reports=options.reports, env=env))
        results[scale] = combine(passes)
        raw[str(scale)] = passes
    when = datetime.datetime.now(datetime.UTC)
    print()
    print(f"Coprod benchmark, {when:%Y-%m-%d %H:%M} UTC, seed {options.seed}, "
          f"{options.passes} pass(es)")  # fmt: skip
    print(f"Machine: {machine()}")
    print()
    print(table(results, scales))
    print()
    print(
        "growth: median at the largest scale / at the smallest. x floor, x CPU floor: "
        "median / the request floor's, / the CPU floor's (bench/README.md)."
    )
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    path = artifacts / f"bench-{when:%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps({"machine": machine(), "runs": raw}, indent=1))
    print(f"Raw figures: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Where one page's time goes: pyinstrument's call tree and the slowest queries.

    python -m bench.profile --scale 1.0 "dashboard"   (or make bench-profile PAGE=dashboard)

Runs in production mode like `bench.measure`, against the scale's benchmark
database as `make bench` loaded it. Prints the pyinstrument tree of a few requests,
then every SQL statement of one request, slowest first, with its time; add
`--explain` for EXPLAIN ANALYZE of the three slowest.
"""

from __future__ import annotations

import argparse
import os
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--scale", type=float, default=None, help="omit to use DATABASE_URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    if options.scale is not None:
        from bench.databases import database_name, url_for
        from bench.run import bench_env

        os.environ.update(bench_env())
        os.environ["DATABASE_URL"] = url_for(database_name(options.scale))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from pyinstrument import Profiler

    from bench import pages

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF="bench.urls"):
        targets = pages.find_targets()
        page = next(p for p in pages.PAGES if p.name == options.page)
        client = pages.client_for(page, targets.users[page.role])
        send = page.sender(client, targets)
        send()  # warm
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(options.runs):
            send()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        timed: list[tuple[float, str, object]] = []

        def timer(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append((time.perf_counter() - started, sql, params))

        with CaptureQueriesContext(connection), connection.execute_wrapper(timer):
            send()
        page.clean_up(targets)
        total = sum(seconds for seconds, _sql, _params in timed)
        slowest = sorted(timed, key=lambda entry: -entry[0])
        print(f"{len(timed)} queries, {total * 1000:.1f} ms in the database:")
        for seconds, statement, params in slowest:
            print(f"{seconds * 1000:8.1f} ms  {statement[:400]}  {str(params)[:120]}")
        if options.explain:
            with connection.cursor() as cursor:
                for _seconds, statement, params in slowest[:3]:
                    if not statement.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                    print("\n".join(row[0] for row in cursor.fetchall()))
                    print()


if __name__ == "__main__":
    main()

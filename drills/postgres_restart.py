"""Drill: PostgreSQL stops hard under load and comes back; the app recovers by itself.

The app runs under gunicorn (production mode) on the drill's own PostgreSQL, with
the demo organisation loaded. Several people (threads) sign in and keep working:
opening pages and logging activities with two participants each. Mid-way,
PostgreSQL is stopped with `pg_ctl -m immediate` (a crash: open transactions die
mid-flight, recovery replays the write-ahead log) and started again a few seconds
later. gunicorn is not touched.

Checked:
- before the outage every request succeeds;
- during it, people get the product's own error page, never a stack trace, and
  no request hangs;
- after it, the same gunicorn processes serve every request again within seconds,
  with nobody restarting anything (`CONN_HEALTH_CHECKS` drops dead connections);
- no activity is half-saved: every activity the drill logged has exactly its two
  involvement rows, every POST that was answered "saved" is in the database, and
  every POST that failed is either wholly there or not there at all.

Run: `make drills` or `.venv/bin/python -m drills.postgres_restart`.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from drills.app import DATABASE, a_project_lead, demo_database, log_activity, saved_activities
from drills.support import Browser, Log, Postgres, app_env, gunicorn, looks_friendly, title_of

PEOPLE = 6
BEFORE, OUTAGE, AFTER = 4.0, 5.0, 10.0
# Time allowed after PostgreSQL answers again for every gunicorn thread to notice.
GRACE = 3.0
PREFIX = "Drill workshop"


@dataclass(frozen=True)
class Result:
    started: float
    finished: float
    method: str
    path: str
    status: int  # 0: no answer at all (the connection failed or timed out)
    friendly: bool
    title: str = ""
    page: str = ""  # the <title> of an error page


def work(
    port: int, cookies: dict[str, str], lead, person: int, stop: threading.Event, results: list
) -> None:
    browser = Browser(port, cookies=dict(cookies), timeout=20)
    pages = [
        "/",
        "/projects/",
        f"/projects/{lead.project_id}/",
        "/projects/activities/",
        "/dashboard/",
    ]
    n = 0
    while not stop.is_set():
        n += 1
        started = time.monotonic()
        if n % 3 == 0:
            title = f"{PREFIX} {person}-{n}"
            method, path = "POST", f"/projects/{lead.project_id}/activities/new/"
            try:
                answer = log_activity(browser, lead, title)
                status, friendly = answer.status, answer.status < 500 or looks_friendly(answer)
                page = title_of(answer.body) if status >= 500 else ""
            except OSError:
                status, friendly, page = 0, False, ""
        else:
            title = ""
            method, path = "GET", pages[n % len(pages)]
            try:
                answer = browser.get(path)
                status, friendly = answer.status, answer.status < 500 or looks_friendly(answer)
                page = title_of(answer.body) if status >= 500 else ""
            except OSError:
                status, friendly, page = 0, False, ""
        results.append(
            Result(started, time.monotonic(), method, path, status, friendly, title, page)
        )
        time.sleep(0.05)


def main() -> int:
    log = Log("PostgreSQL stopped hard under load, then started again")
    with tempfile.TemporaryDirectory() as mail, Postgres() as postgres:
        log.did(f"started a throwaway PostgreSQL on port {postgres.port}")
        url = postgres.url(DATABASE)
        env = app_env(database_url=url, DRILL_MAIL_DIR=mail)
        demo_database(log, postgres, env)
        lead = a_project_lead(url)
        with gunicorn(env) as port:
            log.did(f"started gunicorn (2 workers x 4 threads, DEBUG=false) on port {port}")
            browser = Browser(port)
            browser.sign_in(lead.email, "coproduce-together")
            first = log_activity(browser, lead, f"{PREFIX} before the load")
            if not log.check(first.status == 302, "a lead can log an activity", str(first.status)):
                return log.finish()

            results: list[Result] = []
            stop = threading.Event()
            workers = [
                threading.Thread(
                    target=work, args=(port, browser.cookies, lead, person, stop, results)
                )
                for person in range(PEOPLE)
            ]
            for thread in workers:
                thread.start()
            log.did(f"{PEOPLE} people signed in as {lead.email} open pages and log activities")
            time.sleep(BEFORE)
            down = time.monotonic()
            postgres.stop("immediate")
            log.did("stopped PostgreSQL with `pg_ctl stop -m immediate` (a crash)")
            time.sleep(OUTAGE)
            postgres.start()
            up = time.monotonic()
            log.did(f"started PostgreSQL again after {up - down:.1f}s; gunicorn left alone")
            time.sleep(AFTER)
            stop.set()
            for thread in workers:
                thread.join(timeout=60)
            log.did(f"stopped the load: {len(results)} requests in {BEFORE + OUTAGE + AFTER:.0f}s")

        ok = {200, 302}
        before = [r for r in results if r.finished < down]
        during = [r for r in results if r.started >= down and r.finished <= up]
        after = [r for r in results if r.started >= up + GRACE]
        log.check(
            bool(before) and all(r.status in ok for r in before),
            "before the outage every request succeeded",
            f"{sum(r.status in ok for r in before)} of {len(before)}",
        )
        failed = [r for r in results if r.status not in ok]
        log.check(
            any(r.status not in ok for r in during),
            "the outage was felt: requests during it failed",
            f"{sum(r.status not in ok for r in during)} of {len(during)} failed",
        )
        unfriendly = [f"{r.method} {r.path}: {r.status}" for r in failed if not r.friendly]
        log.check(
            not unfriendly,
            "every failed request got the product's error page, not a traceback",
            "; ".join(unfriendly[:5]),
        )
        statuses = sorted({r.status for r in failed})
        pages = sorted({r.page for r in failed})
        log.note(f"failed requests answered {statuses} with the page titled {pages}")
        slowest = max((r.finished - r.started for r in results), default=0)
        log.check(slowest < 20, "no request hung", f"slowest took {slowest:.1f}s")
        recovered = [r for r in results if r.started >= up and r.status in ok]
        if recovered:
            log.note(f"first success {min(r.finished for r in recovered) - up:.1f}s after restart")
        log.check(
            bool(after) and all(r.status in ok for r in after),
            f"from {GRACE:.0f}s after the restart every request succeeded, with no restart of "
            "gunicorn",
            f"{sum(r.status in ok for r in after)} of {len(after)}",
        )

        saved = saved_activities(url, PREFIX)
        posts = [r for r in results if r.method == "POST"]
        answered_saved = {r.title for r in posts if r.status == 302}
        half = {title: rows for title, rows in saved.items() if rows != 2}
        log.check(
            not half,
            f"all {len(saved)} activities the drill logged have both involvement rows",
            str(half),
        )
        log.check(
            answered_saved <= set(saved),
            f"every POST answered 'saved' ({len(answered_saved)}) is in the database",
            str(sorted(answered_saved - set(saved))[:5]),
        )
        in_flight = [r for r in posts if r.status != 302]
        whole = sum(r.title in saved for r in in_flight)
        log.check(
            bool(in_flight),
            "some activity POSTs were cut off by the outage",
            f"{len(in_flight)} of {len(posts)}: {whole} saved whole, "
            f"{len(in_flight) - whole} not saved at all, none in part",
        )
    log.did("stopped gunicorn and removed the throwaway PostgreSQL")
    return log.finish()


if __name__ == "__main__":
    sys.exit(main())

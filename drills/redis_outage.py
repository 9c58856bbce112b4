"""Drill: Redis stops; people keep working, and nothing they did is lost.

The app runs under gunicorn (production mode) on the drill's own PostgreSQL and
Redis (cache and Celery broker). With Redis stopped, a person signs in, opens
pages, logs an activity and opens a principles round (which emails each person
their link). Redis is then started again, empty, as after a crash with no
persistence.

Checked:
- while Redis is down, signing in, every page and every form work (sessions and
  sign-in lockouts live in PostgreSQL; nothing on a page needs the cache);
- the deep health check (`/health/deep/`) says plainly that Redis and the cache
  are down (503) once its few-second answer runs out, and answers within the
  cache's socket time-outs rather than hanging;
- the work done during the outage is all there: the activity with its
  involvement rows, the round with its invitations, and an email waiting in the
  outbox for every invitation marked as emailed (written in the same transaction;
  the enqueue that fails with Redis down loses nothing);
- when Redis is back, the same gunicorn processes use it again at once, and the
  queued work resumes: a real worker, handed the emails by the outbox sweep, sends
  each one exactly once.

Also reported (a note, not a check): what a bare Celery enqueue does while Redis
is down.

Run: `make drills` or `.venv/bin/python -m drills.redis_outage`.
"""

from __future__ import annotations

import collections
import datetime
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from celery import Celery

from drills.app import DATABASE, a_project_lead, demo_database, log_activity, saved_activities
from drills.mail import sent_to
from drills.support import Browser, Log, Postgres, Redis, app_env, gunicorn
from drills.worker_kill import wait_until, worker

# coprod.health.DEEP_ANSWER_SECONDS: how long each process keeps its deep answer
# (not imported: that would load Django's settings in the drill's own process).
DEEP_ANSWER_SECONDS = 5

PAGES = [
    "/",
    "/projects/",
    "/projects/activities/",
    "/projects/people/",
    "/projects/plans/",
    "/dashboard/",
    "/ladder/",
    "/principles/mine/",
]


def health(browser: Browser, *, until=lambda checks: True) -> tuple[int, dict, float]:
    """The deep health check (the drill calls from loopback, which it trusts). Each
    process keeps its answer for a few seconds, so a change is waited for, up to
    twice that; the time returned is the last call's."""
    deadline = time.monotonic() + 2 * DEEP_ANSWER_SECONDS + 1
    while True:
        started = time.monotonic()
        answer = browser.get("/health/deep/")
        took = time.monotonic() - started
        checks = json.loads(answer.body)["checks"]
        if until(checks) or time.monotonic() > deadline:
            return answer.status, checks, took
        time.sleep(0.5)


def open_round(browser: Browser, project_id: int, name: str):
    form = browser.get(f"/principles/projects/{project_id}/rounds/new/").body
    invitees = re.findall(r'name="invitees"[^>]*value="([^"]+)"', form)
    today = datetime.date.today()
    closes = today + datetime.timedelta(days=14)
    answer = browser.post(
        f"/principles/projects/{project_id}/rounds/new/",
        {
            "name": name,
            "opens_on_day": today.day,
            "opens_on_month": today.month,
            "opens_on_year": today.year,
            "closes_on_day": closes.day,
            "closes_on_month": closes.month,
            "closes_on_year": closes.year,
            "invitees": invitees,
        },
    )
    return answer, invitees


def enqueue_while_down(broker_url: str) -> str:
    """What `task.delay()` does with the broker down, timed."""
    from celery import Celery

    app = Celery("drill", broker=broker_url)
    app.conf.broker_connection_timeout = 2
    started = time.monotonic()
    try:
        app.send_task("drill.probe", retry=True)
    except Exception as error:  # the broker's own error type varies with the transport
        return f"raised {type(error).__name__} after {time.monotonic() - started:.1f}s"
    return f"returned after {time.monotonic() - started:.1f}s"


def outbox_of(url: str, round_name: str) -> tuple[int, int, int]:
    """(invitations marked as emailed, their emails waiting, their emails sent)."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            """
            SELECT count(*) FILTER (WHERE i.emailed_at IS NOT NULL),
                   count(e.id) FILTER (WHERE e.status <> 'sent'),
                   count(e.id) FILTER (WHERE e.status = 'sent')
            FROM principles_invitation i
            JOIN principles_round r ON r.id = i.round_id
            LEFT JOIN outbox_outboundemail e ON e.key = 'principles-invitation-' || i.id
            WHERE r.name = %s
            """,
            [round_name],
        ).fetchone()
    return row[0], row[1], row[2]


def main() -> int:
    log = Log("Redis stopped while people work")
    with (
        tempfile.TemporaryDirectory() as mail,
        Postgres() as postgres,
        Redis() as redis,
    ):
        log.did(f"started a throwaway PostgreSQL ({postgres.port}) and Redis ({redis.port})")
        url = postgres.url(DATABASE)
        env = app_env(database_url=url, redis_url=redis.url(0), DRILL_MAIL_DIR=mail)
        demo_database(log, postgres, env)
        lead = a_project_lead(url)
        with gunicorn(env) as port:
            log.did(f"started gunicorn (DEBUG=false) on port {port}, Redis as cache and broker")
            probe = Browser(port)
            status, checks, _ = health(probe)
            log.check(
                checks["redis"] == "ok" and checks["cache"] == "ok",
                "with Redis up, the health check sees Redis and the cache",
                str(checks),
            )

            started = time.monotonic()
            Browser(port).sign_in(lead.email, "coproduce-together")
            usual = time.monotonic() - started

            redis.stop()
            log.did("stopped Redis")
            browser = Browser(port)
            started = time.monotonic()
            try:
                browser.sign_in(lead.email, "coproduce-together")
                signed_in = True
            except RuntimeError:
                signed_in = False
            log.check(
                signed_in,
                f"signed in with Redis down in {time.monotonic() - started:.1f}s "
                f"({usual:.1f}s with it up)",
            )
            answers = {page: browser.get(page).status for page in PAGES}
            log.check(
                all(status == 200 for status in answers.values()),
                f"all {len(PAGES)} main pages open with Redis down",
                ", ".join(f"{page} {status}" for page, status in answers.items() if status != 200),
            )
            title = "Drill workshop while Redis is down"
            answer = log_activity(browser, lead, title)
            saved = saved_activities(url, title)
            log.check(
                answer.status == 302 and saved == {title: 2},
                "an activity logged with Redis down is saved with both involvement rows",
                f"{answer.status}, {saved}",
            )
            answer, invitees = open_round(browser, lead.project_id, "Drill round")
            log.check(
                answer.status == 302,
                f"a principles round opens with Redis down ({len(invitees)} people invited)",
                str(answer.status),
            )
            emailed, waiting, sent_now = outbox_of(url, "Drill round")
            log.check(
                emailed > 0 and waiting == emailed and sent_now == 0,
                "every invitation marked as emailed has its email waiting in the outbox",
                f"{emailed} marked, {waiting} waiting, {sent_now} sent",
            )
            status, checks, took = health(probe, until=lambda checks: checks["redis"] == "down")
            log.check(
                status == 503 and checks["redis"] == "down" and checks["cache"] == "down",
                "the health check reports Redis and the cache down (503)",
                f"{status} {checks}",
            )
            log.check(checks["database"] == "ok", "and the database still up")
            log.check(took < 10, "the health check answers without hanging", f"{took:.1f}s")
            log.note(f"a Celery enqueue with Redis down {enqueue_while_down(redis.url(0))}")

            redis.start()
            log.did("started Redis again (empty: it keeps nothing on disk)")
            status, checks, _ = health(probe, until=lambda checks: checks["redis"] == "ok")
            log.check(
                checks["redis"] == "ok" and checks["cache"] == "ok",
                "the same gunicorn processes use Redis again, with no restart",
                str(checks),
            )
            log.check(
                browser.get("/projects/").status == 200,
                "the session from the outage still works",
            )

            # The work queued during the outage resumes: a worker starts, and the
            # outbox sweep (beat's job every five minutes) hands it the emails.
            worker_env = {**env, "DRILL_EMAIL_LEASE": "2"}
            with worker(worker_env, "after-outage"):
                sweeper = Celery("drill", broker=redis.url(0))
                log.did("started a Celery worker; the outbox sweep runs every 2 seconds")

                def drained() -> bool:
                    if outbox_of(url, "Drill round")[1] == 0:
                        return True
                    sweeper.send_task("outbox.tasks.emails_sweep_task")
                    return False

                log.check(wait_until(drained, timeout=120, every=2), "the outbox drained")
                time.sleep(2)  # a second copy, if one were coming, would arrive now
            emailed, waiting, sent_now = outbox_of(url, "Drill round")
            delivered = collections.Counter(sent_to(Path(mail)))
            log.check(
                sent_now == emailed and sum(delivered.values()) == emailed,
                "every invitation email from the outage was sent once Redis was back",
                f"{emailed} marked, {sent_now} sent, {sum(delivered.values())} delivered",
            )
            log.check(
                all(times == 1 for times in delivered.values()),
                "nobody was emailed twice",
                ", ".join(address for address, times in delivered.items() if times > 1),
            )
    log.did("stopped gunicorn and removed the throwaway PostgreSQL and Redis")
    return log.finish()


if __name__ == "__main__":
    sys.exit(main())

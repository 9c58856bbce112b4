"""Drill: a Celery worker is killed with SIGKILL mid-task; the work completes once.

A round of the demo organisation sends its invitation emails as the product does:
`principles.services.invitations_email` marks each invitation and writes its email
to the outbox in one transaction, and real workers (prefork, concurrency 1, the
product's Celery settings: late acks, reject on worker lost, prefetch 1) on the
drill's own Redis send them one task per email, through a mail server that takes
half a second per email. Twice:

1. After two emails, the pool process sending one is SIGKILLed (what the
   out-of-memory killer does). The worker hands its task back and goes on.
2. After two emails, the whole worker (main process and pool) is SIGKILLed (a
   machine or container lost). A new worker is started; Redis hands the task back
   once the visibility time-out passes (shortened for the drill from an hour).

The email that was being sent at the kill stays claimed until its lease runs out
(ten minutes in production, a few seconds here); then the outbox sweep, which
beat runs every five minutes and the drill runs every few seconds, sends it.

Checked each time: every invitation with an address is marked as emailed, every
outbox email is sent, and each person got their email exactly once (no one
emailed twice, no one marked but never sent).

Run: `make drills` or `.venv/bin/python -m drills.worker_kill`.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drills.app import DATABASE, demo_database
from drills.mail import sent_to
from drills.support import PYTHON, ROOT, Log, Postgres, Redis, app_env, setup_django

MAIL_DELAY = "0.5"
VISIBILITY_TIMEOUT = 8
EMAIL_LEASE = 5


@contextmanager
def worker(env: dict[str, str], name: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "drills.worker_app",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--hostname",
            f"{name}@drill",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            # SIGTERM to the main process only: a warm shutdown lets the task in hand
            # finish (signalling the whole group would kill it mid-email).
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def pool_children(process: subprocess.Popen) -> list[int]:
    output = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in output.split()]


def wait_until(condition, *, timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def emailable_rounds(count: int) -> list:
    """Rounds of the demo data with the most invitations that can be emailed,
    reset as if their emails had not gone yet."""
    from principles.models import Invitation, Round

    rounds = []
    for round_ in Round.objects.prefetch_related("invitations__user", "invitations__person"):
        addresses = [invitation.email for invitation in round_.invitations.all()]
        rounds.append((sum(bool(address) for address in addresses), round_.pk))
    chosen = [pk for emailable, pk in sorted(rounds, reverse=True)[:count] if emailable >= 5]
    Invitation.objects.filter(round_id__in=chosen).update(emailed_at=None)
    return list(Round.objects.filter(pk__in=chosen))


def outcome(round_, mail: Path) -> tuple[list[str], list[str], collections.Counter]:
    """(addresses that should get an email, addresses marked emailed, emails sent)."""
    invitations = list(round_.invitations.select_related("user", "person"))
    wanted = [invitation.email for invitation in invitations if invitation.email]
    marked = [invitation.email for invitation in invitations if invitation.emailed_at]
    return wanted, marked, collections.Counter(sent_to(mail))


def outbox_left(round_) -> int:
    """How many of the round's emails are not sent yet."""
    from outbox.models import OutboundEmail

    keys = [f"principles-invitation-{pk}" for pk in round_.invitations.values_list("pk", flat=True)]
    return OutboundEmail.objects.filter(key__in=keys).exclude(status="sent").count()


def judge(log: Log, round_, mail: Path) -> None:
    wanted, marked, sent = outcome(round_, mail)
    log.check(
        sorted(marked) == sorted(wanted),
        f"all {len(wanted)} invitations with an address are marked as emailed",
        f"{len(marked)} marked",
    )
    log.check(outbox_left(round_) == 0, "every email in the outbox is sent")
    twice = sorted(address for address, times in sent.items() if times > 1)
    log.check(not twice, "nobody was emailed twice", ", ".join(twice))
    never = sorted(set(marked) - set(sent))
    log.check(
        not never,
        "every invitation marked as emailed really was emailed",
        f"{len(never)} marked but never sent",
    )


def sweep_until_sent(log: Log, round_, *, timeout: float) -> bool:
    """Run the outbox sweep every two seconds, as beat would every five minutes,
    until every email of the round is sent."""
    from outbox.tasks import emails_sweep_task

    def done() -> bool:
        if outbox_left(round_) == 0:
            return True
        emails_sweep_task.delay()
        return False

    finished = wait_until(done, timeout=timeout, every=2)
    log.check(finished, "the sweep sent the email that was cut off, once its lease ran out")
    return finished


def main() -> int:
    log = Log("a Celery worker killed with SIGKILL mid-task")
    with Postgres() as postgres, Redis() as redis:
        log.did(f"started a throwaway PostgreSQL ({postgres.port}) and Redis ({redis.port})")
        url = postgres.url(DATABASE)
        base = app_env(
            database_url=url,
            redis_url=redis.url(0),
            DRILL_MAIL_DIR="",
            DRILL_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            DRILL_EMAIL_LEASE=str(EMAIL_LEASE),
        )
        demo_database(log, postgres, base)
        setup_django(base)
        rounds = emailable_rounds(2)
        if not log.check(len(rounds) == 2, "the demo data has two rounds to email"):
            return log.finish()
        from principles.services import invitations_email

        for scenario, round_ in zip(("pool process", "whole worker"), rounds, strict=True):
            with tempfile.TemporaryDirectory() as folder:
                mail = Path(folder)
                env = {**base, "DRILL_MAIL_DIR": folder, "DRILL_MAIL_DELAY": MAIL_DELAY}
                with worker(env, f"first-{scenario.split()[0]}") as first:
                    if not wait_until(lambda: pool_children(first), timeout=60):
                        log.check(False, "the worker started")
                        continue
                    queued = invitations_email(round_=round_, site_url="https://coprod.example")
                    log.did(f"'{round_.name}': {queued} invitation emails put in the outbox")
                    started = wait_until(lambda: len(sent_to(mail)) >= 2, timeout=60)  # noqa: B023
                    log.check(started, "the worker started sending")
                    if scenario == "pool process":
                        victim = pool_children(first)[0]
                        os.kill(victim, signal.SIGKILL)
                        log.did(f"SIGKILLed the pool process {victim} after 2 emails")
                        sweep_until_sent(log, round_, timeout=EMAIL_LEASE + 120)
                    else:
                        os.killpg(first.pid, signal.SIGKILL)
                        first.wait()
                        log.did("SIGKILLed the whole worker (main process and pool) after 2 emails")
                if scenario == "whole worker":
                    with worker(env, "second"):
                        log.did(
                            f"started a new worker; Redis hands the task back after the "
                            f"visibility time-out ({VISIBILITY_TIMEOUT}s here, "
                            "an hour in production)"
                        )
                        sweep_until_sent(
                            log, round_, timeout=VISIBILITY_TIMEOUT + EMAIL_LEASE + 120
                        )
                time.sleep(2)  # a second copy, if one were coming, would arrive now
                judge(log, round_, mail)
    log.did("stopped the workers and removed the throwaway PostgreSQL and Redis")
    return log.finish()


if __name__ == "__main__":
    sys.exit(main())

"""Drill: a Celery worker is killed with SIGKILL mid-task; the work completes once.

A real worker (prefork, concurrency 1, the product's Celery settings: late acks,
reject on worker lost, prefetch 1) on the drill's own Redis runs the principles
invitation emails for a round of the demo organisation, through a mail server
that takes half a second per email. Twice:

1. After two emails, the pool process running the task is SIGKILLed (what the
   out-of-memory killer does). The worker must hand the task back to Redis and
   run it again in a new pool process.
2. After two emails, the whole worker (main process and pool) is SIGKILLed (a
   machine or container lost). A new worker is started; Redis hands the task to
   it once the visibility time-out passes (shortened for the drill from the
   settings' hour).

Checked each time: the task ran again after the kill, every invitation with an
address ends up marked as emailed, and every marked invitation's email was sent
exactly once (no one emailed twice, no one marked but never sent).

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


def marked(round_) -> int:
    """How many of the round's invitations are marked as emailed: the task's progress."""
    return round_.invitations.filter(emailed_at__isnull=False).count()


def judge(log: Log, round_, mail: Path, *, ran_again: bool) -> None:
    wanted, marked, sent = outcome(round_, mail)
    log.check(ran_again, "the task ran again after the kill")
    log.check(
        sorted(marked) == sorted(wanted),
        f"all {len(wanted)} invitations with an address are marked as emailed",
        f"{len(marked)} marked",
    )
    twice = sorted(address for address, times in sent.items() if times > 1)
    log.check(not twice, "nobody was emailed twice", ", ".join(twice))
    never = sorted(set(marked) - set(sent))
    log.check(
        not never,
        "every invitation marked as emailed really was emailed",
        f"{len(never)} marked but never sent: the kill landed between the claim and the send",
    )


def main() -> int:
    log = Log("a Celery worker killed with SIGKILL mid-task")
    with Postgres() as postgres, Redis() as redis:
        log.did(f"started a throwaway PostgreSQL ({postgres.port}) and Redis ({redis.port})")
        url = postgres.url(DATABASE)
        base = app_env(database_url=url, redis_url=redis.url(0), DRILL_MAIL_DIR="")
        demo_database(log, postgres, base)
        setup_django(base)
        rounds = emailable_rounds(2)
        if not log.check(len(rounds) == 2, "the demo data has two rounds to email"):
            return log.finish()
        from drills.worker_app import invitations_email_task

        for scenario, round_ in zip(("pool process", "whole worker"), rounds, strict=True):
            with tempfile.TemporaryDirectory() as folder:
                mail = Path(folder)
                env = {
                    **base,
                    "DRILL_MAIL_DIR": folder,
                    "DRILL_MAIL_DELAY": MAIL_DELAY,
                    "DRILL_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                }
                wanted = len(outcome(round_, mail)[0])
                with worker(env, f"first-{scenario.split()[0]}") as first:
                    if not wait_until(lambda: pool_children(first), timeout=60):
                        log.check(False, "the worker started")
                        continue
                    invitations_email_task.delay(round_.pk, "https://coprod.example")
                    log.did(f"queued the invitation emails for '{round_.name}' ({wanted} people)")
                    started = wait_until(lambda: len(sent_to(mail)) >= 2, timeout=60)  # noqa: B023
                    log.check(started, "the worker started sending")
                    if scenario == "pool process":
                        victim = pool_children(first)[0]
                        os.kill(victim, signal.SIGKILL)
                        log.did(f"SIGKILLed the pool process {victim} after 2 emails")
                        at_kill = len(sent_to(mail))
                        finished = wait_until(lambda: marked(round_) >= wanted, timeout=120)  # noqa: B023
                        log.check(finished, "the same worker finished the task in a new process")
                        time.sleep(2)  # the last claimed email is still on its way
                        ran_again = len(sent_to(mail)) > at_kill
                    else:
                        os.killpg(first.pid, signal.SIGKILL)
                        first.wait()
                        log.did("SIGKILLed the whole worker (main process and pool) after 2 emails")
                at_kill = len(sent_to(mail))
                if scenario == "whole worker":
                    with worker(env, "second"):
                        log.did(
                            f"started a new worker; Redis hands the task back after the "
                            f"visibility time-out ({VISIBILITY_TIMEOUT}s here, "
                            "an hour in production)"
                        )
                        finished = wait_until(
                            lambda: marked(round_) >= wanted,  # noqa: B023
                            timeout=VISIBILITY_TIMEOUT + 120,
                        )
                        log.check(finished, "the new worker finished the task")
                        time.sleep(2)  # the last claimed email, or a second copy, arrives now
                        ran_again = len(sent_to(mail)) > at_kill
                judge(log, round_, mail, ran_again=ran_again)
    log.did("stopped the workers and removed the throwaway PostgreSQL and Redis")
    return log.finish()


if __name__ == "__main__":
    sys.exit(main())

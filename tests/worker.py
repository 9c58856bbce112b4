"""Start a real Celery worker process against the real Redis, for task tests.

The worker reads the test database (tests that use it must use
`transactional_db`, so that what they write is committed and visible to it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from coprod.celery import app


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(
    *, concurrency: int = 1, timeout: float = 30, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    env = {
        **os.environ,
        # The worker runs with the tests' settings, whatever the shell had.
        "DEBUG": "true",
        **(env or {}),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@%h"
    # A file, not a pipe: a pipe nobody reads fills up and freezes a chatty worker.
    with tempfile.NamedTemporaryFile(mode="w+", prefix="celery-worker-", suffix=".log") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "coprod",
                "worker",
                "--concurrency",
                str(concurrency),
                "--hostname",
                hostname,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            # Its own process group, so a test can kill the worker and its pool
            # together (os.killpg) as a machine going down would.
            start_new_session=True,
        )
        process.log_path = log.name  # type: ignore[attr-defined]
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"Celery worker stopped early:\n{log.read()}")
                replies = app.control.ping(timeout=0.5)
                if any(hostname.split("@")[0] in name for reply in replies for name in reply):
                    break
            else:
                raise RuntimeError("Celery worker did not answer in time")
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

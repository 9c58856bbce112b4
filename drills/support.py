"""What every drill needs: throwaway services, the app on them, and a plain log.

A drill never touches the shared PostgreSQL (5432) or Redis (6379): it starts its
own PostgreSQL cluster (initdb + pg_ctl as the `postgres` user, in a temporary
directory) and its own Redis on free ports, runs the real app against them in
production mode (`DEBUG=false`, gunicorn, a real Celery worker where needed),
and removes everything when it ends, whether it passed or not.

Each drill prints what it did (`did`) and what it checked (`ok` / `FAILED`), and
exits non-zero if any check failed.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable
# Ports for what a drill starts: the range given to this work, then any free one.
PORTS = range(
    int(os.environ.get("DRILL_PORT_FIRST", "8070")), int(os.environ.get("DRILL_PORT_LAST", "8079"))
)
SHARED_PORTS = {5432, 6379}


class Log:
    """The drill's report: what it did, what it checked, and whether all held."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.failures: list[str] = []
        self.started = time.monotonic()
        print(f"\n=== Drill: {name}", flush=True)

    def did(self, text: str) -> None:
        print(f"  did      {self._clock()} {text}", flush=True)

    def check(self, condition: bool, text: str, detail: str = "") -> bool:
        mark = "ok      " if condition else "FAILED  "
        print(f"  {mark} {self._clock()} {text}" + (f" ({detail})" if detail else ""), flush=True)
        if not condition:
            self.failures.append(text + (f": {detail}" if detail else ""))
        return condition

    def note(self, text: str) -> None:
        print(f"  note     {self._clock()} {text}", flush=True)

    def _clock(self) -> str:
        return f"[{time.monotonic() - self.started:6.1f}s]"

    def finish(self) -> int:
        if self.failures:
            print(f"=== {self.name}: {len(self.failures)} check(s) FAILED", flush=True)
            for failure in self.failures:
                print(f"    - {failure}", flush=True)
            return 1
        print(f"=== {self.name}: every check held", flush=True)
        return 0


_claimed: set[int] = set()


def claim_port() -> int:
    """A port nobody listens on and this drill has not handed out yet: from this
    work's range first, then any free one; never a shared service's port."""
    for wanted in [*PORTS, 0]:
        if wanted in _claimed:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", wanted))
            except OSError:
                continue
            port = sock.getsockname()[1]
        if port not in SHARED_PORTS and port not in _claimed:
            _claimed.add(port)
            return port
    raise RuntimeError("no free port")


def wait_for_port(port: int, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} in {timeout}s")


def as_postgres(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the `postgres` user (initdb refuses root)."""
    args = [str(part) for part in command]
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Postgres:
    """A throwaway PostgreSQL 15 cluster on a free port, in a temporary directory."""

    def __init__(self) -> None:
        self.port = claim_port()
        self.dir = Path(tempfile.mkdtemp(prefix="coprod-drill-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        as_postgres(
            PG_BIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=on"
        as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.logfile, "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """`fast` rolls back open transactions and closes connections; `immediate`
        is a crash: no clean shutdown, recovery from the write-ahead log at start."""
        as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        )
        return result.returncode == 0

    def createdb(self, name: str) -> None:
        as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)

    def __enter__(self) -> Postgres:
        self.init()
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            if self.is_running():
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """A throwaway Redis on a free port that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = claim_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> Redis:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def app_env(*, database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    """The app's environment in production mode, pointed at the drill's services."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no proxy in front to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url or "memory://",
        "EMAIL_BACKEND": "drills.mail.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def collectstatic(env: dict[str, str]) -> None:
    """Production serves hashed static files; every page needs the manifest."""
    if not (ROOT / "static" / "dist" / "main.css").exists():
        raise RuntimeError("static/dist is missing: run `make setup` first")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, threads: int = 4) -> Iterator[int]:
    """The app as production runs it; yields the port. Its log goes to the drill's
    output only if it fails to start."""
    port = claim_port()
    with tempfile.TemporaryFile(mode="w+") as logfile:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "coprod.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_for_port(port)
            except RuntimeError:
                logfile.seek(0)
                print(logfile.read(), file=sys.stderr)
                raise
            yield port
        finally:
            stop_process_group(process)


def stop_process_group(process: subprocess.Popen, *, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


@dataclass
class Browser:
    """A person at a browser: keeps cookies (ignoring `Secure`, since the drill talks
    plain HTTP on loopback) and sends the CSRF token the page gave it."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, doseq=True
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, text, response.headers.get("Location", ""))
        finally:
            connection.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Answer:
        return self.request("POST", path, data)

    def sign_in(self, email: str, password: str) -> None:
        self.get("/account/sign-in/")
        answer = self.post("/account/sign-in/", {"username": email, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"could not sign in as {email}: {answer.status}")
        self.get(answer.location or "/")


def looks_friendly(answer: Answer) -> bool:
    """An error page a person can read: ours, not a stack trace or a bare server error."""
    body = answer.body
    leaks = ("Traceback", 'File "/', "psycopg", "OperationalError", "Internal Server Error</h1>")
    return "<html" in body.lower() and "nhsuk" in body and not any(leak in body for leak in leaks)


def title_of(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return " ".join(match.group(1).split()) if match else "(no title)"


def setup_django(env: dict[str, str]) -> None:
    """Use the app's models from the drill itself, on the drill's database."""
    os.environ.update({key: value for key, value in env.items() if key not in {"PYTHONPATH"}})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

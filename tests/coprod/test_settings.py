from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from coprod.env import database_from_url, env_bool, env_int, env_list, env_str

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-tests-only",
    "ALLOWED_HOSTS": "coprod.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coprod",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_reads_booleans_in_plain_words(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", default=True) is False


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", default=False)


def test_it_refuses_a_number_that_is_not_whole_or_too_small(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("COUNT", default=1)
    monkeypatch.setenv("COUNT", "2")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env_int("COUNT", default=10, minimum=5)


def test_it_requires_a_string_without_a_default(monkeypatch):
    monkeypatch.delenv("NEEDED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the NEEDED"):
        env_str("NEEDED")


def test_it_splits_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , ,b.example")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_it_reads_database_urls():
    postgres = database_from_url("postgres://me:p%40ss@db.internal:6543/coprod?sslmode=require")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["USER"], postgres["PASSWORD"], postgres["HOST"], postgres["PORT"]) == (
        "me",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert postgres["OPTIONS"] == {"options": "-c jit=off", "sslmode": "require"}
    assert postgres["CONN_HEALTH_CHECKS"] is True
    sqlite = database_from_url("sqlite:///demo.sqlite3")
    assert sqlite == {"ENGINE": "django.db.backends.sqlite3", "NAME": "demo.sqlite3"}


@pytest.mark.django_db
def test_its_database_sessions_never_compile_queries_just_in_time():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_it_refuses_a_database_url_it_does_not_know():
    with pytest.raises(ImproperlyConfigured, match="must start with postgres"):
        database_from_url("mysql://root@localhost/coprod")


def test_it_runs_in_london_time_with_time_zones_on():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_it_refuses_to_start_in_production_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_django(["check"], env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_it_is_in_production_mode_unless_debug_is_turned_on():
    """A forgotten DEBUG never leaves a real server showing debug pages."""
    nothing_set = run_django(["check"], {})
    assert nothing_set.returncode != 0
    assert "SECRET_KEY" in nothing_set.stderr
    without_debug = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    result = run_django(
        ["shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        without_debug,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_it_refuses_a_bad_value_at_start_up():
    result = run_django(["check"], {**PRODUCTION, "SESSION_IDLE_MINUTES": "soon"})
    assert result.returncode != 0
    assert "SESSION_IDLE_MINUTES must be a whole number" in result.stderr


def test_it_passes_the_deployment_checklist_with_production_settings():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_periodic_task_names_a_task_the_workers_know():
    """Beat sends tasks by name: a name that no app registers would be sent and
    dropped by every worker, silently."""
    from coprod.celery import app

    app.loader.import_default_modules()
    unknown = {
        name: entry["task"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in app.tasks
    }
    assert not unknown

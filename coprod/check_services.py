"""Fail fast, with a plain message, when PostgreSQL or Redis is not answering.

Run by `make test` before pytest so that a stopped service reads as exactly that,
not as a screen of connection tracebacks.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

import psycopg
import redis


def check_postgres(url: str) -> str | None:
    parts = urlsplit(url)
    try:
        # The maintenance database always exists; the test run creates its own.
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=5,
        ) as connection:
            connection.execute("select 1")
    except psycopg.Error as error:
        return (
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} ({error}).\n"
            "  Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return (
            f"Redis is not reachable at {url} ({error}).\n"
            "  Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"
        )
    return None


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coprod")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    problems = [p for p in (check_postgres(database_url), check_redis(redis_url)) if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The tests need both services. Nothing was run.", file=sys.stderr)
        return 1
    print("PostgreSQL and Redis are answering.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's own databases: one per scale, loaded once and then reused.

A database is reused when its comment (PostgreSQL `COMMENT ON DATABASE`) names
the same scale, seed and generator version as this checkout; otherwise, or when
asked to, it is dropped and loaded again. When only the migrations changed (a
new index, say), they are applied to the loaded data instead of reloading it.
Only databases named `coprod_bench_*` are ever dropped.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# Bump when `bench/data.py` changes what it writes, so `make bench` reloads.
GENERATOR_VERSION = 2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coprod"


def database_name(scale: float) -> str:
    """coprod_bench_01 for 0.1, coprod_bench_10 for 1.0."""
    return f"coprod_bench_{round(scale * 10):02d}"


def url_for(name: str) -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def schema_fingerprint() -> str:
    """Changes whenever a migration file is added or edited."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def marker(scale: float, seed: int) -> dict[str, str]:
    """What the data depends on; the database comment records it."""
    return {"scale": str(scale), "seed": str(seed), "generator": str(GENERATOR_VERSION)}


def _text(fields: dict[str, str]) -> str:
    return "coprod-bench " + " ".join(f"{key}={value}" for key, value in fields.items())


def _maintenance() -> psycopg.Connection:
    return psycopg.connect(url_for("postgres"), autocommit=True)


def loaded_comment(name: str) -> dict[str, str]:
    """The key=value pairs of the database's comment; empty if it has none."""
    with _maintenance() as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    words = (row[0] or "").split() if row else []
    return dict(word.split("=", 1) for word in words if "=" in word)


def _comment(name: str, text: str) -> None:
    with _maintenance() as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(text))
        )


def ensure_loaded(scale: float, seed: int, *, reload: bool, env: dict[str, str]) -> str:
    """The URL of a database holding this scale and seed, loading it if needed."""
    name = database_name(scale)
    assert name.startswith("coprod_bench_")
    wanted = marker(scale, seed)
    found = loaded_comment(name)
    manage = [sys.executable, str(ROOT / "manage.py")]
    url = url_for(name)
    if not reload and all(found.get(key) == value for key, value in wanted.items()):
        if found.get("schema") != schema_fingerprint():
            print(f"Applying new migrations to {name}...", file=sys.stderr)
            subprocess.run(
                [*manage, "migrate", "--no-input", "-v0"],
                env={**env, "DATABASE_URL": url},
                check=True,
                cwd=ROOT,
            )
            # A migration may ask for the summary tables to be worked out again:
            # done here, not by the first timed request.
            subprocess.run(
                [*manage, "summaries"], env={**env, "DATABASE_URL": url}, check=True, cwd=ROOT
            )
            subprocess.run(
                [*manage, "shell", "-c", "from django.db import connection; "
                 "connection.cursor().execute('ANALYZE')"],
                env={**env, "DATABASE_URL": url},
                check=True,
                cwd=ROOT,
            )  # fmt: skip
            _comment(name, _text({**found, "schema": schema_fingerprint()}))
        print(f"Reusing {name} ({_text(found)}).", file=sys.stderr)
        return url
    print(f"Loading {name} at scale {scale}, seed {seed}...", file=sys.stderr)
    started = time.monotonic()
    with _maintenance() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    run_env = {**env, "DATABASE_URL": url}
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=run_env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "bench_data", "--scale", str(scale), "--seed", str(seed)],
        env=run_env,
        check=True,
        cwd=ROOT,
    )
    took = time.monotonic() - started
    loaded = {"loaded": datetime.date.today().isoformat(), "seconds": f"{took:.0f}"}
    _comment(name, _text({**wanted, "schema": schema_fingerprint(), **loaded}))
    print(f"Loaded {name} in {took:.0f} s.", file=sys.stderr)
    return url

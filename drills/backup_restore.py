"""Drill: a backup taken with pg_dump restores into a fresh database, whole.

It fills a throwaway database with the demo organisation (`manage.py demo_data`),
dumps it with `pg_dump --format=custom`, restores the dump into a new, empty
database with `pg_restore`, and compares the two: the same tables, the same row
count in each, the same checksum of each table's rows, and the same sequence
positions (so the restored app will not hand out an id that is already used).
It prints how long the dump and the restore took.

Run: `make drills` or `.venv/bin/python -m drills.backup_restore`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

from drills.support import PG_BIN, Log, Postgres, app_env, manage

SOURCE, COPY = "coprod_drill", "coprod_drill_restored"


def tables(connection: psycopg.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [name for (name,) in rows]


def primary_key(connection: psycopg.Connection, table: str) -> list[str]:
    rows = connection.execute(
        """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = %s::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)
        """,
        [f'public."{table}"'],
    ).fetchall()
    return [name for (name,) in rows]


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the md5 of its rows in primary-key order."""
    result = {}
    with psycopg.connect(url) as connection:
        for table in tables(connection):
            key = primary_key(connection, table)
            order = (
                sql.SQL(", ").join(sql.Identifier(column) for column in key)
                if key
                else sql.SQL("t::text")
            )
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY {order}), '')) "
                "FROM {table} AS t"
            ).format(order=order, table=sql.Identifier(table))
            result[table] = connection.execute(query).fetchone()
    return result


def sequences(url: str) -> dict[str, int | None]:
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    return dict(rows)


def main() -> int:
    log = Log("backup with pg_dump, restored into a fresh database")
    with Postgres() as postgres, tempfile.TemporaryDirectory() as folder:
        log.did(f"started a throwaway PostgreSQL on port {postgres.port}")
        postgres.createdb(SOURCE)
        env = app_env(database_url=postgres.url(SOURCE), DRILL_MAIL_DIR=folder)
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        log.did(f"created {SOURCE} and ran every migration")
        started = time.monotonic()
        manage(env, "demo_data")
        log.did(f"filled {SOURCE} with the demo organisation in {time.monotonic() - started:.1f}s")

        dump = Path(folder) / "coprod.dump"
        started = time.monotonic()
        _dump(postgres, dump)
        dump_seconds = time.monotonic() - started
        log.did(f"pg_dump took {dump_seconds:.2f}s, {dump.stat().st_size / 1024:.0f} KiB")

        postgres.createdb(COPY)
        started = time.monotonic()
        _restore(postgres, dump)
        restore_seconds = time.monotonic() - started
        log.did(f"pg_restore into the new, empty {COPY} took {restore_seconds:.2f}s")

        original, restored = fingerprint(postgres.url(SOURCE)), fingerprint(postgres.url(COPY))
        rows = sum(count for count, _ in original.values())
        log.check(
            set(original) == set(restored),
            f"the same {len(original)} tables exist in both",
            ", ".join(sorted(set(original) ^ set(restored))),
        )
        busy = sorted(name for name, (count, _) in original.items() if count)
        log.check(
            len(busy) >= 20 and rows >= 1000,
            "the backup holds real data, not an empty schema",
            f"{rows} rows in {len(busy)} non-empty tables",
        )
        counts_differ = [
            f"{name}: {original[name][0]} -> {restored.get(name, (None,))[0]}"
            for name in sorted(original)
            if original[name][0] != restored.get(name, (None,))[0]
        ]
        log.check(not counts_differ, "every table has the same row count", "; ".join(counts_differ))
        sums_differ = [
            name
            for name in sorted(original)
            if original[name][1] != restored.get(name, ("", ""))[1]
        ]
        log.check(
            not sums_differ,
            "every table's checksum (md5 of its rows in primary-key order) matches",
            ", ".join(sums_differ),
        )
        seq_original, seq_restored = sequences(postgres.url(SOURCE)), sequences(postgres.url(COPY))
        log.check(
            seq_original == seq_restored,
            f"all {len(seq_original)} id sequences continue where they were",
        )
        env_copy = app_env(database_url=postgres.url(COPY), DRILL_MAIL_DIR=folder)
        pending = manage(env_copy, "migrate", "--check", "--plan")
        log.check(
            "No planned migration operations" in pending,
            "the app sees the restored database as fully migrated",
        )
        # The comparison itself must be able to fail: change one field in the copy.
        with psycopg.connect(postgres.url(COPY)) as connection:
            connection.execute(
                "UPDATE accounts_user SET full_name = full_name || '.' "
                "WHERE id = (SELECT min(id) FROM accounts_user)"
            )
        tampered = fingerprint(postgres.url(COPY))
        log.check(
            [name for name in original if original[name] != tampered[name]] == ["accounts_user"],
            "a one-character change to one row of the copy is caught, in that table only",
        )
        log.note(
            f"{rows} rows: dump {dump_seconds:.2f}s + restore {restore_seconds:.2f}s "
            f"= {dump_seconds + restore_seconds:.2f}s"
        )
    log.did("stopped and removed the throwaway PostgreSQL")
    return log.finish()


def _dump(postgres: Postgres, dump: Path) -> None:
    subprocess.run(
        [
            str(PG_BIN / "pg_dump"),
            "--format=custom",
            "--no-owner",
            "--dbname",
            postgres.url(SOURCE),
            "--file",
            str(dump),
        ],
        check=True,
        capture_output=True,
    )


def _restore(postgres: Postgres, dump: Path) -> None:
    subprocess.run(
        [
            str(PG_BIN / "pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            postgres.url(COPY),
            str(dump),
        ],
        check=True,
        capture_output=True,
    )


if __name__ == "__main__":
    sys.exit(main())

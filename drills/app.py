"""The app and its demo organisation on a drill's own PostgreSQL (and Redis)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

import psycopg

from drills.support import Browser, Log, Postgres, collectstatic, manage

DATABASE = "coprod_drill"


def demo_database(log: Log, postgres: Postgres, env: dict[str, str]) -> None:
    """Create the database, migrate it and fill it with the demo organisation."""
    postgres.createdb(DATABASE)
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "demo_data")
    collectstatic(env)
    log.did(f"migrated {DATABASE}, filled it with demo data ({time.monotonic() - started:.0f}s)")


@dataclass(frozen=True)
class Lead:
    """A member of staff who leads a project, and what their activity form needs."""

    email: str
    user_id: int
    project_id: int
    person_id: int


def a_project_lead(database_url: str) -> Lead:
    """Read straight from the database, so the drill's own process holds no Django
    connection that the outage would break."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            """
            SELECT u.email, u.id, m.project_id, i.person_id
            FROM accounts_user u
            JOIN projects_membership m ON m.user_id = u.id AND m.role = 'lead'
            JOIN projects_activity a ON a.project_id = m.project_id
            JOIN projects_involvement i ON i.activity_id = a.id AND i.person_id IS NOT NULL
            JOIN projects_project_services ps ON ps.project_id = m.project_id
            JOIN projects_service_members sm ON sm.service_id = ps.service_id
                AND sm.user_id = u.id
            WHERE u.role = 'staff' AND u.is_active
            ORDER BY u.id, m.project_id, i.person_id
            LIMIT 1
            """
        ).fetchone()
    if row is None:
        raise RuntimeError("the demo data has no member of staff leading a project")
    return Lead(*row)


def activity_form(lead: Lead, title: str) -> dict[str, str]:
    """The activity form as a lead fills it in: two people took part, so a saved
    activity always has exactly two involvement rows."""
    today = datetime.date.today()
    return {
        "date_day": str(today.day),
        "date_month": str(today.month),
        "date_year": str(today.year),
        "kind": "workshop",
        "title": title,
        "description": "Logged during a resilience drill.",
        "what_changed": "Nothing: this is a drill.",
        "duration_hours": "1",
        "duration_minutes_part": "30",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "participants-0-person": str(lead.person_id),
        "participants-0-part": "attended",
        "participants-0-hours": "1.5",
        "participants-0-payment_choice": "declined",
        "participants-1-staff": str(lead.user_id),
        "participants-1-part": "led",
        "participants-1-hours": "1.5",
        "participants-1-payment_choice": "declined",
        "action": "save",
    }


def log_activity(browser: Browser, lead: Lead, title: str):
    return browser.post(f"/projects/{lead.project_id}/activities/new/", activity_form(lead, title))


def saved_activities(database_url: str, prefix: str) -> dict[str, int]:
    """Each activity whose title starts with `prefix`, with its involvement rows."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            """
            SELECT a.title, count(i.id) FROM projects_activity a
            LEFT JOIN projects_involvement i ON i.activity_id = a.id
            WHERE a.title LIKE %s GROUP BY a.id, a.title
            """,
            [prefix + "%"],
        ).fetchall()
    return dict(rows)

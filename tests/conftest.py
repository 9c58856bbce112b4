"""Shared fixtures: the named personas every test talks about.

- `admin`: manages people, services and plans.
- `governance`: reads everything across the organisation, edits nothing.
- `staff`: a member of staff (later issues make them a project lead).
- `other_staff`: staff in another service, an outsider to `staff`'s work.
- `expert`: an expert by experience who takes part (later: co-leads).
- `outsider_expert`: an expert by experience who belongs to nothing.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in this thread; live-server tests touch
# the database from the same thread, which Django otherwise refuses.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite proves behaviour on the production database, never on SQLite."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", (
            "Tests must run on PostgreSQL: set DATABASE_URL=postgres://... (make test does)."
        )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.org", full_name="Ada Admin", role=Role.ADMIN)


@pytest.fixture
def governance(db):
    return UserFactory(
        email="governance@example.org", full_name="Gus Governance", role=Role.GOVERNANCE
    )


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", full_name="Sam Staff", role=Role.STAFF)


@pytest.fixture
def other_staff(db):
    return UserFactory(email="other@example.org", full_name="Olu Other", role=Role.STAFF)


@pytest.fixture
def expert(db):
    return UserFactory(
        email="expert@example.org",
        full_name="Eve Expert",
        display_name="Eve",
        role=Role.EXPERT,
    )


@pytest.fixture
def outsider_expert(db):
    return UserFactory(email="outsider@example.org", full_name="Oscar Outsider", role=Role.EXPERT)


@pytest.fixture
def personas(admin, governance, staff, other_staff, expert, outsider_expert):
    """Every persona by name, plus None for an anonymous visitor."""
    return {
        "anonymous": None,
        "expert": expert,
        "outsider_expert": outsider_expert,
        "staff": staff,
        "other_staff": other_staff,
        "governance": governance,
        "admin": admin,
    }

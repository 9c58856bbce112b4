"""Shared fixtures: the named personas every test talks about.

- `admin`: manages people, services and plans.
- `governance`: reads everything across the organisation, edits nothing.
- `staff`: staff in the Willow ward, lead of the `project`.
- `other_staff`: staff in another service, an outsider to `staff`'s work.
- `expert`: an expert by experience, a member (not a lead) of the `project`,
  who took part in its `activity` and is on the register as `expert_person`.
- `co_lead`: an expert by experience who co-leads the `project`.
- `outsider_expert`: an expert by experience who belongs to nothing.

`world` holds them all with the objects they relate to.

Two-factor authentication: the `admin` and `governance` personas have it set up
with the known secret in `tests/two_factor.py` (their roles require it), so a test
that signs in by typing goes through the code page. `client.force_login` (used
by most tests, and by the browser tests' `sign_in`) stands for a complete
sign-in, both steps: see `_force_login_passes_two_factor`. Tests of two-factor
itself sign in through the real pages.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.db import connection
from django.test.client import ClientMixin

from accounts import two_factor
from accounts.models import Role
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    ProjectFactory,
    RateCardFactory,
    ServiceFactory,
    UserFactory,
)
from tests.two_factor import set_up_two_factor

# Playwright's sync API runs an event loop in this thread; live-server tests touch
# the database from the same thread, which Django otherwise refuses.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hashing passwords the production way takes a third of a second each; tests
    create many people, and what they check does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request, monkeypatch) -> None:
    """Queued tasks run in the test's own process, unless the test starts a real
    worker (marker `worker`), which must receive them through Redis."""
    from coprod.celery import app

    monkeypatch.setitem(
        app.conf, "task_always_eager", request.node.get_closest_marker("worker") is None
    )


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch) -> None:
    """`force_login` skips the password, so it skips the code too: the session it
    makes is verified, as after a full sign-in. Without this every test of an
    admin's or governance lead's page would first be sent to two-factor set-up."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None) -> None:
        original(self, user, backend)
        session = self.session
        session[two_factor.VERIFIED_KEY] = True
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _health_checked_afresh() -> None:
    """Each process keeps its deep health answer for a few seconds; a test that
    changes what the checks see must not read the previous test's answer."""
    from coprod.health import forget_deep_answer

    forget_deep_answer()


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
    return set_up_two_factor(
        UserFactory(email="admin@example.org", full_name="Ada Admin", role=Role.ADMIN)
    )


@pytest.fixture
def governance(db):
    return set_up_two_factor(
        UserFactory(
            email="governance@example.org", full_name="Gus Governance", role=Role.GOVERNANCE
        )
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
def finance(db):
    return set_up_two_factor(
        UserFactory(email="finance@example.org", full_name="Fin Finance", role=Role.FINANCE)
    )


@pytest.fixture
def personas(admin, governance, staff, other_staff, expert, outsider_expert, finance):
    """Every persona by name, plus None for an anonymous visitor."""
    return {
        "anonymous": None,
        "expert": expert,
        "outsider_expert": outsider_expert,
        "staff": staff,
        "other_staff": other_staff,
        "governance": governance,
        "admin": admin,
        "finance": finance,
    }


@pytest.fixture
def co_lead(db):
    return UserFactory(email="colead@example.org", full_name="Cleo Colead", role=Role.EXPERT)


@pytest.fixture
def world(personas, co_lead):
    """The personas, and the service, project and activity they relate to."""
    willow = ServiceFactory(name="Willow ward", kind="ward")
    willow.members.add(personas["staff"])
    other = ServiceFactory(name="Community team")
    other.members.add(personas["other_staff"])
    project = ProjectFactory(
        title="Better nights on Willow", services=[willow], start_date=datetime.date(2025, 9, 1)
    )
    MembershipFactory(project=project, user=personas["staff"], role="lead")
    MembershipFactory(project=project, user=co_lead, role="lead")
    MembershipFactory(project=project, user=personas["expert"], role="member")
    rate_card = RateCardFactory(hourly_rate_pence=2000)
    expert_person = PersonFactory(display_name="Eve", user=personas["expert"])
    register_person = PersonFactory(display_name="Rita", created_by=personas["staff"])
    activity = ActivityFactory(project=project, title="Night-time routine workshop")
    InvolvementFactory(
        activity=activity,
        person=expert_person,
        hours=2,
        rate_card=rate_card,
        fee_due_pence=4000,
        fee_paid_pence=4000,
        payment_choice="paid",
    )
    InvolvementFactory(activity=activity, person=register_person, hours=2)
    InvolvementFactory(activity=activity, staff=personas["staff"], hours=2)
    other_project = ProjectFactory(title="Community café", services=[other])
    MembershipFactory(project=other_project, user=personas["other_staff"], role="lead")
    return {
        **personas,
        "co_lead": co_lead,
        "service": willow,
        "other_service": other,
        "project": project,
        "activity": activity,
        "expert_person": expert_person,
        "person": register_person,
        "rate_card": rate_card,
        "other_project": other_project,
        "target_user": UserFactory(full_name="Tara Target"),
    }

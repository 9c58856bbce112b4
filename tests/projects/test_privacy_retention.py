"""Retention periods: records just past their period go, records just inside stay."""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import User
from ladder.models import Response as LadderResponse
from principles.models import Answer, Response
from projects.models import Erasure, Involvement, Person, RecordView
from projects.privacy.retention import retention_apply, years_before
from projects.tasks import retention_apply_task
from tests.factories import (
    ActivityFactory,
    ClassificationFactory,
    InvitationFactory,
    PersonFactory,
    ProjectFactory,
    RoundFactory,
    UserFactory,
)
from tests.worker import celery_worker

NOW = timezone.make_aware(datetime.datetime(2026, 11, 23, 3, 30))
DAY = datetime.timedelta(days=1)


def person_added(at: datetime.datetime, **extra) -> Person:
    person = PersonFactory(**extra)
    Person.objects.filter(pk=person.pk).update(created_at=at)
    return person


def involved_on(person: Person, day: datetime.date) -> None:
    project = ProjectFactory(start_date=day)
    Involvement.objects.create(
        activity=ActivityFactory(project=project, date=day), person=person, hours=1
    )


@pytest.fixture
def register(db):
    """People on both sides of the register's period."""
    cutoff = years_before(NOW, settings.RETENTION_REGISTER_YEARS)
    long_ago = cutoff - 365 * DAY
    gone_quiet = person_added(long_ago, display_name="Gone quiet")
    involved_on(gone_quiet, timezone.localdate(cutoff) - DAY)
    still_involved = person_added(long_ago, display_name="Still involved")
    involved_on(still_involved, timezone.localdate(cutoff))
    never_involved_old = person_added(cutoff - DAY, display_name="Never involved, old")
    never_involved_new = person_added(cutoff + DAY, display_name="Never involved, recent")
    signs_in = person_added(
        long_ago, display_name="Still signs in", user=UserFactory(role="expert")
    )
    return {
        "erased": [gone_quiet, never_involved_old],
        "kept": [still_involved, never_involved_new, signs_in],
    }


def test_people_not_involved_for_the_period_are_anonymised(register):
    done = retention_apply(now=NOW)

    assert done["people_erased"] == 2
    for person in register["erased"]:
        person.refresh_from_db()
        assert person.display_name == f"Erased person {person.pk}"
        assert Erasure.objects.get(person=person).reason == Erasure.Reason.REGISTER_RETENTION
        assert Erasure.objects.get(person=person).erased_by is None
    for person in register["kept"]:
        kept = Person.objects.get(pk=person.pk)
        assert kept.display_name == person.display_name
    # Their involvement still counts.
    assert Involvement.objects.filter(person__in=register["erased"]).count() == 1


def closed_account(last_change: datetime.datetime) -> User:
    user = UserFactory(is_active=False)
    User.objects.filter(pk=user.pk).update(date_joined=last_change - 30 * DAY)
    User.history.filter(id=user.pk).update(history_date=last_change)
    return user


def test_closed_accounts_are_anonymised_after_the_period(db):
    cutoff = years_before(NOW, settings.RETENTION_CLOSED_ACCOUNT_YEARS)
    old = closed_account(cutoff - DAY)
    recent = closed_account(cutoff + DAY)
    signed_in_lately = closed_account(cutoff - DAY)
    User.objects.filter(pk=signed_in_lately.pk).update(last_login=cutoff + DAY)
    still_open = UserFactory()
    User.objects.filter(pk=still_open.pk).update(date_joined=cutoff - 400 * DAY)
    User.history.filter(id=still_open.pk).update(history_date=cutoff - 400 * DAY)

    done = retention_apply(now=NOW)

    assert done["accounts_erased"] == 1
    old.refresh_from_db()
    assert old.email == f"erased-{old.pk}@erased.invalid"
    assert not old.has_usable_password()
    for user in (recent, signed_in_lately, still_open):
        assert User.objects.get(pk=user.pk).email == user.email


def test_feedback_text_is_cleared_after_the_period_and_the_answers_stay(world):
    cutoff = years_before(NOW, settings.RETENTION_FEEDBACK_TEXT_YEARS)
    classification = ClassificationFactory(activity=world["activity"])
    old_reason = LadderResponse.objects.create(
        classification=classification,
        person=world["person"],
        verdict="contested",
        reason="Old reason",
        answered_at=cutoff - DAY,
    )
    new_reason = LadderResponse.objects.create(
        classification=classification,
        person=world["expert_person"],
        verdict="confirmed",
        reason="New reason",
        answered_at=cutoff + DAY,
    )
    comments = {}
    for name, closes_on in (("old", cutoff.date() - DAY), ("new", cutoff.date())):
        round_ = RoundFactory(
            project=world["project"], opens_on=closes_on - 7 * DAY, closes_on=closes_on
        )
        invitation = InvitationFactory(round=round_, person=world["person"])
        response = Response.objects.create(round=round_, invitation=invitation, perspective="carer")
        comments[name] = Answer.objects.create(
            response=response, principle="power", score=3, comment=f"{name} comment"
        )

    done = retention_apply(now=NOW)

    assert done["confirmation_reasons_cleared"] == 1
    assert done["principle_comments_cleared"] == 1
    old_reason.refresh_from_db()
    assert (old_reason.reason, old_reason.verdict) == ("", "contested")
    assert LadderResponse.objects.get(pk=new_reason.pk).reason == "New reason"
    assert not LadderResponse.history.filter(reason="Old reason").exists()
    assert LadderResponse.history.filter(reason="New reason").exists()
    old, new = (Answer.objects.get(pk=comments[k].pk) for k in ("old", "new"))
    assert (old.comment, old.score) == ("", 3)
    assert new.comment == "new comment"
    assert not Answer.history.filter(comment="old comment").exists()


def test_logs_are_deleted_after_their_periods(world):
    sign_in_cutoff = NOW - datetime.timedelta(days=settings.RETENTION_SIGN_IN_LOG_DAYS)
    views_cutoff = NOW - datetime.timedelta(days=settings.RETENTION_RECORD_VIEW_DAYS)
    for when, agent in ((sign_in_cutoff - DAY, "old"), (sign_in_cutoff + DAY, "new")):
        log = AccessLog.objects.create(username="a@example.org", user_agent=agent)
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
        attempt = AccessAttempt.objects.create(
            username="a@example.org",
            user_agent=agent,
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
        failure = AccessFailureLog.objects.create(username="a@example.org", user_agent=agent)
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=when)
    for when in (views_cutoff - DAY, views_cutoff + DAY):
        RecordView.objects.create(
            person=world["person"], user=world["staff"], action="detail", at=when
        )
    Session.objects.create(session_key="expired1", session_data="x", expire_date=NOW - DAY)
    Session.objects.create(session_key="current1", session_data="x", expire_date=NOW + DAY)

    done = retention_apply(now=NOW)

    assert done["sign_in_logs_deleted"] == 3
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert list(model.objects.values_list("user_agent", flat=True)) == ["new"]
    assert done["record_views_deleted"] == 1
    assert list(RecordView.objects.values_list("at", flat=True)) == [views_cutoff + DAY]
    assert done["sessions_deleted"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current1"]


def test_a_second_run_changes_nothing_and_only_counts_are_logged(register, caplog):
    first = retention_apply(now=NOW)
    assert first["people_erased"] == 2
    caplog.set_level(logging.INFO, logger="projects.privacy.retention")
    caplog.clear()

    second = retention_apply(now=NOW)

    assert set(second.values()) == {0}
    assert Erasure.objects.count() == 2
    line = next(r.getMessage() for r in caplog.records if "retention applied" in r.getMessage())
    assert "people_erased=0" in line
    for person in register["kept"]:
        assert person.display_name not in line


def test_the_job_is_scheduled_outside_the_clock_change_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-apply"]
    assert entry["task"] == retention_apply_task.name
    hours = entry["schedule"].hour
    assert hours
    assert 1 not in hours


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_nightly_job(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    now = timezone.now()
    old = person_added(years_before(now, settings.RETENTION_REGISTER_YEARS) - DAY)
    recent = person_added(now - DAY)
    with celery_worker():
        retention_apply_task.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Erasure.objects.filter(person=old).exists():
            time.sleep(0.2)
    assert Erasure.objects.filter(person=old).exists()
    assert not Erasure.objects.filter(person=recent).exists()

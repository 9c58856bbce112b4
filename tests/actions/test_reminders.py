"""Reminders to owners of actions due soon or overdue, through the outbox, each once."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.utils import timezone

from actions import services as action_services
from actions.models import ActionReminder
from actions.services import reminders_send
from actions.tasks import reminders_send_task
from outbox.models import OutboundEmail
from tests.factories import ActionFactory, UserFactory
from tests.smtp import smtp_server
from tests.worker import celery_worker


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def owners(db):
    return [UserFactory(full_name=f"Owner {n}", email=f"owner{n}@example.org") for n in range(3)]


@pytest.mark.django_db
def test_owners_are_reminded_once_before_and_once_after_the_due_date(
    world, owners, django_capture_on_commit_callbacks, mailoutbox
):
    soon = ActionFactory(service=world["service"], owner=owners[0], due_on=days(2), what="Soon")
    late = ActionFactory(service=world["service"], owner=owners[1], due_on=days(-1), what="Late")
    ActionFactory(service=world["service"], owner=owners[2], due_on=days(30), what="Far off")
    ActionFactory(
        service=world["service"],
        owner=owners[2],
        due_on=days(-4),
        status="done",
        evidence="Done.",
    )
    ActionFactory(service=world["service"], owner=None, due_on=days(-4))
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send()
    assert (run.due_soon, run.overdue) == (1, 1)
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {owners[0].email, owners[1].email}
    assert by_address[owners[0].email].subject == "An action you own is due soon"
    assert by_address[owners[1].email].subject == "An action you own is overdue"
    assert f"/actions/{late.pk}/" in by_address[owners[1].email].body
    assert "Late" in by_address[owners[1].email].body
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_send()
    assert (again.due_soon, again.overdue) == (0, 0)
    assert len(mailoutbox) == 2
    # Days later the one due soon is overdue: its second and last reminder.
    with django_capture_on_commit_callbacks(execute=True):
        later = reminders_send(today=days(3))
    assert (later.due_soon, later.overdue) == (0, 1)
    assert mailoutbox[-1].to == [owners[0].email]
    assert ActionReminder.objects.filter(action=soon).count() == 2


@pytest.mark.django_db
def test_a_new_due_date_earns_new_reminders(world, owners, django_capture_on_commit_callbacks):
    action = ActionFactory(service=world["service"], owner=owners[0], due_on=days(-1))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send()
    action.due_on = days(-2)
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send().overdue == 1
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_halfway_loses_no_reminder_and_sends_none_twice(
    world, owners, monkeypatch, mailoutbox
):
    for owner in owners:
        ActionFactory(service=world["service"], owner=owner, due_on=days(-1))
    real_queue = action_services.email_queue
    calls = {"n": 0}

    def dies_on_the_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real_queue(**kwargs)

    monkeypatch.setattr(action_services, "email_queue", dies_on_the_second)
    with pytest.raises(RuntimeError):
        reminders_send()
    assert ActionReminder.objects.count() == 1, "the second reminder rolled back with its email"
    assert OutboundEmail.objects.count() == 1
    monkeypatch.setattr(action_services, "email_queue", real_queue)
    assert reminders_send().overdue == 2
    assert reminders_send().overdue == 0
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        owner.email for owner in owners
    )


def test_the_reminders_run_daily_from_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["action-reminders"]
    assert entry["task"] == reminders_send_task.name
    assert entry["schedule"].hour == {9}


@pytest.mark.worker
def test_a_real_worker_run_twice_sends_each_reminder_once(transactional_db, world, owners):
    """Two runs queued together in a real worker against real Redis: each owner
    gets exactly one email."""
    for owner in owners:
        ActionFactory(service=world["service"], owner=owner, due_on=days(-1))
    with smtp_server() as inbox, celery_worker(concurrency=2, env=inbox.worker_env()):
        reminders_send_task.delay()
        reminders_send_task.delay()
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if OutboundEmail.objects.filter(status="sent").count() == len(owners):
                break
            time.sleep(0.2)
        time.sleep(1.5)  # room for a second copy to arrive, if there were one
        received = sorted(str(m["To"]) for m in inbox.messages)
    assert received == sorted(owner.email for owner in owners)
    assert ActionReminder.objects.count() == len(owners)

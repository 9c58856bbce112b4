"""The email outbox: one email per key, sent after commit, kept when sending fails,
and picked up again by the sweep."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from outbox.mail import CLAIM_LEASE, MAX_ATTEMPTS, email_queue, email_send, emails_sweep
from outbox.models import OutboundEmail
from outbox.tasks import email_send_task, emails_sweep_task
from tests.smtp import smtp_server
from tests.worker import celery_worker


def queue(key: str = "test-1") -> OutboundEmail:
    return email_queue(key=key, to="pat@example.org", subject="Hello Pat", body="A link")


def test_it_sends_once_after_commit_however_often_it_is_queued(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue()
    assert [message.subject for message in mailoutbox] == ["Hello Pat"]
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SENT
    assert email.body == "", "the body (it may hold a sign-in link) is not kept once sent"
    assert email_send(email_id=email.pk) is False
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_the_change_is_rolled_back(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_mail_server_failure_keeps_the_email_to_send_later(db, mailoutbox, monkeypatch):
    email = OutboundEmail.objects.create(key="k", to="pat@example.org", subject="S", body="B")

    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("outbox.mail.EmailMessage.send", down)
    assert email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error, email.body) == (
        OutboundEmail.Status.PENDING,
        1,
        "ConnectionRefusedError",
        "B",
    )
    monkeypatch.undo()
    assert email_send(email_id=email.pk) is True
    assert len(mailoutbox) == 1


def test_it_gives_up_after_the_last_attempt_so_an_admin_can_see_it(db, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("outbox.mail.EmailMessage.send", down)
    email = OutboundEmail.objects.create(
        key="k", to="pat@example.org", subject="S", body="B", attempts=MAX_ATTEMPTS - 1
    )
    assert email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert emails_sweep() == 0


def test_a_claim_by_a_worker_that_died_is_taken_over_after_the_lease(db, mailoutbox):
    email = OutboundEmail.objects.create(
        key="k",
        to="pat@example.org",
        subject="S",
        body="B",
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now(),
    )
    assert email_send(email_id=email.pk) is False, "a live claim is left alone"
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - CLAIM_LEASE - datetime.timedelta(seconds=1)
    )
    assert email_send(email_id=email.pk) is True
    assert len(mailoutbox) == 1


def test_the_sweep_sends_what_waited_and_skips_what_is_sent(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    old = timezone.now() - datetime.timedelta(minutes=5)
    waiting = OutboundEmail.objects.create(key="a", to="a@example.org", subject="A", body="A")
    sent = OutboundEmail.objects.create(
        key="b", to="b@example.org", subject="B", body="", status=OutboundEmail.Status.SENT
    )
    fresh = OutboundEmail.objects.create(key="c", to="c@example.org", subject="C", body="C")
    OutboundEmail.objects.filter(pk__in=[waiting.pk, sent.pk]).update(created_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_sweep() == 1
    assert [message.subject for message in mailoutbox] == ["A"]
    fresh.refresh_from_db()
    assert fresh.status == OutboundEmail.Status.PENDING, "its own task is still on its way"


@pytest.mark.worker
def test_a_real_worker_sends_an_email_the_broker_never_heard_of_once(transactional_db):
    """As if Redis was down when the email was written: only the row exists."""
    email = OutboundEmail.objects.create(key="k", to="pat@example.org", subject="Hi", body="B")
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with smtp_server() as inbox, celery_worker(env=inbox.worker_env()):
        emails_sweep_task.delay()
        emails_sweep_task.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            email.refresh_from_db()
            if email.status == OutboundEmail.Status.SENT:
                break
            time.sleep(0.2)
        time.sleep(1)  # room for a second copy to arrive, if there were one
        assert email.status == OutboundEmail.Status.SENT
        assert inbox.subjects() == ["Hi"]


# A real stop link is longer than a 78-character line: it must arrive as it is.
HEADERS = {
    "List-Unsubscribe": f"<https://coprod.example/opportunities/digest/stop/{'Ab1:' * 30}/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def test_headers_are_sent_and_not_kept_once_sent(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(key="h", to="pat@example.org", subject="S", body="B", headers=HEADERS)

    (message,) = mailoutbox
    assert {name: message.extra_headers[name] for name in HEADERS} == HEADERS
    email.refresh_from_db()
    assert (email.status, email.body, email.headers) == (OutboundEmail.Status.SENT, "", {})


@pytest.mark.parametrize(
    "headers",
    [{"Subject": "Other"}, {"to": "x@example.org"}, {"X-Note": "two\r\nBcc: x@example.org"}],
)
def test_it_refuses_headers_that_would_change_who_gets_it_or_what_it_says(db, headers):
    with pytest.raises(ValueError, match="header"):
        email_queue(key="bad", to="pat@example.org", subject="S", body="B", headers=headers)
    assert not OutboundEmail.objects.exists()


@pytest.mark.worker
def test_a_real_worker_sends_the_headers_over_smtp(transactional_db):
    email = OutboundEmail.objects.create(
        key="k", to="pat@example.org", subject="Hi", body="B", headers=HEADERS
    )
    with smtp_server() as inbox, celery_worker(env=inbox.worker_env()):
        email_send_task.delay(email.pk)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not inbox.subjects():
            time.sleep(0.2)
    (message,) = inbox.messages
    assert message["List-Unsubscribe"] == HEADERS["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["To"] == "pat@example.org"

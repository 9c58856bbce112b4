"""Raising, changing and closing actions, and reminding their owners.

Other apps raise actions through `action_raise(source=..., ...)`: the source is
any model instance whose kind is registered in `actions.sources`.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from actions.models import Action, ActionReminder
from outbox.mail import email_queue
from projects.models import Service

logger = logging.getLogger(__name__)


class EvidenceNeeded(ValueError):
    """An action is done only with evidence that it is."""


def action_raise(
    *,
    what: str,
    by: User | None,
    owner: User | None = None,
    service: Service | None = None,
    due_on: datetime.date | None = None,
    source: models.Model | None = None,
) -> Action:
    """Add an action to the log, linked to what raised it."""
    return Action.objects.create(
        what=what,
        owner=owner,
        service=service,
        due_on=due_on,
        source_type=ContentType.objects.get_for_model(type(source)) if source else None,
        source_id=source.pk if source else None,
        created_by=by,
    )


def action_update(
    *,
    action: Action,
    what: str,
    owner: User | None,
    due_on: datetime.date | None,
    status: str,
    evidence: str,
) -> Action:
    """Change an action. Done or dropped needs evidence (or a reason); closing it
    records when, opening it again forgets that."""
    if status in (Action.Status.DONE, Action.Status.DROPPED) and not evidence.strip():
        raise EvidenceNeeded
    was_open = action.is_open
    action.what, action.owner, action.due_on = what, owner, due_on
    action.status, action.evidence = status, evidence
    if action.is_open:
        action.closed_at = None
    elif was_open:
        action.closed_at = timezone.now()
    action.save()
    return action


def action_done(*, action: Action, evidence: str) -> Action:
    return action_update(
        action=action,
        what=action.what,
        owner=action.owner,
        due_on=action.due_on,
        status=Action.Status.DONE,
        evidence=evidence,
    )


# Reminders -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    due_soon: int = 0
    overdue: int = 0


def reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Email each owner once when their action is due soon and once when it is
    overdue. Safe to run again at any time: each reminder is a row with a unique
    key, written with its email in one transaction, so a rerun (or a second
    worker, or a run killed halfway) sends nobody a reminder twice."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.ACTION_DUE_SOON_DAYS)
    waiting = Action.objects.filter(owner__is_active=True).exclude(owner__email="")
    counts = {ActionReminder.Kind.DUE_SOON: 0, ActionReminder.Kind.OVERDUE: 0}
    for kind, actions in (
        (ActionReminder.Kind.DUE_SOON, waiting.due_between(today, soon)),
        (ActionReminder.Kind.OVERDUE, waiting.overdue(today)),
    ):
        already = ActionReminder.objects.filter(
            action=models.OuterRef("pk"), kind=kind, due_on=models.OuterRef("due_on")
        )
        for action in (
            actions.exclude(models.Exists(already))
            .select_related("owner", "service")
            .iterator(chunk_size=200)
        ):
            if reminder_send(action=action, kind=kind, today=today):
                counts[kind] += 1
    logger.info("action reminders queued: %s", counts)
    return ReminderRun(
        due_soon=counts[ActionReminder.Kind.DUE_SOON], overdue=counts[ActionReminder.Kind.OVERDUE]
    )


def reminder_send(*, action: Action, kind: str, today: datetime.date) -> bool:
    """Record one reminder and queue its email, together or not at all."""
    assert action.due_on is not None
    assert action.owner is not None
    try:
        with transaction.atomic():
            ActionReminder.objects.create(
                action=action, kind=kind, due_on=action.due_on, to=action.owner
            )
            email_queue(
                key=f"action-{action.pk}-{kind}-{action.due_on:%Y%m%d}",
                to=action.owner.email,
                subject=(
                    "An action you own is overdue"
                    if kind == ActionReminder.Kind.OVERDUE
                    else "An action you own is due soon"
                ),
                body=render_to_string(
                    "actions/email/reminder.txt",
                    {
                        "action": action,
                        "overdue": kind == ActionReminder.Kind.OVERDUE,
                        "days_late": (today - action.due_on).days,
                        "url": settings.SITE_URL
                        + reverse("actions:action_detail", args=[action.pk]),
                        "mine_url": settings.SITE_URL + reverse("actions:my_actions"),
                    },
                ),
            )
    except IntegrityError:
        # Another run sent it a moment ago.
        return False
    return True

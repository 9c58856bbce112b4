"""How long each kind of record is kept, and the job that applies it.

The periods are settings (see `coprod/settings.py` for each default and why).
`retention_apply` is what the nightly Celery task runs. It is safe to run any
number of times: each step only touches what is still past its period, so a
second run the same night changes nothing. It logs counts, never names.
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from core.privacy import retention_steps
from projects.models import Erasure, Involvement, Person, RecordView
from projects.privacy.erasure import AlreadyErased, account_erase, person_erase

logger = logging.getLogger(__name__)

SIGN_IN_LOGS = ("axes.AccessLog", "axes.AccessAttempt", "axes.AccessFailureLog")


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def people_past_retention(now: datetime.datetime) -> QuerySet[Person]:
    """Register entries added before the period and not involved since, whose
    account (if any) is closed. Someone still signing in is still with us."""
    cutoff = years_before(now, settings.RETENTION_REGISTER_YEARS)
    recent = Involvement.objects.filter(
        person=OuterRef("pk"), activity__date__gte=timezone.localdate(cutoff)
    )
    return (
        Person.objects.filter(created_at__lt=cutoff)
        .exclude(Exists(Erasure.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(recent))
        .exclude(user__is_active=True)
    )


def accounts_past_retention(now: datetime.datetime) -> QuerySet[User]:
    """Closed accounts with no place on the register, unchanged and unused
    for the whole period (the register's own rule covers the others)."""
    cutoff = years_before(now, settings.RETENTION_CLOSED_ACCOUNT_YEARS)
    last_change = (
        User.history.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(last=Max("history_date"))
        .values("last")
    )
    return (
        User.objects.filter(is_active=False, person__isnull=True)
        .exclude(Exists(Erasure.objects.filter(account=OuterRef("pk"))))
        .annotate(last_seen=Greatest(Subquery(last_change), F("last_login"), F("date_joined")))
        .filter(last_seen__lt=cutoff)
    )


def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply every retention period once. Returns (and logs) how many records
    each step changed."""
    now = now or timezone.now()
    done: dict[str, int] = {"people_erased": 0, "accounts_erased": 0}
    for person in people_past_retention(now).only("pk"):
        try:
            person_erase(person=person, by=None, reason=Erasure.Reason.REGISTER_RETENTION)
            done["people_erased"] += 1
        except AlreadyErased:  # another run got there first
            pass
    for user in accounts_past_retention(now).only("pk"):
        try:
            account_erase(user=user, by=None, reason=Erasure.Reason.ACCOUNT_RETENTION)
            done["accounts_erased"] += 1
        except AlreadyErased:
            pass
    for name, step in retention_steps().items():
        done[name] = step(now)
    done["sessions_deleted"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    sign_in_cutoff = now - datetime.timedelta(days=settings.RETENTION_SIGN_IN_LOG_DAYS)
    done["sign_in_logs_deleted"] = sum(
        apps.get_model(label)
        .objects.filter(attempt_time__lt=sign_in_cutoff)
        .delete()[1]
        .get(label, 0)
        for label in SIGN_IN_LOGS
    )
    views_cutoff = now - datetime.timedelta(days=settings.RETENTION_RECORD_VIEW_DAYS)
    done["record_views_deleted"] = RecordView.objects.older_than(views_cutoff).delete()[0]
    logger.info(
        "retention applied %s", " ".join(f"{name}={count}" for name, count in sorted(done.items()))
    )
    return done

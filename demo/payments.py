"""Payment runs: one paid not long ago, and one open, waiting to be checked."""

from __future__ import annotations

import datetime

from django.utils import timezone

from demo.story import Story
from projects.models import Involvement, PaymentRun, Person
from projects.pay_limits import fees_kept, limit_period
from projects.services import payment_lines_add, payment_run_create

# Finance pays what was due three weeks ago; the last three weeks stay due, for a
# new run.
OPEN_RUN_UP_TO_DAYS_AGO = 21


def create_pay_limit(story: Story) -> Person | None:
    """Someone who asked staff to keep their fees under a limit for the tax year
    (their choice), set a little above what they have had so far: near it."""
    paid_this_year = (
        Person.objects.filter(
            involvements__payment_choice=Involvement.PaymentChoice.PAID,
            involvements__activity__date__gte=datetime.date(story.today.year - 1, 4, 6),
            user__isnull=True,
        )
        .order_by("pk")
        .distinct()
    )
    person = paid_this_year.first()
    if person is None:
        return None
    person.pay_limit_period = Person.LimitPeriod.TAX_YEAR
    start, end, _period = limit_period(person, story.today)
    so_far = fees_kept(person, start=start, end=end)
    # A round limit £20 to £30 above what they have had so far this tax year.
    person.pay_limit_pence = (so_far // 1000 + 3) * 1000
    person.save(update_fields=["pay_limit_pence", "pay_limit_period"])
    return person


def create_payment_runs(story: Story) -> list[PaymentRun]:
    finance = story.users["femi"]
    runs = []
    paid = Involvement.objects.filter(paid_on__isnull=False).select_related("activity")
    last_pay_day = paid.order_by("-paid_on").values_list("paid_on", flat=True).first()
    if last_pay_day is not None:
        made = timezone.make_aware(
            datetime.datetime.combine(last_pay_day - datetime.timedelta(days=2), datetime.time(10))
        )
        run = PaymentRun.objects.create(created_by=finance)
        payment_lines_add(run=run, involvements=list(paid.filter(paid_on=last_pay_day)))
        PaymentRun.objects.filter(pk=run.pk).update(
            created_at=made,
            exported_at=made + datetime.timedelta(hours=1),
            paid_on=last_pay_day,
            paid_by=finance,
        )
        runs.append(run)
    open_run = payment_run_create(
        user=finance, on=story.today - datetime.timedelta(days=OPEN_RUN_UP_TO_DAYS_AGO)
    )
    if open_run is not None:
        runs.append(open_run)
    return runs

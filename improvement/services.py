"""Operations on Always Events that span several models."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from actions.models import Action
from actions.services import action_raise
from charts import Chart, month_label, spc, spc_chart
from improvement.models import AlwaysEvent, PdsaCycle, ReliabilityEntry, Stage, month_of
from projects.models import Service, reading_record


def stage_problems(event: AlwaysEvent) -> list[str]:
    """What stands between the event and its next stage, in plain words (none when it
    may move on)."""
    if event.stage == Stage.WHAT_MATTERS and not event.conversations.exists():
        return [
            "Add at least one what-matters conversation with people who use the service "
            "before you start co-designing."
        ]
    if event.stage == Stage.CO_DESIGNING:
        problems = []
        if not event.statement:
            problems.append("Write the Always Event with people who use the service.")
        missing = [c["label"].lower() for c in event.criteria() if not (c["met"] and c["evidence"])]
        if missing:
            problems.append(
                "All four criteria must be met, each with its evidence, before testing. "
                f"Still to show: {', '.join(missing)}."
            )
        return problems
    if event.stage == Stage.TESTING and not event.cycles.filter(act=PdsaCycle.Act.ADOPT).exists():
        return ["Spread it once a PDSA cycle has decided to adopt the change."]
    return []


def stage_advance(*, event: AlwaysEvent) -> list[str]:
    """Move the event on a stage, or give the reasons it cannot move yet."""
    problems = stage_problems(event)
    if not problems and event.next_stage is not None:
        event.stage = event.next_stage
        event.save(update_fields=["stage"])
    return problems


def cycle_start(*, event: AlwaysEvent, cycle: PdsaCycle, people, user) -> PdsaCycle:
    """Save a new cycle as the next in the event's chain."""
    with transaction.atomic():
        last = event.cycles.select_for_update().order_by("-number").first()
        cycle.event = event
        cycle.number = (last.number if last else 0) + 1
        cycle.created_by = user
        cycle.save()
        cycle.people.set(people)
    return cycle


def next_cycle_initial(event: AlwaysEvent) -> tuple[PdsaCycle | None, dict[str, str]]:
    """The last cycle and what the next starts from: its act step's next step as the
    change, and the same measure."""
    last = event.cycles.order_by("-number").prefetch_related("people").first()
    if last is None:
        return None, {}
    initial: dict = {"measure": last.measure, "people": list(last.people.all())}
    # Adapt and abandon start from the next step written at the act step; adopt
    # carries the change on when no next step was written.
    initial["change"] = last.next_step or (last.change if last.act == PdsaCycle.Act.ADOPT else "")
    return last, initial


# Days an action raised by an act step has by default; its owner can change it.
ACT_ACTION_DAYS = 28


def act_recorded(*, cycle: PdsaCycle, user) -> Action:
    """A cycle's act step was recorded: what follows goes on the action log, owned
    by whoever recorded it, for the event's team."""
    if cycle.act == PdsaCycle.Act.ADOPT:
        what = f"Make the change part of everyday work: {cycle.change}"
    elif cycle.act == PdsaCycle.Act.ADAPT:
        what = f"Plan cycle {cycle.number + 1} and test: {cycle.next_step or cycle.change}"
    else:
        what = f"Choose another change to test, as cycle {cycle.number} stopped: {cycle.change}"
    return action_raise(
        what=what[: Action._meta.get_field("what").max_length],
        by=user,
        owner=user,
        service=cycle.event.service,
        due_on=timezone.localdate() + datetime.timedelta(days=ACT_ACTION_DAYS),
        source=cycle,
    )


def reliability_record(
    *,
    event: AlwaysEvent,
    service: Service,
    period_start: datetime.date,
    happened: int,
    should_have: int,
    user,
) -> ReliabilityEntry:
    """Record (or replace) a week's or month's count, and when the event is a metric
    of its team's growth plan, write that month's percentage as the metric's reading.

    The plan metric is written here, in the app above `projects`, so the plan page,
    the dashboard and peer-review reports read it as any other reading (one function
    per figure: `projects.metrics.metric_series`) and `projects` knows nothing of
    Always Events."""
    with transaction.atomic():
        entry, _ = ReliabilityEntry.objects.update_or_create(
            event=event,
            service=service,
            period_start=period_start,
            defaults={"happened": happened, "should_have": should_have, "entered_by": user},
        )
        if event.plan_metric_id and service.pk == event.service_id:
            _plan_reading_write(event=event, month=month_of(period_start), user=user)
    return entry


def plan_metric_sync(*, event: AlwaysEvent, user) -> int:
    """Write every counted month into the event's plan metric (when it is first
    chosen, or chosen again); gives the number of months written."""
    if not event.plan_metric_id:
        return 0
    months = sorted(
        {
            month_of(day)
            for day in event.entries.filter(service_id=event.service_id).values_list(
                "period_start", flat=True
            )
        }
    )
    with transaction.atomic():
        for month in months:
            _plan_reading_write(event=event, month=month, user=user)
    return len(months)


def _plan_reading_write(*, event: AlwaysEvent, month: datetime.date, user) -> None:
    """The month's percentage in the plan metric's readings: every count for the
    home team whose period starts in the month (one month, or its weeks)."""
    happened = should_have = 0
    for entry in ReliabilityEntry.objects.filter(
        event=event,
        service_id=event.service_id,
        period_start__year=month.year,
        period_start__month=month.month,
    ):
        happened += entry.happened
        should_have += entry.should_have
    value = (Decimal(100) * happened / should_have).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    reading_record(metric=event.plan_metric, period=month, value=value, user=user)


def period_label(event: AlwaysEvent, start: datetime.date) -> str:
    if event.period == AlwaysEvent.Period.WEEK:
        return f"w/c {start:%-d %b %Y}"
    return month_label(start)


def reliability_chart(
    event: AlwaysEvent, service: Service, entries: list[ReliabilityEntry]
) -> Chart:
    """The reliability measure on an SPC chart (the same module and chart as a plan's
    metrics), with the event's goal as the target line."""
    percentages = [(entry.period_start, round(entry.percent, 1)) for entry in entries]
    result = spc.analyse(percentages, direction="up", target=event.goal)
    labels = [period_label(event, start) for start, _ in percentages]
    if entries:
        last = entries[-1]
        summary = (
            f"In the latest {event.get_period_display().lower().removeprefix('each ')}, "
            f"{labels[-1]}, it happened {last.happened} times out of {last.should_have} "
            f"({last.percent:.0f}%). The goal is {event.goal}%."
        )
    else:
        summary = f"No counts yet. The goal is {event.goal}%."
    return spc_chart(
        name=f"reliability-{service.pk}",
        title=f"How reliably it happens in {service.name}",
        summary=summary,
        result=result,
        labels=labels,
        header=["Period", "Happened", "Should have happened", "Percentage"],
        rows=[
            [label, entry.happened, entry.should_have, f"{entry.percent:.1f}%"]
            for label, entry in zip(labels, entries, strict=True)
        ],
    )

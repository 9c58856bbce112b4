"""The dashboard's figures read from the summary tables (`projects.models.summaries`).

Each function answers exactly what its raw counterpart in this package answers,
in the same shape, for filters whose `summed` is true; `manage.py summaries
--check` and tests/dashboard/test_summed.py compare the two on every scope and
listed period. Callers catch the summaries up first (`summaries_catch_up`).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum

from dashboard.read.filters import DOING_WITH, Filters
from projects.models import ActivityMonth, FirstInvolvement, PersonMonth, ScopeMonth


def _months(filters: Filters, start: datetime.date, end: datetime.date) -> Q:
    return Q(scope=filters.scope, month__gte=start, month__lt=end)


def activity_counts(filters: Filters) -> dict[str, int]:
    """The activity side of the headlines, this period and the one before (1 query),
    less the projects with activity, which do not add up across months."""
    previous = filters.previous
    now = Q(month__gte=filters.start, month__lt=filters.end)
    before = Q(month__gte=previous.start, month__lt=previous.end)
    classified = ~Q(rung=0)
    doing_with = Q(rung__in=DOING_WITH)
    found = ActivityMonth.objects.filter(_months(filters, previous.start, filters.end)).aggregate(
        n_activities=Sum("activities", filter=now, default=0),
        n_activities_before=Sum("activities", filter=before, default=0),
        n_classified=Sum("activities", filter=now & classified, default=0),
        n_classified_before=Sum("activities", filter=before & classified, default=0),
        n_doing_with=Sum("activities", filter=now & doing_with, default=0),
        n_doing_with_before=Sum("activities", filter=before & doing_with, default=0),
        n_faux=Sum("faux_production", filter=now, default=0),
        n_faux_before=Sum("faux_production", filter=before, default=0),
        n_contested=Sum("contested", filter=now, default=0),
        n_contested_before=Sum("contested", filter=before, default=0),
    )
    # The raw aggregate's keys (an aggregate cannot share a field's name).
    return {key.removeprefix("n_"): value for key, value in found.items()}


def involvement_counts(filters: Filters) -> dict:
    """The people, hours and money of the headlines, this period and the one before,
    in the raw aggregate's keys (1 query over one row per person and month)."""
    previous = filters.previous
    now = Q(month__gte=filters.start, month__lt=filters.end)
    before = Q(month__gte=previous.start, month__lt=previous.end)
    took_part, gave_hours = Q(involvements__gt=0), Q(hours__gt=0)
    was_paid = Q(fees_pence__gt=0) | Q(expenses_pence__gt=0)
    return PersonMonth.objects.filter(_months(filters, previous.start, filters.end)).aggregate(
        people=Count("person", distinct=True, filter=now & took_part),
        people_before=Count("person", distinct=True, filter=before & took_part),
        gave_hours=Count("person", distinct=True, filter=now & gave_hours),
        gave_hours_before=Count("person", distinct=True, filter=before & gave_hours),
        paid=Count("person", distinct=True, filter=now & was_paid),
        paid_before=Count("person", distinct=True, filter=before & was_paid),
        hours_now=Sum("hours", filter=now & took_part),
        hours_before=Sum("hours", filter=before & took_part),
        fees=Sum("fees_pence", filter=now),
        fees_before=Sum("fees_pence", filter=before),
        expenses=Sum("expenses_pence", filter=now),
        expenses_before=Sum("expenses_pence", filter=before),
    )


def first_involvements(filters: Filters, *, since: datetime.date) -> list[datetime.date]:
    """As `headline.first_involvements` (1 query)."""
    return list(
        FirstInvolvement.objects.filter(
            scope=filters.scope, day__gte=since, day__lt=filters.end
        ).values_list("day", flat=True)
    )


def involvements_per_person(filters: Filters) -> list[int]:
    """How many times each person took part in the period (1 query)."""
    return list(
        PersonMonth.objects.filter(_months(filters, filters.start, filters.end), involvements__gt=0)
        .order_by()
        .values("person")
        .annotate(n=Sum("involvements"))
        .values_list("n", flat=True)
    )


def heard_from(start: datetime.date, end: datetime.date) -> set[int]:
    """The scopes with lived-experience involvement on a day from `start` to `end`,
    `end` being the first of a month (1 query)."""
    return set(
        ScopeMonth.objects.filter(
            month__gte=start.replace(day=1), month__lt=end, last_involved_on__gte=start
        ).values_list("scope", flat=True)
    )


def rungs_by_month(filters: Filters) -> dict[tuple[datetime.date, int | None], int]:
    """As `ladder.rungs_by_month` (1 query)."""
    return {
        (month, rung or None): n
        for month, rung, n in ActivityMonth.objects.filter(
            _months(filters, filters.start, filters.end)
        ).values_list("month", "rung", "activities")
    }


def doing_with_by_month(
    filters: Filters, start: datetime.date
) -> dict[datetime.date, tuple[int, int]]:
    """Per month from `start` to the period's end: (doing with, classified) (1 query)."""
    return {
        month: (doing_with, classified)
        for month, doing_with, classified in ActivityMonth.objects.filter(
            _months(filters, start, filters.end)
        )
        .exclude(rung=0)
        .order_by()
        .values("month")
        .annotate(
            doing_with=Sum("activities", filter=Q(rung__in=DOING_WITH), default=0),
            classified=Sum("activities", default=0),
        )
        .values_list("month", "doing_with", "classified")
    }

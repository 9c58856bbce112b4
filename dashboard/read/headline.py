"""Headline figures, each against the previous period of the same length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum

from dashboard.read import summed, suppression
from dashboard.read.filters import (
    DOING_WITH,
    Filters,
    _share,
    projects_in,
)
from principles.models import Invitation
from projects.metrics import month_start
from projects.models import Activity, Involvement
from projects.rungs import RungStatus

# Headlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: Decimal | int | None
    previous: Decimal | int | None
    unit: str = ""  # "percent", "pounds", "hours" or "" for a count
    hint: str = ""
    higher_is_better: bool | None = True
    # Drawn from fewer than 3 people (`suppression`): `value` or `previous` is None.
    hidden: bool = False
    previous_hidden: bool = False
    # The period is not over (`Filters.ongoing`): a part against a whole says nothing.
    ongoing: bool = False

    @property
    def change(self) -> Decimal | int | None:
        if self.ongoing or self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def shown(self) -> str:
        return suppression.SUPPRESSED if self.hidden else _format(self.value, self.unit)

    @property
    def change_words(self) -> str:
        change = self.change
        if self.ongoing:
            return "Not compared: this period is not over yet"
        if self.hidden or self.previous_hidden:
            return "Not compared: fewer than 3 people in one of the two periods"
        if change is None:
            return "No figure for the previous period"
        if change == 0:
            return "No change on the previous period"
        amount = _format(abs(change), self.unit)
        if self.unit == "percent":
            amount = f"{abs(change)} percentage points"
        return f"{'Up' if change > 0 else 'Down'} {amount} on the previous period"


def _format(value: Decimal | int | None, unit: str) -> str:
    if value is None:
        return "No data"
    if unit == "percent":
        return f"{value}%"
    if unit == "pounds":
        return f"£{value:,.2f}"
    if unit == "hours":
        return f"{value.normalize() if isinstance(value, Decimal) else value:,f} hours"
    return f"{value:,}"


def headlines(filters: Filters) -> list[Headline]:
    """The page's headline figures for the period and the one before it.

    Queries: activities (1, and 1 for projects with activity when summed),
    lived-experience involvement and payments (1), people involved for the first
    time (1), principle invitations and responses (1).
    """
    previous = filters.previous
    if filters.summed:
        activity = summed.activity_counts(filters) | _projects_with_activity(filters)
        involvement = summed.involvement_counts(filters)
    else:
        activity, involvement = _raw_counts(filters)
    firsts = first_involvements(filters, since=previous.start)
    new = sum(1 for day in firsts if filters.start <= day < filters.end)
    new_before = sum(1 for day in firsts if previous.start <= day < previous.end)
    rates = response_rates(filters)

    def pounds(pence: int | None, expenses: int | None) -> Decimal:
        return Decimal((pence or 0) + (expenses or 0)) / 100

    a, i = activity, involvement
    # People, and new and returning people: each hidden from 1 or 2 people, and new
    # people too when the returning (the people less the new) would be.
    people = suppression.figure(i["people"], i["people"])
    people_before = suppression.figure(i["people_before"], i["people_before"])
    new_shown, returning = suppression.split(people, new)
    new_before_shown, _returning = suppression.split(people_before, new_before)
    hours = suppression.figure(i["hours_now"] or Decimal(0), i["gave_hours"])
    hours_before = suppression.figure(i["hours_before"] or Decimal(0), i["gave_hours_before"])
    payments = suppression.figure(pounds(i["fees"], i["expenses"]), i["paid"])
    payments_before = suppression.figure(
        pounds(i["fees_before"], i["expenses_before"]), i["paid_before"]
    )
    found = [
        Headline(
            "projects",
            "Projects with activity",
            a["projects"],
            a["projects_before"],
            hint="Projects that logged at least one activity in the period.",
        ),
        Headline("activities", "Activities", a["activities"], a["activities_before"]),
        Headline(
            "doing_with",
            "Activities in “doing with”",
            _share(a["doing_with"], a["classified"]),
            _share(a["doing_with_before"], a["classified_before"]),
            unit="percent",
            hint="Share of classified activities at co-design or co-production.",
        ),
        Headline(
            "people",
            "People with lived experience involved",
            people,
            people_before,
            hint=f"{new_shown} new and {returning} returning."
            if new_shown is not None
            else "New and returning not shown: fewer than 3 people in one of them."
            if people
            else "",
            hidden=people is None,
            previous_hidden=people_before is None,
        ),
        Headline(
            "new_people",
            "People involved for the first time",
            new_shown,
            new_before_shown,
            hidden=new_shown is None,
            previous_hidden=new_before_shown is None,
        ),
        Headline(
            "hours",
            "Hours given by people with lived experience",
            hours,
            hours_before,
            unit="hours",
            hidden=hours is None,
            previous_hidden=hours_before is None,
        ),
        Headline(
            "payments",
            "Payments made",
            payments,
            payments_before,
            unit="pounds",
            hint="Fees and expenses paid in the period, by the date paid.",
            higher_is_better=None,
            hidden=payments is None,
            previous_hidden=payments_before is None,
        ),
        Headline(
            "faux",
            "Possible faux-production",
            a["faux"],
            a["faux_before"],
            hint="Called co-production, but the evidence says otherwise.",
            higher_is_better=False,
        ),
        Headline(
            "contested",
            "Contested classifications",
            a["contested"],
            a["contested_before"],
            hint="People who took part disagreed with the rung given.",
            higher_is_better=None,
        ),
        Headline(
            "response_rate",
            "Principles ratings returned",
            rates.rate,
            rates.previous_rate,
            unit="percent",
            hint=f"{rates.responses} of {rates.invitations} invitations to rounds that "
            "opened in the period."
            if rates.invitations
            else "No rounds opened in the period.",
        ),
    ]
    return [replace(h, ongoing=True) for h in found] if filters.ongoing else found


def _projects_with_activity(filters: Filters) -> dict[str, int]:
    """Projects with at least one activity, this period and the one before (1 query):
    a project counts once over many months, so this is not summed."""
    previous = filters.previous
    return (
        Activity.objects.filter(project__in=projects_in(filters))
        .filter(date__gte=previous.start, date__lt=filters.end)
        .aggregate(
            projects=Count("project", distinct=True, filter=Q(date__gte=filters.start)),
            projects_before=Count("project", distinct=True, filter=Q(date__lt=filters.start)),
        )
    )


def _raw_counts(filters: Filters) -> tuple[dict, dict]:
    """The activity and involvement figures of `headlines`, from the raw rows (2 queries)."""
    previous = filters.previous
    now = Q(date__gte=filters.start, date__lt=filters.end)
    before = Q(date__gte=previous.start, date__lt=previous.end)
    classified = Q(rung__isnull=False)
    doing_with = Q(rung__in=DOING_WITH)
    activity = (
        Activity.objects.filter(project__in=projects_in(filters))
        .filter(date__gte=previous.start, date__lt=filters.end)
        .aggregate(
            projects=Count("project", distinct=True, filter=now),
            projects_before=Count("project", distinct=True, filter=before),
            activities=Count("pk", filter=now),
            activities_before=Count("pk", filter=before),
            classified=Count("pk", filter=now & classified),
            classified_before=Count("pk", filter=before & classified),
            doing_with=Count("pk", filter=now & doing_with),
            doing_with_before=Count("pk", filter=before & doing_with),
            faux=Count("pk", filter=now & Q(faux_production=True)),
            faux_before=Count("pk", filter=before & Q(faux_production=True)),
            contested=Count("pk", filter=now & Q(rung_status=RungStatus.CONTESTED)),
            contested_before=Count("pk", filter=before & Q(rung_status=RungStatus.CONTESTED)),
        )
    )
    involved_now = Q(activity__date__gte=filters.start, activity__date__lt=filters.end)
    involved_before = Q(activity__date__gte=previous.start, activity__date__lt=previous.end)
    paid_now = Q(paid_on__gte=filters.start, paid_on__lt=filters.end)
    paid_before = Q(paid_on__gte=previous.start, paid_on__lt=previous.end)
    was_paid = Q(fee_paid_pence__gt=0) | Q(expenses_pence__gt=0)
    involvement = (
        Involvement.objects.lived_experience()
        .filter(activity__project__in=projects_in(filters))
        .filter(
            Q(activity__date__gte=previous.start, activity__date__lt=filters.end)
            | Q(paid_on__gte=previous.start, paid_on__lt=filters.end)
        )
        .aggregate(
            people=Count("person", distinct=True, filter=involved_now),
            people_before=Count("person", distinct=True, filter=involved_before),
            # The people each total is drawn from, for `suppression`.
            gave_hours=Count("person", distinct=True, filter=involved_now & Q(hours__gt=0)),
            gave_hours_before=Count(
                "person", distinct=True, filter=involved_before & Q(hours__gt=0)
            ),
            paid=Count("person", distinct=True, filter=paid_now & was_paid),
            paid_before=Count("person", distinct=True, filter=paid_before & was_paid),
            hours_now=Sum("hours", filter=involved_now),
            hours_before=Sum("hours", filter=involved_before),
            fees=Sum("fee_paid_pence", filter=paid_now),
            fees_before=Sum("fee_paid_pence", filter=paid_before),
            expenses=Sum("expenses_pence", filter=paid_now),
            expenses_before=Sum("expenses_pence", filter=paid_before),
        )
    )
    return activity, involvement


@dataclass(frozen=True)
class MonthSoFar:
    """The month under way, shown apart from a period of whole months: counts of
    activities only (no one's involvement, payments or answers), so nothing in it
    can be one person's."""

    start: datetime.date
    today: datetime.date
    activities: int
    classified: int


def month_so_far(filters: Filters, today: datetime.date) -> MonthSoFar | None:
    """For a period that ends where the month under way starts (the default, the
    last 12 complete months): what has been logged in it so far (1 query)."""
    start = month_start(today)
    if filters.end != start:
        return None
    found = Activity.objects.filter(
        project__in=projects_in(filters), date__gte=start, date__lte=today
    ).aggregate(activities=Count("pk"), classified=Count("pk", filter=Q(rung__isnull=False)))
    return MonthSoFar(start, today, found["activities"], found["classified"])


def first_involvements(filters: Filters, *, since: datetime.date) -> list[datetime.date]:
    """The date each person first took part in the services in scope, for people
    whose first time is on or after `since` and before the period ends (1 query)."""
    if filters.summed:
        return summed.first_involvements(filters, since=since)
    return list(
        Involvement.objects.lived_experience()
        .filter(activity__project__in=projects_in(filters))
        .order_by()
        .values("person")
        .annotate(first=Min("activity__date"))
        .filter(first__gte=since, first__lt=filters.end)
        .values_list("first", flat=True)
    )


@dataclass(frozen=True)
class ResponseRates:
    invitations: int
    responses: int
    previous_invitations: int
    previous_responses: int

    @property
    def rate(self) -> Decimal | None:
        return _share(self.responses, self.invitations)

    @property
    def previous_rate(self) -> Decimal | None:
        return _share(self.previous_responses, self.previous_invitations)


def response_rates(filters: Filters) -> ResponseRates:
    """Invitations and submitted responses for rounds that opened in the period
    and in the one before (1 query)."""
    previous = filters.previous
    now = Q(round__opens_on__gte=filters.start, round__opens_on__lt=filters.end)
    before = Q(round__opens_on__gte=previous.start, round__opens_on__lt=previous.end)
    submitted = Q(response__submitted_at__isnull=False)
    counts = (
        Invitation.objects.filter(round__project__in=projects_in(filters))
        .filter(round__opens_on__gte=previous.start, round__opens_on__lt=filters.end)
        .aggregate(
            invitations=Count("pk", filter=now),
            responses=Count("pk", filter=now & submitted),
            previous_invitations=Count("pk", filter=before),
            previous_responses=Count("pk", filter=before & submitted),
        )
    )
    return ResponseRates(**counts)

"""Summary tables: the dashboard's and the growth plans' figures, month by month.

Working a figure out from the raw rows reads every involvement of its period (a
large trust has 600,000); these tables hold the same figures already added up,
per scope and month, so that any period's figures are a read of a few hundred
rows. A scope is a service with every service below it (`scope` is its id), or
the whole organisation (`scope` 0): the only shapes the dashboard's filters and a
plan's services take. Each row is worked out for its scope as a whole, so a
project shared by two services of the scope counts once, as in the raw figures.

What is added up is exact, never an estimate. Figures that add up across months
(activities, hours, money) are kept per scope and month; figures about distinct
people, which do not add up, keep one row per person (`PersonMonth`,
`FirstInvolvement`) so that "people involved in these 12 months" is a count of
distinct people over those rows.

The tables are kept up to date by `projects.summaries`: the database itself notes
which project-months changed (`SummaryChange`, written by triggers on the tables
behind the figures, so no way of writing rows can forget), and
`summaries_catch_up` works out those months again before anything reads them.
"""

from __future__ import annotations

from django.db import models

ORGANISATION = 0  # the scope of the whole organisation
# `SummaryChange.project` for a change to other records the dashboard shows (plans,
# readings, principles answers, population figures, names): nothing to work out
# again, but figures stored before it are out of date.
OTHER_RECORDS = -1


class SummaryChange(models.Model):
    """A project-month whose summaries are out of date, written by the database's
    triggers (migration `projects 0017`) and consumed by `summaries_catch_up`.

    `service` names a service the project belonged to when it was noted (a change
    to a project's services), 0 for "its services now". `person` names someone
    whose first involvement may have moved, 0 for none. `project` 0 with month
    null asks for everything to be worked out again (the services' tree changed).
    """

    project = models.IntegerField()
    month = models.DateField(null=True)
    service = models.IntegerField(default=0)
    person = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month", "service", "person"], name="summary_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"Project {self.project}, {self.month or 'every month'}"


class SummaryState(models.Model):
    """One row: when `summaries_catch_up` last took in a change. Figures worked out
    and stored before then (`dashboard.page_cache`) are not read again."""

    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Last change taken in at {self.changed_at:%Y-%m-%d %H:%M:%S}"


class ActivityMonth(models.Model):
    """Activities of a scope in a month, by rung (0: not classified)."""

    scope = models.IntegerField()
    month = models.DateField()
    rung = models.PositiveSmallIntegerField()
    activities = models.PositiveIntegerField()
    faux_production = models.PositiveIntegerField()
    contested = models.PositiveIntegerField()
    settled = models.PositiveIntegerField()  # proposed, confirmed or contested
    confirmed = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "month", "rung"], name="activity_month_once")
        ]

    def __str__(self) -> str:
        return f"Scope {self.scope}, {self.month:%B %Y}, rung {self.rung}"


class ScopeMonth(models.Model):
    """Lived-experience involvement and payments of a scope in a month: by the
    activity's month for taking part, by the day paid for money."""

    scope = models.IntegerField()
    month = models.DateField()
    people = models.PositiveIntegerField()  # distinct people who took part
    people_with_hours = models.PositiveIntegerField()
    hours = models.DecimalField(max_digits=12, decimal_places=2)
    people_paid_on = models.PositiveIntegerField()  # distinct people with a payment dated
    fees_pence = models.BigIntegerField()
    expenses_pence = models.BigIntegerField()
    # The median days from activity to payment of the payments dated in the month.
    days_to_payment = models.DecimalField(max_digits=8, decimal_places=1, null=True)
    # The last day in the month with a lived-experience involvement (quiet services).
    last_involved_on = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "month"], name="scope_month_once")]

    def __str__(self) -> str:
        return f"Scope {self.scope}, {self.month:%B %Y}"


class PersonMonth(models.Model):
    """One person's taking part and payments in a scope in a month."""

    scope = models.IntegerField()
    month = models.DateField()
    person = models.ForeignKey("projects.Person", on_delete=models.CASCADE, related_name="+")
    involvements = models.PositiveIntegerField()  # by the activity's month
    hours = models.DecimalField(max_digits=10, decimal_places=2)
    fees_pence = models.BigIntegerField()  # by the day paid
    expenses_pence = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "month", "person"], name="person_month_once")
        ]

    def __str__(self) -> str:
        return f"Scope {self.scope}, {self.month:%B %Y}, person {self.person_id}"


class FirstInvolvement(models.Model):
    """The day a person first took part in a scope."""

    scope = models.IntegerField()
    person = models.ForeignKey("projects.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "person"], name="first_involvement_once")
        ]
        indexes = [models.Index(fields=["scope", "day"], name="first_involvement_day")]

    def __str__(self) -> str:
        return f"Scope {self.scope}, person {self.person_id}, first on {self.day}"

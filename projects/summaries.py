"""Keeping the summary tables (`projects.models.summaries`) equal to the raw rows.

The database notes every project-month whose rows changed (`SummaryChange`, by
triggers: see migration `projects 0017`), whatever wrote them: a form, an import,
erasure, a data fix in a shell. `summaries_catch_up` works those months out again
from the raw rows, for every scope the project is in (its services, the services
above them, and the whole organisation), and everything that reads a summary
calls it first, so a change shows on the next view. With nothing noted it costs
one query. Changes to other records the dashboard shows (plans, readings,
principles answers, population figures, names) are noted too, with nothing to
work out: taking any change in records when (`SummaryState`), and figures stored
before then are not read again.

`summaries_rebuild` works every scope and month out from scratch: after a bulk
load, or to prove the tables right (`manage.py summaries --rebuild`).
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from projects.models import Activity, Involvement, Project, Service
from projects.models.summaries import (
    ORGANISATION,
    OTHER_RECORDS,
    ActivityMonth,
    FirstInvolvement,
    PersonMonth,
    ScopeMonth,
    SummaryChange,
    SummaryState,
)
from projects.rungs import RungStatus

# Any number, the same in every process: catch-ups take turns (PostgreSQL).
_LOCK = 7_201_722
# More noted months than this and working everything out is quicker.
_REBUILD_ABOVE = 20_000
_SETTLED = (RungStatus.PROPOSED, RungStatus.CONFIRMED, RungStatus.CONTESTED)
_BATCH = 5_000


class Tree:
    """The services' tree, read once: each scope's services and each service's scopes."""

    def __init__(self, rows: Iterable[tuple[int, int | None]]) -> None:
        self.parent: dict[int, int | None] = dict(rows)
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent in self.parent.items():
            self.children[parent].append(pk)

    @classmethod
    def load(cls) -> Tree:
        return cls(Service.objects.values_list("pk", "parent_id"))

    def below(self, scope: int) -> set[int]:
        """The services of a scope: the service and every one under it."""
        found, queue = {scope}, [scope]
        while queue:
            for child in self.children.get(queue.pop(), []):
                if child not in found:
                    found.add(child)
                    queue.append(child)
        return found

    def above(self, service: int) -> set[int]:
        """The scopes a service's projects count in: the service, those above it, and
        the whole organisation."""
        found = {ORGANISATION}
        while service and service not in found:
            found.add(service)
            service = self.parent.get(service) or 0
        return found

    def scopes(self) -> list[int]:
        return [ORGANISATION, *sorted(self.parent)]


def _projects_of(scope: int, tree: Tree):
    if scope == ORGANISATION:
        return Project.objects.values("pk")
    return Project.objects.filter(services__in=tree.below(scope)).values("pk")


def _take_turn() -> None:
    """Wait for any other catch-up or rebuild to end (PostgreSQL; SQLite writes one
    at a time anyway). Held until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def summaries_pending() -> bool:
    """Whether some change has not been worked into the summaries yet (1 query)."""
    return SummaryChange.objects.exists()


def summaries_catch_up() -> int:
    """Work out again every scope-month the database noted as changed. Returns how
    many scope-months were worked out. Queries: 1 when nothing changed."""
    if not summaries_pending():
        return 0
    with transaction.atomic():
        _take_turn()
        others = SummaryChange.objects.filter(project=OTHER_RECORDS).delete()[0]
        noted = list(
            SummaryChange.objects.values_list("pk", "project", "month", "service", "person")
        )
        if not noted and not others:  # another process caught up while this one waited
            return 0
        SummaryState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
        if not noted:
            return 0
        # Exactly the rows read: a change noted meanwhile stays for the next catch-up.
        pks = [row[0] for row in noted]
        for start in range(0, len(pks), 1000):
            SummaryChange.objects.filter(pk__in=pks[start : start + 1000]).delete()
        if len(noted) > _REBUILD_ABOVE or any(row[1] == 0 for row in noted):
            return _rebuild()
        return _catch_up(noted)


def summaries_rebuild() -> int:
    """Work every summary out again from the raw rows. Returns the scope-months."""
    with transaction.atomic():
        _take_turn()
        SummaryChange.objects.all().delete()
        SummaryState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
        return _rebuild()


def _rebuild() -> int:
    tree = Tree.load()
    for model in (ActivityMonth, ScopeMonth, PersonMonth, FirstInvolvement):
        model.objects.all().delete()
    done = 0
    for scope in tree.scopes():
        done += _work_out(scope, None, tree)
        _first_involvements(scope, None, tree)
    return done


def _catch_up(noted: list[tuple[int, int, datetime.date | None, int, int]]) -> int:
    tree = Tree.load()
    projects = {row[1] for row in noted}
    services: dict[int, set[int]] = defaultdict(set)
    for project, service in Project.services.through.objects.filter(
        project__in=projects
    ).values_list("project_id", "service_id"):
        services[project].add(service)
    # A project whose services changed: every month and person of it, in the scopes
    # it left and the ones it joined.
    moved = {row[1] for row in noted if row[3]}
    months: dict[int, set[datetime.date]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    for _pk, project, month, service, person in noted:
        if service:
            services[project].add(service)
        if month is not None:
            months[project].add(month)
        if person:
            people[project].add(person)
    if moved:
        for project, month in (
            Activity.objects.filter(project__in=moved)
            .annotate(month=TruncMonth("date"))
            .values_list("project", "month")
            .distinct()
        ):
            months[project].add(_as_date(month))
        for project, person, paid_on in (
            Involvement.objects.lived_experience()
            .filter(activity__project__in=moved)
            .values_list("activity__project", "person", "paid_on")
        ):
            people[project].add(person)
            if paid_on is not None:
                months[project].add(paid_on.replace(day=1))
    scope_months: dict[int, set[datetime.date]] = defaultdict(set)
    scope_people: dict[int, set[int]] = defaultdict(set)
    for project in projects:
        scopes = set().union(*(tree.above(s) for s in services[project])) or {ORGANISATION}
        for scope in scopes:
            scope_months[scope] |= months[project]
            scope_people[scope] |= people[project]
    done = 0
    for scope in sorted(scope_months.keys() | scope_people.keys()):
        if scope_months[scope]:
            done += _work_out(scope, sorted(scope_months[scope]), tree)
        if scope_people[scope]:
            _first_involvements(scope, scope_people[scope], tree)
    return done


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _in_months(field: str, months: list[datetime.date] | None) -> Q:
    if months is None:
        return Q()
    found = Q()
    for month in months:
        found |= Q(**{f"{field}__gte": month, f"{field}__lt": _next_month(month)})
    return found


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _work_out(scope: int, months: list[datetime.date] | None, tree: Tree) -> int:
    """The scope's activity, involvement and person rows for `months` (every month
    when None), from the raw rows, replacing what was there."""
    projects = _projects_of(scope, tree)
    old = {"scope": scope} if months is None else {"scope": scope, "month__in": months}
    for model in (ActivityMonth, ScopeMonth, PersonMonth):
        model.objects.filter(**old).delete()

    activity_rows = []
    for row in (
        Activity.objects.filter(_in_months("date", months), project__in=projects)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "rung")
        .annotate(
            n=Count("pk"),
            faux=Count("pk", filter=Q(faux_production=True)),
            contested=Count("pk", filter=Q(rung_status=RungStatus.CONTESTED)),
            settled=Count("pk", filter=Q(rung_status__in=_SETTLED)),
            confirmed=Count("pk", filter=Q(rung_status=RungStatus.CONFIRMED)),
        )
    ):
        activity_rows.append(
            ActivityMonth(
                scope=scope,
                month=_as_date(row["month"]),
                rung=row["rung"] or 0,
                activities=row["n"],
                faux_production=row["faux"],
                contested=row["contested"],
                settled=row["settled"],
                confirmed=row["confirmed"],
            )
        )
    ActivityMonth.objects.bulk_create(activity_rows, batch_size=_BATCH)

    lived = Involvement.objects.lived_experience().filter(activity__project__in=projects).order_by()
    taking_part = lived.filter(_in_months("activity__date", months)).annotate(
        month=TruncMonth("activity__date")
    )
    paid = lived.filter(_in_months("paid_on", months), paid_on__isnull=False).annotate(
        month=TruncMonth("paid_on")
    )
    scope_rows: dict[datetime.date, ScopeMonth] = {}

    def scope_row(month: datetime.date) -> ScopeMonth:
        if month not in scope_rows:
            scope_rows[month] = ScopeMonth(
                scope=scope,
                month=month,
                people=0,
                people_with_hours=0,
                hours=Decimal(0),
                people_paid_on=0,
                fees_pence=0,
                expenses_pence=0,
            )
        return scope_rows[month]

    for row in taking_part.values("month").annotate(
        people=Count("person", distinct=True),
        with_hours=Count("person", distinct=True, filter=Q(hours__gt=0)),
        hours=Sum("hours"),
        last=Max("activity__date"),
    ):
        found = scope_row(_as_date(row["month"]))
        found.people, found.people_with_hours = row["people"], row["with_hours"]
        found.hours, found.last_involved_on = row["hours"] or Decimal(0), row["last"]
    for row in paid.values("month").annotate(
        people=Count("person", distinct=True),
        fees=Sum("fee_paid_pence"),
        expenses=Sum("expenses_pence"),
    ):
        found = scope_row(_as_date(row["month"]))
        found.people_paid_on = row["people"]
        found.fees_pence, found.expenses_pence = row["fees"] or 0, row["expenses"] or 0
    waits: dict[datetime.date, list[int]] = defaultdict(list)
    for month, wait, n in (
        paid.annotate(wait=F("paid_on") - F("activity__date"))
        .values("month", "wait")
        .annotate(n=Count("pk"))
        .values_list("month", "wait", "n")
    ):
        waits[_as_date(month)].extend([wait.days] * n)
    for month, days in waits.items():
        scope_row(month).days_to_payment = Decimal(str(statistics.median(days))).quantize(
            Decimal("0.1")
        )
    ScopeMonth.objects.bulk_create(scope_rows.values(), batch_size=_BATCH)

    person_rows: dict[tuple[datetime.date, int], PersonMonth] = {}

    def person_row(month: datetime.date, person: int) -> PersonMonth:
        key = (month, person)
        if key not in person_rows:
            person_rows[key] = PersonMonth(
                scope=scope,
                month=month,
                person_id=person,
                involvements=0,
                hours=Decimal(0),
                fees_pence=0,
                expenses_pence=0,
            )
        return person_rows[key]

    for month, person, n, hours in (
        taking_part.values("month", "person")
        .annotate(n=Count("pk"), total=Sum("hours"))
        .values_list("month", "person", "n", "total")
    ):
        found = person_row(_as_date(month), person)
        found.involvements, found.hours = n, hours or Decimal(0)
    for month, person, fees, expenses in (
        paid.values("month", "person")
        .annotate(fees=Sum("fee_paid_pence"), expenses=Sum("expenses_pence"))
        .values_list("month", "person", "fees", "expenses")
    ):
        found = person_row(_as_date(month), person)
        found.fees_pence, found.expenses_pence = fees or 0, expenses or 0
    PersonMonth.objects.bulk_create(person_rows.values(), batch_size=_BATCH)
    return len({row.month for row in activity_rows} | scope_rows.keys())


def _first_involvements(scope: int, people: set[int] | None, tree: Tree) -> None:
    """The day each of `people` (everyone when None) first took part in the scope."""
    lived = Involvement.objects.lived_experience().filter(
        activity__project__in=_projects_of(scope, tree)
    )
    old = FirstInvolvement.objects.filter(scope=scope)
    if people is not None:
        lived, old = lived.filter(person__in=people), old.filter(person__in=people)
    old.delete()
    FirstInvolvement.objects.bulk_create(
        (
            FirstInvolvement(scope=scope, person_id=person, day=first)
            for person, first in lived.order_by()
            .values("person")
            .annotate(first=Min("activity__date"))
            .values_list("person", "first")
        ),
        batch_size=_BATCH,
    )

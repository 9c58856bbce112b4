"""Reach: who are we not hearing from?"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from dashboard.read import summed, suppression
from dashboard.read.filters import (
    QUIET_DAYS,
    Filters,
    _children,
    _descendants,
    _share,
    projects_in,
)
from projects.models import Involvement, Project, Service

# Reach ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    # None: hidden, from 1 or 2 people (`suppression`).
    people: int | None
    new: int | None
    returning: int | None
    top_share: Decimal | None  # percent of involvements by the most involved 10% of people
    top_people: int
    quiet_services: list[str]


def reach(filters: Filters, services: list[Service], *, new: int | None) -> Reach:
    """Who took part in the period and how concentrated it is (1 query), and which
    services in scope had no lived-experience involvement in the 90 days up to the
    end of the period (1 query, `quiet_services`).

    `new` is the people involved for the first time, None when hidden. The most
    involved 10% are at least 3 people, so their share is never one person's."""
    if filters.summed:
        counts = summed.involvements_per_person(filters)
    else:
        counts = list(
            Involvement.objects.lived_experience()
            .filter(activity__project__in=projects_in(filters))
            .filter(activity__date__gte=filters.start, activity__date__lt=filters.end)
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )
    per_person = sorted(counts, reverse=True)
    people = len(per_person)
    # The ceiling of 10%, and at least 3 people.
    top = max(suppression.MIN_GROUP, -(-people // 10)) if people >= suppression.MIN_GROUP else 0
    top_share = _share(sum(per_person[:top]), sum(per_person)) if top else None
    quiet = [service.name for service in quiet_services(filters, services)]
    shown = suppression.figure(people, people)
    new, returning = suppression.split(shown, new)
    return Reach(shown, new, returning, top_share, top, quiet)


def quiet_services(filters: Filters, services: list[Service]) -> list[Service]:
    """The services in scope with no lived-experience involvement in the 90 days
    up to the end of the period (1 query)."""
    quiet_from = filters.end - datetime.timedelta(days=QUIET_DAYS)
    if filters.summed:
        # Each scope is a service with those under it: a division hears through them.
        heard_scopes = summed.heard_from(quiet_from, filters.end)
        return [
            service
            for service in services
            if service.is_active
            and service.pk not in heard_scopes
            and (filters.service_ids is None or service.pk in filters.service_ids)
        ]
    heard = set(
        Project.services.through.objects.filter(
            project__activities__date__gte=quiet_from,
            project__activities__date__lt=filters.end,
            project__activities__involvements__person__isnull=False,
        ).values_list("service_id", flat=True)
    )
    # A division or directorate hears through the services below it.
    tree = _children(services)
    return [
        service
        for service in services
        if service.is_active
        and not (_descendants(tree, service.pk) & heard)
        and (filters.service_ids is None or service.pk in filters.service_ids)
    ]

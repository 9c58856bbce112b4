"""How an opportunity changed its service's reach: of the people interested, how
many are new voices (no lived-experience involvement in the service in the 12
months before it was posted). Never a name, and never a figure drawn from fewer
than 3 people (the dashboard's rule, `dashboard.read.suppression`, which this
app sits below and so cannot import)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from opportunities.models import Interest, Opportunity
from projects.models import Involvement, Project

MIN_GROUP = 3
NEW_VOICE_DAYS = 365


def too_few(people: int) -> bool:
    return 0 < people < MIN_GROUP


@dataclass(frozen=True)
class ReachChange:
    # None: hidden, drawn from 1 or 2 people.
    interested: int | None
    new_voices: int | None
    returning: int | None


def reach_change(opportunity: Opportunity) -> ReachChange:
    """One query. `returning` is hidden with `new_voices` when either is 1 or 2
    (the total is shown, so one would give the other away)."""
    posted = opportunity.created_at.date()
    before = Involvement.objects.lived_experience().filter(
        person=OuterRef("person"),
        activity__project__services__in=opportunity.project.services.all(),
        activity__date__gte=posted - datetime.timedelta(days=NEW_VOICE_DAYS),
        activity__date__lt=posted,
    )
    counts = (
        Interest.objects.current()
        .filter(opportunity=opportunity)
        .aggregate(total=Count("pk"), known=Count("pk", filter=Exists(before)))
    )
    total, returning = counts["total"], counts["known"]
    new = total - returning
    if too_few(total):
        return ReachChange(None, None, None)
    if too_few(new) or too_few(returning):
        return ReachChange(total, None, None)
    return ReachChange(total, new, returning)


@dataclass(frozen=True)
class WhereToPost:
    service_name: str
    project_pk: int  # one of the user's projects in that service, to start from


def where_to_post(user, quiet, *, scope) -> list[WhereToPost]:
    """For each of the `quiet` services, a project of it that `user` may post an
    opportunity for, if any. One query over the services in `scope` (the page's),
    whichever of them are quiet, so the page's cost does not depend on the data."""
    pairs = (
        Project.objects.editable_by(user)
        .filter(services__in=[service.pk for service in scope])
        .order_by("title", "pk")
        .values_list("services__pk", "pk")
    )
    first: dict[int, int] = {}
    for service_pk, project_pk in pairs:
        first.setdefault(service_pk, project_pk)
    return [WhereToPost(s.name, first[s.pk]) for s in quiet if s.pk in first]

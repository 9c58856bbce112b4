"""REIS cycles: a service's environmental assessments over time.

Each assessment is an activity of kind REIS with a score per domain (see
`projects.models.ReisScore`). A cycle shows every assessment of the service's
projects, oldest to newest, each domain's score against the assessment before,
the actions raised from each finding, and when the next assessment is due
(`settings.REIS_REASSESSMENT_MONTHS` after the last).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings

from actions.models import Action
from projects.models import Activity, Project, ReisDomain, ReisScore, Service

UP, DOWN, SAME, FIRST = "up", "down", "same", "first"
CHANGE_WORDS = {
    UP: "Better than last time",
    DOWN: "Worse than last time",
    SAME: "The same as last time",
    FIRST: "First score",
}


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class DomainResult:
    domain: str
    label: str
    score: ReisScore | None
    previous: int | None
    actions: list[Action] = field(default_factory=list)

    @property
    def change(self) -> str:
        if self.score is None:
            return ""
        if self.previous is None:
            return FIRST
        if self.score.rating > self.previous:
            return UP
        return DOWN if self.score.rating < self.previous else SAME

    @property
    def change_words(self) -> str:
        return CHANGE_WORDS.get(self.change, "")


@dataclass
class Assessment:
    activity: Activity
    results: list[DomainResult]


@dataclass
class Cycle:
    service: Service
    assessments: list[Assessment]  # newest first
    next_due: datetime.date | None
    today: datetime.date

    @property
    def reassessment_overdue(self) -> bool:
        return self.next_due is not None and self.next_due < self.today

    @property
    def open_actions(self) -> int:
        return sum(
            1
            for assessment in self.assessments
            for result in assessment.results
            for action in result.actions
            if action.is_open
        )


def reis_cycle(service: Service, *, today: datetime.date) -> Cycle:
    """Four queries, however many assessments: the service tree, the
    assessments, their scores, and the actions raised from them."""
    projects = Project.objects.filter(services__in=service.descendant_ids())
    activities = list(
        Activity.objects.filter(kind=Activity.Kind.REIS, project__in=projects)
        .select_related("project")
        .prefetch_related("reis_scores")
        .order_by("date", "pk")
    )
    scores = [score for activity in activities for score in activity.reis_scores.all()]
    actions: dict[int, list[Action]] = {}
    for action in Action.objects.from_sources(scores).for_list():
        actions.setdefault(action.source_id, []).append(action)
    last: dict[str, int] = {}
    assessments = []
    for activity in activities:
        by_domain = {score.domain: score for score in activity.reis_scores.all()}
        results = []
        for domain, label in ReisDomain.choices:
            score = by_domain.get(domain)
            results.append(
                DomainResult(
                    domain=domain,
                    label=label,
                    score=score,
                    previous=last.get(domain),
                    actions=actions.get(score.pk, []) if score else [],
                )
            )
            if score:
                last[domain] = score.rating
        assessments.append(Assessment(activity=activity, results=results))
    next_due = (
        months_after(activities[-1].date, settings.REIS_REASSESSMENT_MONTHS) if activities else None
    )
    return Cycle(service=service, assessments=assessments[::-1], next_due=next_due, today=today)

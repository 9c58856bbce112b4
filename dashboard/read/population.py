"""Equality monitoring against the population served: who aren't we talking to?

The people compared are those with lived experience who took part in the period in
the services in scope and chose to answer the equality questions. For each question,
"Prefer not to say" is counted apart, and each group's share is of the people who
gave an answer.

Small numbers are never shown (`dashboard.read.suppression`): a group with fewer
than 3 people is shown as "fewer than 3", and its share is not shown. Because a
question's total can be worked out from the shares, a single hidden group could be
worked out by subtraction, so when exactly one group in a question is hidden, the
next smallest is hidden too. When fewer than 3 people shared answers at all,
nothing is shown. Only governance leads and admins see any of it
(`dashboard.access.reads_equality`).

The population side combines the profiles admins entered for the services in scope.
A service whose profile is used already covers the services below it, so a profile
lower down is not counted again. Several profiles are combined weighted by the
number of people each service serves (for a profile given as numbers, by the number
of people it counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from dashboard.read.filters import Filters, projects_in
from dashboard.read.suppression import MIN_GROUP, hidden_cells
from projects.models import (
    EqualityMonitoring,
    EqualityQuestion,
    Involvement,
    PopulationFigure,
    PopulationProfile,
    Service,
    answer_choices,
)
from projects.models.people import PREFER_NOT_TO_SAY

NOT_SAID = PREFER_NOT_TO_SAY[0]
LARGE_DIFFERENCE = Decimal(5)  # percentage points


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class GroupRow:
    category: str
    label: str
    people: (
        int | None
    )  # None: fewer than 3 people (or hidden so a small group cannot be worked out)
    share: Decimal | None  # percent of the people who answered; None when hidden
    population: Decimal | None  # percent of the population served; None without a profile

    @property
    def difference(self) -> Decimal | None:
        if self.share is None or self.population is None:
            return None
        return self.share - self.population

    @property
    def large(self) -> bool:
        return self.difference is not None and abs(self.difference) >= LARGE_DIFFERENCE


@dataclass(frozen=True)
class QuestionComparison:
    question: str
    label: str
    groups: list[GroupRow]
    answered: int  # people who gave an answer (not "Prefer not to say"); 0 when shared < 3
    not_said: int | None  # None: fewer than 3
    has_profile: bool

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_GROUP


@dataclass(frozen=True)
class PopulationComparison:
    shared: int  # people who took part and answered the equality questions
    questions: list[QuestionComparison]
    profiled: list[str]  # services whose profiles make up the population side
    sources: list[str]  # where those profiles' figures come from
    missing: list[Service]  # services in scope with no profile, nor one above them

    @property
    def shown(self) -> bool:
        return self.shared >= MIN_GROUP

    @property
    def has_profile(self) -> bool:
        return bool(self.profiled)


def population_comparison(filters: Filters, services: list[Service]) -> PopulationComparison:
    """The people involved against the population served, question by question.

    Queries: equality answers of the people involved, as counts (1); the population
    figures of the services in scope (1).
    """
    involved = (
        Involvement.objects.lived_experience()
        .filter(activity__project__in=projects_in(filters))
        .filter(activity__date__gte=filters.start, activity__date__lt=filters.end)
        .values("person")
    )
    counts = EqualityMonitoring.objects.filter(person__in=involved).aggregate(
        shared=Count("pk"),
        **{
            f"{question}__{category}": Count("pk", filter=Q(**{question: category}))
            for question, _label in EqualityQuestion.choices
            for category in [*(c for c, _l in answer_choices(question)), NOT_SAID]
        },
    )
    shared = counts["shared"]
    population, profiled, sources, missing = _population(filters, services)
    questions = []
    for question, label in EqualityQuestion.choices:
        choices = answer_choices(question)
        people = {c: counts[f"{question}__{c}"] if shared >= MIN_GROUP else 0 for c, _l in choices}
        answered = sum(people.values())
        hidden = hidden_cells(people) if answered >= MIN_GROUP else set(people)
        not_said = counts[f"{question}__{NOT_SAID}"] if shared >= MIN_GROUP else 0
        profile = population.get(question)
        questions.append(
            QuestionComparison(
                question=question,
                label=label,
                groups=[
                    GroupRow(
                        category=c,
                        label=choice_label,
                        people=None if c in hidden else people[c],
                        share=None if c in hidden else _percent(people[c], answered),
                        population=None if profile is None else profile.get(c, Decimal(0)),
                    )
                    for c, choice_label in choices
                ],
                answered=answered if answered >= MIN_GROUP else 0,
                not_said=not_said if not_said >= MIN_GROUP else None,
                has_profile=profile is not None,
            )
        )
    return PopulationComparison(shared, questions, profiled, sources, missing)


def _population(
    filters: Filters, services: list[Service]
) -> tuple[dict[str, dict[str, Decimal]], list[str], list[str], list[Service]]:
    """The combined population share (percent) per question and group, and which
    services it comes from (1 query)."""
    in_scope = [s for s in services if filters.service_ids is None or s.pk in filters.service_ids]
    scope_ids = {s.pk for s in in_scope}
    rows = PopulationFigure.objects.filter(profile__service__in=scope_ids).values_list(
        "profile__service_id",
        "profile__basis",
        "profile__people_served",
        "profile__source",
        "question",
        "category",
        "value",
    )
    figures: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    profiles: dict[int, tuple[str, int | None, str]] = {}
    for service_id, basis, people_served, source, question, category, value in rows:
        figures[service_id][question][category] = value
        profiles[service_id] = (basis, people_served, source)
    parents = {s.pk: s.parent_id for s in services}

    def covered_above(pk: int) -> bool:
        parent, seen = parents.get(pk), set()
        while parent is not None and parent not in seen:
            if parent in scope_ids and parent in profiles:
                return True
            seen.add(parent)
            parent = parents.get(parent)
        return False

    used = [s for s in in_scope if s.pk in profiles and not covered_above(s.pk)]
    has_children_in_scope = {s.parent_id for s in in_scope if s.is_active}
    missing = [
        s
        for s in in_scope
        if s.is_active
        and s.pk not in profiles
        and s.pk not in has_children_in_scope
        and not covered_above(s.pk)
    ]
    combined: dict[str, dict[str, Decimal]] = {}
    for question, _label in EqualityQuestion.choices:
        weighted: dict[str, Decimal] = defaultdict(Decimal)
        total_weight = Decimal(0)
        for service in used:
            values = figures[service.pk].get(question)
            total = sum(values.values(), Decimal(0)) if values else Decimal(0)
            if not total:
                continue
            basis, people_served, _source = profiles[service.pk]
            weight = (
                total if basis == PopulationProfile.Basis.COUNT else Decimal(people_served or 0)
            )
            if not weight:
                continue
            total_weight += weight
            for category, value in values.items():
                weighted[category] += weight * value / total
        if total_weight:
            combined[question] = {
                category: _percent(value, total_weight) for category, value in weighted.items()
            }
    sources = sorted({profiles[s.pk][2] for s in used})
    return combined, [s.name for s in used], sources, missing

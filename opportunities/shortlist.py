"""Choosing fairly: what staff see about each person interested in an opportunity,
and a suggested shortlist.

For each person: whether they would be a new voice (not involved in the last 12
months), how many times they were involved this tax year, and a neutral flag,
"would help the team hear from groups it hears from less". Staff never see anyone's
equality answers, nor which group the flag is about. The rules that keep it so:

1. A group (one answer to one equality question) counts as heard from less in a
   service when the service's population profile has a figure for it, at least
   3 people involved in the last 12 months answered that question, at least 3 of
   them are in the group (the dashboard's fewer-than-3 rule), and its share of
   them is below four fifths of its share of the population.
2. The flag is one flag for all those groups together, and is shown only when
   they come from at least two questions: a flag then never stands for the answer
   to one question.
3. On one list, flags are shown only when at least 3 of the people interested
   have one. Otherwise no one's flag is shown, and the suggestion does not use
   them either: what the page shows (and suggests) is then the same whatever
   anyone answered, so comparing two shortlists gives nothing away.

People who did not answer, or preferred not to say, simply have no flag.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from opportunities.models import Decision, Interest, Opportunity
from projects.models import EqualityMonitoring, Person, PopulationFigure
from projects.models.payments import tax_year_of
from projects.models.people import PREFER_NOT_TO_SAY

SUPPRESS_BELOW = 3
LESS_THAN = Decimal("0.8")
NEW_VOICE_DAYS = 365

Group = tuple[str, str]  # (question, answer)


def groups_heard_less(opportunity: Opportunity, today: datetime.date) -> set[Group]:
    """Groups this opportunity's services hear from less than their population
    suggests (rule 1), for any of the project's services with a population profile."""
    since = today - datetime.timedelta(days=NEW_VOICE_DAYS)
    services = opportunity.project.services.filter(population_profile__isnull=False)
    figures = PopulationFigure.objects.filter(profile__service__in=services).values_list(
        "profile__service_id", "question", "category", "value"
    )
    population: dict[int, dict[str, dict[str, Decimal]]] = {}
    for service_id, question, category, value in figures:
        population.setdefault(service_id, {}).setdefault(question, {})[category] = value
    found: set[Group] = set()
    for service_id, questions in population.items():
        answers = EqualityMonitoring.objects.filter(
            person__in=Person.objects.filter(
                involvements__activity__project__services=service_id,
                involvements__activity__date__gte=since,
                involvements__activity__date__lte=today,
            )
        )
        rows = list(answers.values_list(*questions.keys()))
        for index, (question, shares) in enumerate(questions.items()):
            said = [row[index] for row in rows if row[index] != PREFER_NOT_TO_SAY[0]]
            total_population = sum(shares.values(), Decimal(0))
            if len(said) < SUPPRESS_BELOW or not total_population:
                continue
            counts = Counter(said)
            for category, value in shares.items():
                involved = counts.get(category, 0)
                if involved < SUPPRESS_BELOW:
                    continue
                population_share = value / total_population
                involved_share = Decimal(involved) / len(said)
                if involved_share < population_share * LESS_THAN:
                    found.add((question, category))
    return found


def flag_usable(groups: set[Group]) -> bool:
    """Rule 2: the groups come from at least two questions."""
    return len({question for question, _answer in groups}) >= 2


@dataclass
class Row:
    """One interested person on the shortlist page."""

    interest: Interest
    new_voice: bool
    times_this_year: int
    helps_hear: bool = False
    suggested: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.interest.person


@dataclass
class Shortlist:
    rows: list[Row]
    flags_shown: bool
    why_no_flags: str

    @property
    def suggested(self) -> list[Row]:
        return [row for row in self.rows if row.suggested]


def shortlist_for(opportunity: Opportunity, today: datetime.date) -> Shortlist:
    """The people still interested, with what staff may see about each. A few
    queries, whatever the number of people."""
    since = today - datetime.timedelta(days=NEW_VOICE_DAYS)
    tax_year_start = datetime.date(tax_year_of(today), 4, 6)
    interests = list(
        opportunity.interests.current()
        .select_related("person", "person__equality", "entered_by", "decided_by")
        .annotate(
            recent=Count(
                "person__involvements",
                filter=Q(
                    person__involvements__activity__date__gte=since,
                    person__involvements__activity__date__lte=today,
                ),
            ),
            this_year=Count(
                "person__involvements",
                filter=Q(
                    person__involvements__activity__date__gte=tax_year_start,
                    person__involvements__activity__date__lte=today,
                ),
            ),
        )
        .order_by("created_at", "pk")
    )
    rows = [
        Row(interest=i, new_voice=i.recent == 0, times_this_year=i.this_year) for i in interests
    ]
    groups = groups_heard_less(opportunity, today)
    flags = {row.interest.pk: _in_any(row.person, groups) for row in rows}
    flagged = sum(flags.values())
    flags_shown = bool(groups) and flag_usable(groups) and flagged >= SUPPRESS_BELOW
    why = ""
    if not flags_shown:
        # The same words whatever the reason, so the reason gives nothing away.
        why = (
            "Not shown for this list. We only show it when it cannot point to "
            "anyone's equality answers."
        )
    for row in rows:
        row.helps_hear = flags_shown and flags[row.interest.pk]
    _suggest(rows, places=opportunity.places)
    return Shortlist(rows=rows, flags_shown=flags_shown, why_no_flags=why)


def _in_any(person: Person, groups: set[Group]) -> bool:
    try:
        answers = person.equality
    except EqualityMonitoring.DoesNotExist:
        return False
    return any(getattr(answers, question) == answer for question, answer in groups)


def _suggest(rows: list[Row], *, places: int) -> None:
    """New voices first, spread between people who would help the team hear from
    groups it hears from less and those who would not, then those involved least
    this year, then who said so first. Up to the number of places."""

    def rank(row: Row) -> tuple[int, int, int]:
        return (0 if row.new_voice else 1, row.times_this_year, rows.index(row))

    new = sorted((r for r in rows if r.new_voice), key=rank)
    others = sorted((r for r in rows if not r.new_voice), key=rank)
    picked: list[Row] = []
    for pool in (new, others):
        helping = [r for r in pool if r.helps_hear]
        rest = [r for r in pool if not r.helps_hear]
        # Alternate, so the places are shared out rather than taken by one kind.
        while (helping or rest) and len(picked) < places:
            for queue in (helping, rest):
                if queue and len(picked) < places:
                    picked.append(queue.pop(0))
    for row in rows:
        row.suggested = row in picked
        row.reasons = _reasons(row)


def _reasons(row: Row) -> list[str]:
    reasons = []
    if row.new_voice:
        reasons.append("A new voice: not involved in the last 12 months.")
    elif row.times_this_year == 0:
        reasons.append("Not involved yet this tax year.")
    else:
        times = "once" if row.times_this_year == 1 else f"{row.times_this_year} times"
        reasons.append(f"Involved {times} this tax year.")
    if row.helps_hear:
        reasons.append("Would bring in people the team hears from less.")
    return reasons


@transaction.atomic
def decisions_save(*, opportunity: Opportunity, chosen_pks: set[int], by) -> tuple[int, int]:
    """Mark each current interest chosen or not chosen, as staff ticked. Only rows
    whose decision changes are saved (each leaving a history row with `by`), and
    people already told keep their decision. Returns (chosen, not chosen)."""
    now = timezone.now()
    counts: Counter[str] = Counter()
    for interest in opportunity.interests.current().select_for_update():
        wanted = Decision.CHOSEN if interest.pk in chosen_pks else Decision.NOT_CHOSEN
        if interest.decision != wanted and not interest.told_at:
            interest.decision = wanted
            interest.decided_by = by
            interest.decided_at = now
            interest.save(update_fields=["decision", "decided_by", "decided_at"])
        counts[interest.decision] += 1
    return counts[Decision.CHOSEN], counts[Decision.NOT_CHOSEN]

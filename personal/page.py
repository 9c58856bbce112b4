"""What a person's own page shows: only their own things, each read in one query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ladder.models import Classification
from ladder.models import Response as LadderResponse
from ladder.texts import RungText, rung_text
from principles.models import Invitation, Round
from projects.models import Activity, Involvement, Person
from projects.models.activities import TaxYearTotals

# How much the page (and its copy on paper) shows at once: a long list on a phone,
# or twenty pages in large print, is a chore, not an invitation.
RUNGS_SHOWN = 5
# The latest things we told them; the earlier ones are folded away.
TOLD_SHOWN = 5
# The latest few; the rest are a page of their own, a screenful at a time.
INVOLVEMENTS_SHOWN = 10


@dataclass(frozen=True)
class RungToCheck:
    classification: Classification
    text: RungText | None

    @property
    def activity(self) -> Activity:
        return self.classification.activity


def rounds_waiting(person: Person) -> list[Invitation]:
    """Open principle rounds the person is invited to and has not sent answers for."""
    return list(
        Invitation.objects.filter(
            person=person, round__in=Round.objects.open_on(timezone.localdate())
        )
        .exclude(response__submitted_at__isnull=False)
        .select_related("round__project")
        .order_by("round__closes_on", "pk")
    )


def rungs_to_check(person: Person) -> list[RungToCheck]:
    """The current rung of each activity they took part in that they have not yet
    confirmed or contested, newest activity first."""
    answered = LadderResponse.objects.filter(classification=OuterRef("pk"), person=person)
    classifications = (
        Classification.objects.current()
        .filter(activity__involvements__person=person)
        .filter(~Exists(answered))
        .select_related("activity__project")
        .order_by("-activity__date", "-pk")
    )
    return [RungToCheck(c, rung_text(c.chosen_rung)) for c in classifications]


def current_classification(person: Person, activity_pk: int) -> Classification | None:
    """The current rung of an activity the person took part in; None for any other."""
    return (
        Classification.objects.current()
        .filter(activity__involvements__person=person, activity_id=activity_pk)
        .select_related("activity__project")
        .first()
    )


def involvements(person: Person) -> QuerySet[Involvement]:
    """Everything they took part in, newest first (sliced or paged by the views)."""
    return (
        Involvement.objects.filter(person=person)
        .select_related("activity__project")
        .order_by("-activity__date", "-pk")
    )


def tax_years(person: Person) -> TaxYearTotals:
    return Involvement.objects.filter(person=person).tax_year_totals()

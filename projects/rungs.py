"""The Ladder of Co-production's rungs, as facts the whole product shares.

Think Local Act Personal (TLAP) and its National Co-production Advisory Group
describe seven rungs, lowest first, in three groups. Descriptions, questions and
classification live in the `ladder` app; the rungs themselves live here, at the
bottom of the dependency graph, because projects, activities and growth-plan
priorities all refer to them.
"""

from __future__ import annotations

from django.db import models


class Group(models.TextChoices):
    DOING_TO = "doing_to", "Doing to"
    DOING_FOR = "doing_for", "Doing for"
    DOING_WITH = "doing_with", "Doing with"


class Rung(models.IntegerChoices):
    COERCION = 1, "Coercion"
    EDUCATING = 2, "Educating"
    INFORMING = 3, "Informing"
    CONSULTATION = 4, "Consultation"
    ENGAGEMENT = 5, "Engagement"
    CO_DESIGN = 6, "Co-design"
    CO_PRODUCTION = 7, "Co-production"

    @property
    def group(self) -> Group:
        return group_of(self.value)


def group_of(rung: int) -> Group:
    if rung <= Rung.EDUCATING:
        return Group.DOING_TO
    if rung <= Rung.ENGAGEMENT:
        return Group.DOING_FOR
    return Group.DOING_WITH


RUNGS_IN_GROUP: dict[Group, tuple[Rung, ...]] = {
    group: tuple(rung for rung in Rung if group_of(rung) == group) for group in Group
}


class RungStatus(models.TextChoices):
    """How settled an activity's rung is, once the people involved have had a say."""

    UNCLASSIFIED = "unclassified", "Not classified yet"
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    CONTESTED = "contested", "Contested"

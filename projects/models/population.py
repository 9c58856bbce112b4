"""The make-up of the population a service serves, for equality monitoring.

Admins enter, per service, the share (or number) of people in each category of the
same questions people are asked in `EqualityMonitoring`. The dashboard compares the
people who took part, where they chose to share, with it: "who aren't we talking to?"

A question can be left out when its figures are not known. "Prefer not to say" is
not part of a population profile: it only exists for the people who took part.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from projects.models.organisation import Service
from projects.models.people import PREFER_NOT_TO_SAY, EqualityMonitoring


class EqualityQuestion(models.TextChoices):
    """The equality questions, named as `EqualityMonitoring`'s fields."""

    AGE_BAND = "age_band", "Age"
    SEX = "sex", "Sex"
    GENDER_SAME_AS_BIRTH = "gender_same_as_birth", "Gender the same as sex registered at birth"
    ETHNICITY = "ethnicity", "Ethnic group"
    DISABILITY = "disability", "Disabled or with a long-term condition"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"


def answer_choices(question: str) -> list[tuple[str, str]]:
    """The categories of a question, without "Prefer not to say"."""
    field = EqualityMonitoring._meta.get_field(question)
    return [(value, label) for value, label in field.choices if value != PREFER_NOT_TO_SAY[0]]


class PopulationProfile(models.Model):
    """One service's population profile: where the figures come from and how they
    are given. The figures themselves are `PopulationFigure` rows."""

    class Basis(models.TextChoices):
        PERCENT = "percent", "Percentages"
        COUNT = "count", "Numbers of people"

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="population_profile"
    )
    basis = models.CharField(
        "how the figures are given", max_length=10, choices=Basis.choices, default=Basis.PERCENT
    )
    people_served = models.PositiveIntegerField(
        "number of people the service serves",
        null=True,
        blank=True,
        help_text="Used to weigh this service against others when several are shown together.",
    )
    source = models.CharField("where the figures come from", max_length=200)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(basis="count") | Q(people_served__gt=0),
                name="percentage_profiles_say_how_many_people",
            )
        ]

    def __str__(self) -> str:
        return f"Population profile of {self.service}"

    def weight(self, question: str, figures: dict[str, Decimal]) -> Decimal:
        """How much this profile counts when combined with others for one question:
        the people it serves (percentages) or the people counted (numbers)."""
        if self.basis == self.Basis.COUNT:
            return sum(figures.values(), Decimal(0))
        return Decimal(self.people_served or 0)


class PopulationFigure(models.Model):
    """The share (percent) or number of people in one category of one question."""

    profile = models.ForeignKey(PopulationProfile, on_delete=models.CASCADE, related_name="figures")
    question = models.CharField(max_length=30, choices=EqualityQuestion.choices)
    category = models.CharField(max_length=20)
    value = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["profile", "question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "question", "category"], name="one_figure_per_category"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="population_figure_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {self.category} {self.value}"


def population_profile_save(
    *,
    service: Service,
    source: str,
    basis: str,
    people_served: int | None,
    figures: dict[str, dict[str, Decimal]],
    by,
) -> PopulationProfile:
    """Create or replace a service's population profile and all its figures in one
    transaction. Questions left out of `figures` are removed: they are no longer known."""
    with transaction.atomic():
        profile, _created = PopulationProfile.objects.select_for_update().update_or_create(
            service=service,
            defaults={
                "source": source,
                "basis": basis,
                "people_served": people_served,
                "updated_by": by,
            },
        )
        kept = []
        for question, values in figures.items():
            for category, value in values.items():
                figure, _created = PopulationFigure.objects.update_or_create(
                    profile=profile, question=question, category=category, defaults={"value": value}
                )
                kept.append(figure.pk)
        # One by one, so the history records each removal.
        for figure in profile.figures.exclude(pk__in=kept):
            figure.delete()
    return profile

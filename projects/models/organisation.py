from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)

    def for_user(self, user) -> ServiceQuerySet:
        """Services the user belongs to."""
        return self.filter(members=user)


class Service(models.Model):
    """A ward, team, directorate or division. Services nest: a ward sits in a division."""

    class Kind(models.TextChoices):
        DIVISION = "division", "Division"
        DIRECTORATE = "directorate", "Directorate"
        WARD = "ward", "Ward"
        TEAM = "team", "Team"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The division or directorate this service sits in, if any.",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="services", blank=True)
    is_active = models.BooleanField(default=True)
    cost_centre = models.CharField(
        max_length=20,
        blank=True,
        help_text="The finance code payments for this service's projects are charged to.",
    )

    history = HistoricalRecords(m2m_fields=[members])
    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def descendant_ids(self) -> set[int]:
        """This service and every service below it (one query for the whole tree)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Service.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, queue = {self.pk}, [self.pk]
        while queue:
            for child in children.get(queue.pop(), []):
                if child not in found:
                    found.add(child)
                    queue.append(child)
        return found

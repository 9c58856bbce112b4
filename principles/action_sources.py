"""A principles round's results raise actions: what the project's leads will do
about what people said (see `actions.sources`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actions.sources import SourceKind, register
from principles.access import get_round_for
from principles.models import Round


def get_closed_round_for(user, pk: int) -> Round:
    """Leads reflect on a round's results once it has closed."""
    round_ = get_round_for(user, pk, edit=True)
    if not round_.has_closed():
        raise PermissionDenied
    return round_


register(
    SourceKind(
        slug="round",
        model="principles.Round",
        label="principles round",
        title=lambda round_: f"{round_.name}, {round_.project.title}",
        url=lambda round_: reverse("principles:round_results", args=[round_.pk]),
        get_for=get_closed_round_for,
        services=lambda round_: list(round_.project.services.order_by("name")),
        related=("project",),
    )
)

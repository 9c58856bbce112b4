"""Always Events and their PDSA cycles raise actions (see `actions.sources`): a
cycle's act step raises one by itself; people add others from the event's page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from actions.sources import SourceKind, register
from improvement.access import get_event_for
from improvement.models import AlwaysEvent, PdsaCycle


def get_cycle_for(user, pk: int) -> PdsaCycle:
    """A cycle of an event the person may change (404 for one they may not see)."""
    cycle = get_object_or_404(PdsaCycle, pk=pk)
    cycle.event = get_event_for(user, cycle.event_id, edit=True)
    return cycle


def get_editable_event_for(user, pk: int) -> AlwaysEvent:
    return get_event_for(user, pk, edit=True)


register(
    SourceKind(
        slug="pdsa",
        model="improvement.PdsaCycle",
        label="PDSA cycle",
        title=lambda cycle: f"{cycle.event.title}, cycle {cycle.number}",
        url=lambda cycle: reverse("improvement:event_detail", args=[cycle.event_id]),
        get_for=get_cycle_for,
        services=lambda cycle: [cycle.event.service],
        related=("event__service",),
    ),
    SourceKind(
        slug="always-event",
        model="improvement.AlwaysEvent",
        label="Always Event",
        title=lambda event: event.title,
        url=lambda event: reverse("improvement:event_detail", args=[event.pk]),
        get_for=get_editable_event_for,
        services=lambda event: [event.service],
        related=("service",),
    ),
)

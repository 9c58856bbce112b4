"""Overdue actions on the dashboard: the action log's figure for the filters.

Not stored with the other panels: actions go overdue at midnight and are done
during the day, and what the list holds depends on who reads it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from actions.models import Action
from dashboard.read.filters import Filters

SHOWN = 10


@dataclass(frozen=True)
class OverdueActions:
    total: int  # every overdue action of the services in scope
    shown: list[Action]  # the longest overdue the reader may open, up to SHOWN
    readable: int  # how many of `total` the reader may open


def overdue_actions(filters: Filters, user, *, today: datetime.date) -> OverdueActions:
    """Two queries, however many actions: both counts, and the first `SHOWN` of
    the reader's with their owner and service."""
    overdue = Action.objects.overdue(today).in_services(filters.service_ids)
    readable = overdue.visible_to(user)
    counts = overdue.aggregate(
        total=Count("pk"), readable=Count("pk", filter=Q(pk__in=readable.values("pk")))
    )
    return OverdueActions(
        total=counts["total"],
        shown=list(readable.for_list()[:SHOWN]),
        readable=counts["readable"],
    )

"""Overdue actions on the dashboard: the action log's figure for the filters.

Not stored with the other panels: actions go overdue at midnight and are done
during the day, and what the list holds depends on who reads it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from actions.models import Action
from dashboard.read.filters import Filters

SHOWN = 10


@dataclass(frozen=True)
class OverdueActions:
    total: int  # every overdue action of the services in scope
    shown: list[Action]  # the longest overdue the reader may open, up to SHOWN
    readable: int  # how many of `total` the reader may open


def overdue_actions(filters: Filters, user, *, today: datetime.date) -> OverdueActions:
    """Three queries, however many actions: the total, the reader's count, and
    the first `SHOWN` of the reader's with their owner and service."""
    overdue = Action.objects.overdue(today).in_services(filters.service_ids)
    readable = overdue.visible_to(user)
    return OverdueActions(
        total=overdue.count(),
        shown=list(readable.for_list()[:SHOWN]),
        readable=readable.count(),
    )

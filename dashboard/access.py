"""The dashboard's role predicates.

The dashboard, who sees what: admins, governance leads and staff read it. Only
admins and governance leads choose a period of exact dates and see equality
monitoring against the population served: with days to choose, two periods a
day apart give one day's figures, and one day's figures, or one equality
group, can be one person's. Staff choose whole quarters, years or the last 12
months, and see no equality figures anywhere.
"""

from __future__ import annotations

from accounts.rules import reads_everything


def reads_day_level(user) -> bool:
    """May choose a dashboard period of exact dates."""
    return reads_everything(user)


def reads_equality(user) -> bool:
    """May see equality monitoring figures (the population panel and its CSV)."""
    return reads_everything(user)

"""Saying you are interested, and taking it back: by the person or for them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opportunities.models import Interest, Opportunity
from projects.models import Person


class NotOpen(Exception):
    """The opportunity has closed or is filled: no new interest is taken."""


@transaction.atomic
def interest_record(
    *,
    opportunity: Opportunity,
    person: Person,
    support_needed: str,
    how: str,
    entered_by=None,
) -> Interest:
    """Record that `person` is interested, or update what they said before.

    A withdrawn interest comes back. `entered_by` is the member of staff who
    recorded it for them (`how` then says how they told us); the history keeps
    every version, with who made it.
    """
    if not opportunity.is_open:
        raise NotOpen
    if (how == Interest.How.PERSONAL_LINK) != (entered_by is None):
        raise ValueError("Interest by personal link is the person's own; on behalf needs staff")
    interest, _created = Interest.objects.select_for_update().get_or_create(
        opportunity=opportunity,
        person=person,
        defaults={"support_needed": support_needed, "how": how, "entered_by": entered_by},
    )
    if not _created:
        interest.support_needed = support_needed
        interest.how = how
        interest.entered_by = entered_by
        if interest.withdrawn_at:
            interest.withdrawn_at = None
            interest.created_at = timezone.now()
        interest.save()
    return interest


def interest_withdraw(*, interest: Interest) -> None:
    """The person no longer wants to take part. Kept, marked withdrawn."""
    if interest.withdrawn_at is None:
        interest.withdrawn_at = timezone.now()
        interest.save(update_fields=["withdrawn_at"])

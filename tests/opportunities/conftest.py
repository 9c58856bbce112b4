from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import OpportunityFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def panel(world, today):
    """An open, private opportunity of the Willow project, paid at the rate card."""
    return OpportunityFactory(
        project=world["project"],
        title="Interview panel for a ward manager",
        rate_card=world["rate_card"],
        hours=3,
        support=["travel", "carer_cover"],
        closes_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def elsewhere_panel(world, today):
    """An open, private opportunity of the other service's project."""
    return OpportunityFactory(
        project=world["other_project"],
        title="Café menu design group",
        closes_on=today + datetime.timedelta(days=10),
    )

from __future__ import annotations

import datetime

import pytest

from personal.services import link_new
from tests.factories import (
    ActivityFactory,
    ClassificationFactory,
    InvolvementFactory,
    PersonFactory,
)


@pytest.fixture
def rita(world):
    """Rita is on the register without an account: her personal link is all she has."""
    return world["person"]


@pytest.fixture
def rita_link(rita, world):
    return link_new(person=rita, by=world["staff"], given="printed")


@pytest.fixture
def other_person(world):
    """Olu took part in another activity of the same project: nothing of his may
    ever show on Rita's page."""
    olu = PersonFactory(display_name="Olu Otherperson", created_by=world["staff"])
    activity = ActivityFactory(
        project=world["project"],
        title="Olu's private activity",
        what_changed="Olu's change that Rita must not see",
        date=datetime.date(2025, 10, 1),
    )
    InvolvementFactory(
        activity=activity, person=olu, hours=3, fee_paid_pence=6789, paid_on=activity.date
    )
    ClassificationFactory(activity=activity)
    return olu


@pytest.fixture
def opened(client, rita_link):
    """Rita's link opened in the test's browser, as if she scanned her letter."""
    response = client.get(f"/me/{rita_link.token}/")
    assert response.status_code == 302
    return client

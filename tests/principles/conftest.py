from __future__ import annotations

import pytest

from tests.factories import InvitationFactory, RoundFactory


@pytest.fixture
def round_(world):
    return RoundFactory(project=world["project"], name="Start of the project")


@pytest.fixture
def rita_invitation(world, round_):
    """Rita is on the register without an account: she has only her link."""
    return InvitationFactory(round=round_, person=world["person"])


@pytest.fixture
def eve_invitation(world, round_):
    return InvitationFactory(round=round_, person=world["expert_person"], user=world["expert"])

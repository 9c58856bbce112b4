from __future__ import annotations

import pytest
from django.utils import timezone

from opportunities import services
from opportunities.models import Interest

pytestmark = pytest.mark.django_db


def test_a_person_says_they_are_interested_by_their_link(world, panel):
    interest = services.interest_record(
        opportunity=panel,
        person=world["person"],
        support_needed="A lift",
        how=Interest.How.PERSONAL_LINK,
    )
    assert interest.entered_by is None
    assert not interest.on_behalf
    assert interest.history.count() == 1


def test_staff_record_it_on_their_behalf_marked_with_who_and_how(world, panel):
    interest = services.interest_record(
        opportunity=panel,
        person=world["person"],
        support_needed="",
        how=Interest.How.PHONE,
        entered_by=world["staff"],
    )
    assert interest.on_behalf
    assert interest.entered_by == world["staff"]
    assert interest.get_how_display() == "By phone, through staff"


def test_on_behalf_needs_a_member_of_staff_and_a_link_needs_none(world, panel):
    with pytest.raises(ValueError):
        services.interest_record(
            opportunity=panel, person=world["person"], support_needed="", how="phone"
        )
    with pytest.raises(ValueError):
        services.interest_record(
            opportunity=panel,
            person=world["person"],
            support_needed="",
            how="personal_link",
            entered_by=world["staff"],
        )


def test_saying_it_again_after_withdrawing_brings_the_same_interest_back(world, panel):
    first = services.interest_record(
        opportunity=panel, person=world["person"], support_needed="", how="personal_link"
    )
    services.interest_withdraw(interest=first)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    again = services.interest_record(
        opportunity=panel, person=world["person"], support_needed="Breaks", how="personal_link"
    )
    assert again.pk == first.pk
    assert again.withdrawn_at is None
    assert again.support_needed == "Breaks"
    # Said, withdrawn, said again: each step is in the history.
    assert again.history.count() == 3


def test_no_interest_is_taken_once_it_is_filled(world, panel):
    panel.filled_at = timezone.now()
    with pytest.raises(services.NotOpen):
        services.interest_record(
            opportunity=panel, person=world["person"], support_needed="", how="personal_link"
        )
    assert not Interest.objects.exists()

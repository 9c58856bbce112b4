from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from opportunities.models import Interest, Opportunity, Status
from tests.factories import (
    ActivityFactory,
    InterestFactory,
    InvolvementFactory,
    OpportunityFactory,
    PersonFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def three(world, today):
    """One of each status: open, closed yesterday, filled but not yet closed."""
    return {
        Status.OPEN: OpportunityFactory(project=world["project"], closes_on=today),
        Status.CLOSED: OpportunityFactory(project=world["project"], closes_on=today - DAY),
        Status.FILLED: OpportunityFactory(
            project=world["project"], closes_on=today + 5 * DAY, filled_at=timezone.now()
        ),
    }


def test_it_is_open_until_the_end_of_its_closing_date_then_closed(three, today):
    assert three[Status.OPEN].status(today) == Status.OPEN
    assert three[Status.OPEN].status(today + DAY) == Status.CLOSED
    assert three[Status.CLOSED].status(today) == Status.CLOSED


def test_it_is_filled_when_staff_say_so_whatever_the_date(three, today):
    assert three[Status.FILLED].status(today) == Status.FILLED
    assert three[Status.FILLED].status(today + 30 * DAY) == Status.FILLED


def test_the_queryset_agrees_with_each_opportunitys_status(three, today):
    found = Opportunity.objects.all()
    assert set(found.open_on(today)) == {three[Status.OPEN]}
    assert set(found.closed_on(today)) == {three[Status.CLOSED]}
    assert set(found.filled()) == {three[Status.FILLED]}
    for opportunity in found.with_status(today):
        assert opportunity.status_on == opportunity.status(today)


def test_it_works_out_the_fee_from_the_rate_card(panel):
    # 3 hours at £20.00 an hour.
    assert panel.fee_pence == 6000
    assert panel.fee_pounds == Decimal("60.00")
    panel.rate_card = None
    assert panel.fee_pence is None


def test_it_names_the_support_offered_with_anything_else_written(panel):
    panel.support_other = "Lunch"
    assert panel.support_labels == ["Travel costs paid", "Carer cover paid", "Lunch"]


def test_a_person_is_offered_their_services_open_ones_and_public_ones(world, today):
    rita = world["person"]  # took part in the Willow project
    theirs = OpportunityFactory(project=world["project"])
    # Another project of the same service: offered too.
    same_service = ProjectFactory(services=[world["service"]])
    sibling = OpportunityFactory(project=same_service)
    public_elsewhere = OpportunityFactory(project=world["other_project"], public=True)
    OpportunityFactory(project=world["other_project"])  # private, another service
    OpportunityFactory(project=world["project"], closes_on=today - DAY)  # closed
    OpportunityFactory(project=world["project"], filled_at=timezone.now())  # filled
    OpportunityFactory(project=world["other_project"], public=True, closes_on=today - DAY)

    offered = Opportunity.objects.for_person(rita, today)

    assert set(offered) == {theirs, sibling, public_elsewhere}
    assert offered.count() == 3  # no duplicates from a project in two services


def test_someone_who_has_taken_part_in_nothing_is_offered_only_public_ones(world):
    newcomer = PersonFactory()
    public = OpportunityFactory(project=world["project"], public=True)
    OpportunityFactory(project=world["project"])
    assert list(Opportunity.objects.for_person(newcomer, timezone.localdate())) == [public]


def test_it_marks_the_ones_a_person_is_interested_in(world, panel, elsewhere_panel):
    rita = world["person"]
    InterestFactory(opportunity=panel, person=rita)
    InterestFactory(opportunity=elsewhere_panel, person=rita, withdrawn_at=timezone.now())
    marked = {o.pk: o.interested for o in Opportunity.objects.with_interest_of(rita)}
    assert marked == {panel.pk: True, elsewhere_panel.pk: False}


def test_a_person_is_interested_once_per_opportunity(world, panel):
    InterestFactory(opportunity=panel, person=world["person"])
    with pytest.raises(IntegrityError):
        InterestFactory(opportunity=panel, person=world["person"], how="phone")


def test_interest_by_personal_link_cannot_name_a_member_of_staff(world, panel):
    with pytest.raises(IntegrityError):
        Interest.objects.create(
            opportunity=panel,
            person=world["person"],
            how=Interest.How.PERSONAL_LINK,
            entered_by=world["staff"],
        )


def test_involvement_in_another_service_does_not_offer_this_services_ones(world, today):
    ravi = PersonFactory()
    InvolvementFactory(activity=ActivityFactory(project=world["other_project"]), person=ravi)
    OpportunityFactory(project=world["project"])
    theirs = OpportunityFactory(project=world["other_project"])
    assert list(Opportunity.objects.for_person(ravi, today)) == [theirs]

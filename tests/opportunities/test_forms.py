from __future__ import annotations

import pytest

from opportunities.forms import OnBehalfInterestForm, OpportunityForm
from projects.models import Person

pytestmark = pytest.mark.django_db


def test_it_offers_only_the_projects_the_user_leads(world):
    form = OpportunityForm(user=world["staff"])
    assert list(form.fields["project"].queryset) == [world["project"]]
    assert list(OpportunityForm(user=world["expert"]).fields["project"].queryset) == []


def test_pay_offers_not_paid_and_starts_at_the_card_in_force(world):
    form = OpportunityForm(user=world["staff"])
    labels = [label for _value, label in form.fields["rate_card"].choices]
    assert labels == ["Not paid", "£20.00 an hour (Standard rate)"]
    assert form.fields["rate_card"].initial == world["rate_card"]


def test_where_has_three_answers_and_no_blank_one(world):
    form = OpportunityForm(user=world["staff"])
    assert [value for value, _label in form.fields["where"].choices] == [
        "in_person",
        "online",
        "phone",
    ]


def test_a_new_opportunity_has_no_filled_box_and_a_saved_one_has_no_project(world, panel):
    assert "filled" not in OpportunityForm(user=world["staff"]).fields
    editing = OpportunityForm(user=world["staff"], instance=panel)
    assert "project" not in editing.fields
    assert editing.fields["filled"].initial is False


def test_every_required_field_says_what_to_do(world):
    form = OpportunityForm({}, user=world["staff"])
    assert not form.is_valid()
    assert form.errors == {
        "project": ["Choose the project this opportunity is for"],
        "title": ["Enter a title"],
        "description": ["Enter what it is and why"],
        "kind": ["Choose the kind of activity"],
        "where": ["Choose where it happens"],
        "hours": ["Enter the time needed, in hours"],
        "looking_for": ["Enter who you are looking for"],
        "places": ["Enter how many places there are"],
        "closes_on": ["Enter the closing date"],
    }


def test_on_behalf_offers_the_people_it_is_given(world):
    people = Person.objects.filter(pk=world["person"].pk)
    form = OnBehalfInterestForm(people=people)
    assert list(form.fields["person"].queryset) == [world["person"]]
    assert [value for value, _label in form.fields["how"].choices] == [
        "in_person",
        "phone",
        "paper",
    ]

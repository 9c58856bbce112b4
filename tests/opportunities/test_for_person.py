"""Ways to get involved, on a person's own page: they see what is offered to them,
say they are interested with the support they need, and can take it back."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opportunities.models import Interest
from personal.services import link_new
from projects.models import Person
from projects.privacy.audit import record_changes
from tests.factories import InterestFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, world):
    """Rita's personal link opened, as if she scanned her letter."""
    made = link_new(person=world["person"], by=world["staff"], given="printed")
    assert client.get(f"/me/{made.token}/").status_code == 302
    return client


def url(opportunity) -> str:
    return reverse("personal:opportunity", args=[opportunity.pk])


def test_her_page_lists_the_ways_to_get_involved_offered_to_her(opened, panel, elsewhere_panel):
    page = opened.get("/me/").content.decode()
    assert "Ways to get involved" in page
    assert panel.title in page
    assert url(panel) in page
    assert elsewhere_panel.title not in page


def test_she_says_she_is_interested_with_the_support_she_needs(opened, world, panel):
    page = opened.get(url(panel)).content.decode()
    assert "Travel costs paid" in page
    assert "£60.00" in page

    response = opened.post(url(panel), {"support_needed": "A quiet room"})

    assert response.status_code == 302
    assert response["Location"] == reverse("personal:page")
    interest = Interest.objects.get()
    assert (interest.person, interest.how, interest.entered_by) == (
        world["person"],
        Interest.How.PERSONAL_LINK,
        None,
    )
    assert interest.support_needed == "A quiet room"
    page = opened.get("/me/").content.decode()
    assert "We have told the team you are interested" in page
    assert "You said you are interested" in page


def test_a_too_long_answer_is_shown_back_with_the_error_summary(opened, panel):
    typed = "Breaks <please> " + "x" * 1000
    response = opened.post(url(panel), {"support_needed": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert 'href="#id_support_needed"' in page
    assert "Your answer must be 1,000 characters or fewer" in page
    assert "Breaks &lt;please&gt;" in page
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error:" in page
    assert not Interest.objects.exists()


def test_she_changes_what_would_help_and_then_withdraws(opened, world, panel):
    opened.post(url(panel), {"support_needed": "A lift"})
    page = opened.get(url(panel)).content.decode()
    assert "You told us you are interested" in page
    assert "A lift" in page

    opened.post(url(panel), {"support_needed": "A lift and breaks"})
    assert Interest.objects.get().support_needed == "A lift and breaks"

    response = opened.post(reverse("personal:opportunity_withdraw", args=[panel.pk]))
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert interest.withdrawn_at is not None
    page = opened.get(url(panel)).content.decode()
    assert "You told us you are interested" not in page
    assert "I&#x27;m interested" in page  # the button to say so again


def test_it_withdraws_only_their_own_interest(opened, world, panel):
    """The withdraw address takes an opportunity, never an interest: it can only
    find the interest of the person of the session."""
    olu = Person.objects.create(display_name="Olu", experience="carer")
    InterestFactory(opportunity=panel, person=olu)

    response = opened.post(reverse("personal:opportunity_withdraw", args=[panel.pk]))

    assert response.status_code == 404
    assert Interest.objects.get().withdrawn_at is None


def test_it_will_not_show_an_opportunity_not_offered_to_them(opened, elsewhere_panel, today):
    closed = OpportunityFactory(
        project=elsewhere_panel.project,
        public=True,
        title="Closed public group",
        closes_on=today - datetime.timedelta(days=1),
    )
    for hidden in (elsewhere_panel, closed):
        response = opened.get(url(hidden))
        assert response.status_code == 404
        assert hidden.title not in response.content.decode()
        assert opened.post(url(hidden), {"support_needed": ""}).status_code == 404
    assert not Interest.objects.exists()


def test_it_offers_public_ones_from_other_services(opened, elsewhere_panel):
    elsewhere_panel.public = True
    elsewhere_panel.save()
    assert elsewhere_panel.title in opened.get("/me/").content.decode()
    assert opened.post(url(elsewhere_panel), {}).status_code == 302


def test_without_her_link_nothing_is_shown_or_saved(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 200
    assert panel.title not in response.content.decode()
    client.post(url(panel), {"support_needed": "A lift"})
    assert not Interest.objects.exists()


def test_easy_read_people_read_the_easy_read_words(opened, world, panel):
    world["person"].preferred_format = Person.Format.EASY_READ
    world["person"].save()
    assert "Do you want to help?" in opened.get(url(panel)).content.decode()


def test_saying_yes_and_taking_it_back_are_hers_in_the_audit_trail(opened, world, panel):
    opened.post(url(panel), {"support_needed": "A lift"})
    opened.post(reverse("personal:opportunity_withdraw", args=[panel.pk]))

    interests = [c for c in record_changes(world["person"]) if "nterest" in c.what]
    assert len(interests) == 2
    assert {c.who for c in interests} == {"Rita (by their personal link)"}

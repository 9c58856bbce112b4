from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Interest, Opportunity
from tests.factories import InterestFactory, OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("opportunities:opportunity_list")
CREATE = reverse("opportunities:opportunity_create")


def detail(opportunity) -> str:
    return reverse("opportunities:opportunity_detail", args=[opportunity.pk])


def posted(world, today, **changes) -> dict[str, str]:
    closes = today + datetime.timedelta(days=14)
    happens = today + datetime.timedelta(days=21)
    return {
        "project": str(world["project"].pk),
        "title": "Design group for the new garden",
        "description": "Help us plan the ward garden.",
        "kind": "workshop",
        "starts_on_day": str(happens.day),
        "starts_on_month": str(happens.month),
        "starts_on_year": str(happens.year),
        "starts_at": "14:30",
        "where": "in_person",
        "place": "Willow ward day room",
        "hours": "2.5",
        "rate_card": str(world["rate_card"].pk),
        "support": ["travel", "accessible_venue"],
        "support_other": "",
        "looking_for": "People who have stayed on Willow ward.",
        "places": "6",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        **changes,
    }


# The list ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_it_lists_with_the_same_number_of_queries_for_3_or_30(
    client, world, django_assert_num_queries, count, today
):
    for n in range(count):
        opportunity = OpportunityFactory(project=world["project"])
        if n % 2:
            InterestFactory(opportunity=opportunity, person=world["person"])
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 whether they lead a project (the "Post" button),
    # 4 count for the paginator, 5 the page of opportunities with their project
    # (a join) and counts of interest (a subquery).
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count("opportunities/") >= min(count, 20)


def test_it_shows_open_ones_first_and_closed_or_filled_when_asked(client, world, today):
    OpportunityFactory(project=world["project"], title="Still open")
    OpportunityFactory(
        project=world["project"], title="Closed one", closes_on=today - datetime.timedelta(days=1)
    )
    OpportunityFactory(project=world["project"], title="Filled one", filled_at=timezone.now())
    client.force_login(world["staff"])

    shown = client.get(LIST).content.decode()
    assert "Still open" in shown
    assert "Closed one" not in shown
    assert "Filled one" not in shown

    shown = client.get(LIST, {"show": "closed"}).content.decode()
    assert "Closed one" in shown
    assert "Filled one" in shown
    assert "Still open" not in shown

    shown = client.get(LIST, {"show": "all"}).content.decode()
    assert all(title in shown for title in ("Still open", "Closed one", "Filled one"))


def test_it_lists_only_opportunities_of_projects_they_can_see(
    client, world, panel, elsewhere_panel
):
    client.force_login(world["staff"])
    shown = client.get(LIST).content.decode()
    assert panel.title in shown
    assert elsewhere_panel.title not in shown


# Posting and changing ------------------------------------------------------------


def test_a_lead_posts_an_opportunity(client, world, today):
    client.force_login(world["staff"])
    response = client.post(CREATE, posted(world, today))
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(opportunity)
    assert opportunity.created_by == world["staff"]
    assert opportunity.support == ["travel", "accessible_venue"]
    assert opportunity.starts_at == datetime.time(14, 30)
    assert opportunity.fee_pence == 5000  # 2.5 hours at £20
    assert opportunity.history.count() == 1


def test_an_expert_co_lead_posts_one_too(client, world, today):
    client.force_login(world["co_lead"])
    assert client.post(CREATE, posted(world, today)).status_code == 302
    assert Opportunity.objects.get().created_by == world["co_lead"]


def test_it_will_not_post_for_a_project_they_do_not_lead(client, world, today):
    client.force_login(world["staff"])
    response = client.post(CREATE, posted(world, today, project=str(world["other_project"].pk)))
    assert response.status_code == 200
    assert "Choose one of the projects you lead" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_it_shows_each_problem_next_to_its_field_and_keeps_what_was_typed(client, world, today):
    client.force_login(world["staff"])
    data = posted(
        world,
        today,
        place="",
        hours="lots",
        closes_on_year=str(today.year - 1),
        title="Garden group <b>now</b>",
    )
    response = client.post(CREATE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    form = response.context["form"]
    assert form.errors["place"] == ["Enter the place, as it is in person"]
    assert form.errors["hours"] == ["Enter the time needed as a number of hours, like 2 or 1.5"]
    assert form.errors["closes_on"] == ["The closing date must be today or later"]
    assert 'id="id_place"' in page
    assert 'href="#id_place"' in page
    # What was typed comes back, escaped.
    assert 'value="Garden group &lt;b&gt;now&lt;/b&gt;"' in page
    assert 'value="lots"' in page


def test_it_asks_for_the_date_when_a_time_is_given(client, world, today):
    client.force_login(world["staff"])
    data = posted(world, today, starts_on_day="", starts_on_month="", starts_on_year="")
    response = client.post(CREATE, data)
    assert response.context["form"].errors["starts_on"] == [
        "Enter the date as well as the time, or leave both blank"
    ]


def test_the_date_can_be_to_be_arranged(client, world, today):
    client.force_login(world["staff"])
    data = posted(
        world, today, starts_on_day="", starts_on_month="", starts_on_year="", starts_at=""
    )
    assert client.post(CREATE, data).status_code == 302
    assert Opportunity.objects.get().starts_on is None
    page = client.get(detail(Opportunity.objects.get())).content.decode()
    assert "To be arranged" in page


def test_it_must_close_before_it_happens(client, world, today):
    client.force_login(world["staff"])
    happens = today + datetime.timedelta(days=3)
    data = posted(
        world,
        today,
        starts_on_day=str(happens.day),
        starts_on_month=str(happens.month),
        starts_on_year=str(happens.year),
    )
    response = client.post(CREATE, data)
    assert response.context["form"].errors["closes_on"] == [
        "The closing date must be on or before the date it happens"
    ]


def test_a_lead_marks_it_filled_and_it_stops_taking_interest(client, world, panel):
    client.force_login(world["staff"])
    url = reverse("opportunities:opportunity_edit", args=[panel.pk])
    form = client.get(url).context["form"]
    data = {
        **{
            name: value
            for name, value in form.initial.items()
            if name not in {"starts_on", "closes_on", "support", "starts_at", "rate_card"}
        },
        "closes_on_day": str(panel.closes_on.day),
        "closes_on_month": str(panel.closes_on.month),
        "closes_on_year": str(panel.closes_on.year),
        "support": panel.support,
        "rate_card": str(panel.rate_card_id),
        "filled": "on",
    }
    data.pop("public", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    panel.refresh_from_db()
    assert panel.filled_at is not None
    assert not panel.is_open
    assert "Filled" in client.get(detail(panel)).content.decode()


def test_a_closed_opportunity_can_still_be_changed(client, world, today):
    closed = OpportunityFactory(
        project=world["project"], closes_on=today - datetime.timedelta(days=5)
    )
    client.force_login(world["staff"])
    url = reverse("opportunities:opportunity_edit", args=[closed.pk])
    data = {
        "title": "Renamed",
        "description": closed.description,
        "kind": closed.kind,
        "where": "online",
        "hours": "3",
        "looking_for": closed.looking_for,
        "places": "3",
        "closes_on_day": str(closed.closes_on.day),
        "closes_on_month": str(closed.closes_on.month),
        "closes_on_year": str(closed.closes_on.year),
    }
    assert client.post(url, data).status_code == 302
    closed.refresh_from_db()
    assert closed.title == "Renamed"


# Who is interested ----------------------------------------------------------------


def test_a_lead_sees_who_is_interested_and_how_they_told_us(client, world, panel):
    InterestFactory(opportunity=panel, person=world["person"], support_needed="A lift")
    InterestFactory(
        opportunity=panel,
        person=world["expert_person"],
        how="paper",
        entered_by=world["staff"],
    )
    client.force_login(world["co_lead"])
    page = client.get(detail(panel)).content.decode()
    assert "Rita" in page
    assert "A lift" in page
    assert "Entered on their behalf by Sam Staff" in page
    assert "On paper, through staff" in page


def test_a_member_who_does_not_run_the_project_sees_no_names(client, world, panel):
    InterestFactory(opportunity=panel, person=world["person"], support_needed="A lift")
    client.force_login(world["expert"])
    page = client.get(detail(panel)).content.decode()
    assert panel.title in page
    assert "Rita" not in page
    assert "A lift" not in page
    assert "Who is interested" not in page


def test_staff_record_interest_for_someone_on_their_behalf(client, world, panel):
    client.force_login(world["staff"])
    url = reverse("opportunities:interest_record", args=[panel.pk])
    response = client.post(
        url, {"person": str(world["person"].pk), "support_needed": "Carer cover", "how": "phone"}
    )
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.person, interest.how, interest.entered_by) == (
        world["person"],
        Interest.How.PHONE,
        world["staff"],
    )
    assert interest.history.get().history_user == world["staff"]
    page = client.get(detail(panel)).content.decode()
    assert "Entered on their behalf by Sam Staff" in page


def test_on_behalf_offers_only_people_they_may_see_on_the_register(client, world, panel):
    stranger = PersonFactory(display_name="Stranger Danger")
    client.force_login(world["staff"])
    url = reverse("opportunities:interest_record", args=[panel.pk])
    assert "Stranger Danger" not in client.get(url).content.decode()
    response = client.post(url, {"person": str(stranger.pk), "how": "phone"})
    assert response.context["form"].errors["person"] == ["Choose someone on the register"]
    assert not Interest.objects.exists()


def test_on_behalf_says_what_is_missing(client, world, panel):
    client.force_login(world["staff"])
    url = reverse("opportunities:interest_record", args=[panel.pk])
    response = client.post(url, {"support_needed": "x" * 1001})
    errors = response.context["form"].errors
    assert errors["person"] == ["Choose who is interested"]
    assert errors["how"] == ["Choose how they told you"]
    assert errors["support_needed"] == ["Support they need must be 1,000 characters or fewer"]
    assert "nhsuk-error-summary" in response.content.decode()


def test_no_interest_is_recorded_once_it_has_closed(client, world, today):
    closed = OpportunityFactory(
        project=world["project"], closes_on=today - datetime.timedelta(days=1)
    )
    client.force_login(world["staff"])
    url = reverse("opportunities:interest_record", args=[closed.pk])
    response = client.post(url, {"person": str(world["person"].pk), "how": "phone"})
    assert response.status_code == 200
    assert "not taking interest" in response.content.decode()
    assert not Interest.objects.exists()


def test_staff_never_write_over_what_someone_said_by_their_own_link(client, world, panel):
    InterestFactory(opportunity=panel, person=world["person"], support_needed="A lift")
    client.force_login(world["staff"])
    url = reverse("opportunities:interest_record", args=[panel.pk])
    response = client.post(url, {"person": str(world["person"].pk), "how": "phone"})
    assert response.context["form"].errors["person"] == [
        "Rita has already said they are interested, by their personal link. "
        "What they said stays as they said it"
    ]
    interest = Interest.objects.get()
    assert (interest.how, interest.support_needed) == ("personal_link", "A lift")


def test_a_co_lead_sees_names_without_links_to_records_they_cannot_open(client, world, panel):
    InterestFactory(opportunity=panel, person=world["person"])
    client.force_login(world["co_lead"])
    page = client.get(detail(panel)).content.decode()
    assert "Rita" in page
    assert reverse("projects:person_detail", args=[world["person"].pk]) not in page
    client.force_login(world["staff"])
    page = client.get(detail(panel)).content.decode()
    assert reverse("projects:person_detail", args=[world["person"].pk]) in page


def test_a_co_lead_finds_posting_on_the_project_page_with_the_project_chosen(client, world):
    client.force_login(world["co_lead"])
    project_page = client.get(reverse("projects:project_detail", args=[world["project"].pk]))
    link = f"{CREATE}?project={world['project'].pk}"
    assert link in project_page.content.decode()
    form = client.get(link).context["form"]
    assert form["project"].value() == str(world["project"].pk)
    client.force_login(world["expert"])  # a member, not a lead
    project_page = client.get(reverse("projects:project_detail", args=[world["project"].pk]))
    assert CREATE not in project_page.content.decode()

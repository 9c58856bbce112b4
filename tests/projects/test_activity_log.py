"""Logging an activity with its participants and their payments in one form."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Activity, Involvement, Person, ReisScore
from tests.factories import (
    ActivityFactory,
    InvolvementFactory,
    PersonFactory,
    RateCardFactory,
)

pytestmark = pytest.mark.django_db

ROWS = 3


def row(index: int, **values: str) -> dict[str, str]:
    """One participant row as the browser posts it: every box, mostly empty."""
    fields = {
        "person": "",
        "new_name": "",
        "new_experience": "",
        "staff": "",
        "part": "attended",
        "hours": "",
        "payment_choice": "paid",
        "amount_taken": "",
        "donated_to": "",
        "expenses": "",
        "paid_on_day": "",
        "paid_on_month": "",
        "paid_on_year": "",
    }
    fields.update(values)
    return {f"participants-{index}-{name}": value for name, value in fields.items()}


def log_data(*rows: dict[str, str], total: int = ROWS, **overrides: str) -> dict[str, str]:
    data = {
        "date_day": "12",
        "date_month": "3",
        "date_year": "2026",
        "kind": "workshop",
        "title": "Menu tasting",
        "description": "Patients and the kitchen team tasted the new menu.",
        "duration_hours": "2",
        "duration_minutes_part": "30",
        "what_changed": "",
        "participants-TOTAL_FORMS": str(total),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "action": "save",
    }
    for index in range(total):
        data.update(row(index))
    for filled in rows:
        data.update(filled)
    data.update(overrides)
    return data


def create_url(world) -> str:
    return reverse("projects:activity_create", args=[world["project"].pk])


def offered(page: str, person: Person) -> bool:
    """Whether the first row's register list offers `person`."""
    select = re.search(r'name="participants-0-person".*?</select>', page, re.S)
    return (
        bool(select)
        and re.search(
            rf'value="{person.pk}"[^>]*>\s*{person.display_name}</option>', select.group(0)
        )
        is not None
    )


def counts() -> tuple[int, int, int, int]:
    return (
        Activity.objects.count(),
        Involvement.objects.count(),
        Person.objects.count(),
        ReisScore.objects.count(),
    )


def test_it_shows_an_empty_form_with_three_rows_to_the_lead(client, world):
    client.force_login(world["staff"])
    response = client.get(create_url(world))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Log an activity" in content
    assert 'name="participants-TOTAL_FORMS" value="3"' in content
    assert "Person 3" in content
    assert "Person 4" not in content
    assert "Only for environmental assessments" in content


def test_it_logs_an_activity_with_a_register_person_a_new_person_and_staff(client, world):
    client.force_login(world["staff"])
    data = log_data(
        row(0, person=str(world["person"].pk), hours="2.5", expenses="4.20"),
        row(
            1,
            new_name="Jo",
            new_experience="carer",
            new_consent_to_store="on",
            hours="3",
            payment_choice="reduced",
            amount_taken="10",
        ),
        row(2, staff=str(world["staff"].pk), part="led", hours="3"),
    )
    response = client.post(create_url(world), data)
    activity = Activity.objects.get(title="Menu tasting")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:activity_detail", args=[activity.pk])
    assert activity.duration_minutes == 150
    assert activity.created_by == world["staff"]
    rita = activity.involvements.get(person=world["person"])
    # £20 an hour from the rate card, never typed.
    assert (rita.fee_due_pence, rita.fee_paid_pence, rita.expenses_pence) == (5000, 5000, 420)
    assert rita.rate_card == world["rate_card"]
    jo = Person.objects.get(display_name="Jo")
    assert jo.created_by == world["staff"]
    assert jo.consent_to_store
    assert not jo.consent_to_contact
    assert jo.consent_recorded_by == world["staff"]
    assert jo.consent_recorded_at is not None
    assert jo.privacy_notice_version == "2026-11"
    jos = activity.involvements.get(person=jo)
    assert (jos.fee_due_pence, jos.fee_paid_pence, jos.payment_choice) == (6000, 1000, "reduced")
    staff = activity.involvements.get(staff=world["staff"])
    assert (staff.part, staff.fee_due_pence, staff.payment_choice) == ("led", 0, "")


def test_it_does_not_record_consent_nobody_gave(client, world):
    client.force_login(world["staff"])
    data = log_data(row(0, new_name="Sol", new_experience="service_user", hours="1"))
    client.post(create_url(world), data)
    sol = Person.objects.get(display_name="Sol")
    assert sol.consent_recorded_by is None
    assert sol.privacy_notice_version == ""


def test_it_takes_the_fee_from_the_rate_card_in_force_on_the_activity_date(client, world):
    RateCardFactory(starts_on=datetime.date(2026, 4, 1), hourly_rate_pence=2500)
    client.force_login(world["staff"])
    before = log_data(row(0, person=str(world["person"].pk), hours="2"), title="Before")
    after = log_data(
        row(0, person=str(world["person"].pk), hours="2"),
        title="After",
        date_day="1",
        date_month="4",
        date_year="2026",
    )
    client.post(create_url(world), before)
    client.post(create_url(world), after)
    assert Involvement.objects.get(activity__title="Before").fee_due_pence == 4000
    assert Involvement.objects.get(activity__title="After").fee_due_pence == 5000


def test_it_records_a_donation_and_a_refusal(client, world):
    client.force_login(world["staff"])
    other = PersonFactory(created_by=world["staff"])
    data = log_data(
        row(
            0,
            person=str(world["person"].pk),
            hours="1",
            payment_choice="donated",
            donated_to="Mind",
        ),
        row(1, person=str(other.pk), hours="1", payment_choice="declined", expenses="3"),
    )
    client.post(create_url(world), data)
    donated = Involvement.objects.get(person=world["person"], activity__title="Menu tasting")
    declined = Involvement.objects.get(person=other)
    assert (donated.fee_paid_pence, donated.donated_to) == (2000, "Mind")
    assert (declined.fee_due_pence, declined.fee_paid_pence, declined.expenses_pence) == (
        2000,
        0,
        300,
    )


def test_it_stores_reis_scores_for_an_environmental_assessment(client, world):
    client.force_login(world["staff"])
    ratings = {
        "reis_space": "3",
        "reis_objects": "2",
        "reis_relationships": "4",
        "reis_activities": "1",
        "reis_space_findings": "Bright day room",
    }
    client.post(create_url(world), log_data(kind="reis", **ratings))
    activity = Activity.objects.get(title="Menu tasting")
    scores = {score.domain: (score.rating, score.findings) for score in activity.reis_scores.all()}
    assert scores == {
        "space": (3, "Bright day room"),
        "objects": (2, ""),
        "relationships": (4, ""),
        "activities": (1, ""),
    }


def test_it_ignores_reis_ratings_for_other_kinds(client, world):
    client.force_login(world["staff"])
    client.post(create_url(world), log_data(reis_space="3"))
    assert Activity.objects.filter(title="Menu tasting").exists()
    assert ReisScore.objects.count() == 0


BAD_INPUT = [
    pytest.param({"title": ""}, "Enter a title", id="missing title"),
    pytest.param({"kind": ""}, "Choose the kind of activity", id="missing kind"),
    pytest.param(
        {"date_day": "", "date_month": "", "date_year": ""},
        "Enter the date of the activity",
        id="missing date",
    ),
    pytest.param(
        {"date_month": "Marchember"},
        "Enter the date as a day, month and year",
        id="date in the wrong format",
    ),
    pytest.param({"date_day": "31", "date_month": "2"}, "Enter a real date", id="no such day"),
    pytest.param(
        {"duration_hours": "", "duration_minutes_part": ""},
        "Enter how long it took",
        id="missing duration",
    ),
    pytest.param({"duration_hours": "-1"}, "Hours must be 0 or more", id="negative duration"),
    pytest.param(
        {"title": "x" * 151}, "Title must be 150 characters or fewer", id="over-long title"
    ),
    pytest.param(
        {"description": "x" * 4001},
        "What happened must be 4,000 characters or fewer",
        id="over-long description",
    ),
    pytest.param({"kind": "reis"}, "Choose a rating for everyday space", id="reis without ratings"),
    pytest.param(
        row(0, person="PERSON", hours="-2"),
        "Person 1: Hours must be more than 0",
        id="negative hours",
    ),
    pytest.param(
        row(0, person="PERSON", hours="0"), "Person 1: Hours must be more than 0", id="zero hours"
    ),
    pytest.param(
        row(0, person="PERSON", hours=""), "Person 1: Enter the hours", id="missing hours"
    ),
    pytest.param(
        row(0, person="PERSON", hours="1", expenses="500.01"),
        "Person 1: Enter expenses of £500.00 or less",
        id="expenses above the cap",
    ),
    pytest.param(
        row(0, person="PERSON", hours="1", payment_choice="reduced", amount_taken="1000.01"),
        "Person 1: Enter the amount they took of £1,000.00 or less",
        id="payment above the cap",
    ),
    pytest.param(
        row(0, person="PERSON", hours="1", payment_choice="reduced", amount_taken="25"),
        "Person 1: The amount they took must be no more than the fee due, £20.00",
        id="reduced above the fee due",
    ),
    pytest.param(
        row(0, person="PERSON", hours="1", payment_choice="donated"),
        "Person 1: Enter the name of the charity",
        id="donation without a charity",
    ),
    pytest.param(
        row(0, new_name="x" * 81, new_experience="carer", hours="1"),
        "Person 1: Name must be 80 characters or fewer",
        id="over-long new name",
    ),
    pytest.param(
        row(0, new_name="Jo", hours="1"),
        "Person 1: Choose the kind of experience",
        id="new person without experience",
    ),
    pytest.param(
        row(0, hours="1"),
        "Person 1: Choose someone on the register, add someone new",
        id="row without a person",
    ),
    pytest.param(
        row(0, staff="STAFF", hours="1", expenses="5"),
        "Person 1: Staff are not paid through Coprod",
        id="staff with expenses",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_it_explains_bad_input_keeps_it_and_saves_nothing(client, world, overrides, message):
    client.force_login(world["staff"])
    overrides = {
        key: value.replace("PERSON", str(world["person"].pk)).replace(
            "STAFF", str(world["staff"].pk)
        )
        for key, value in overrides.items()
    }
    # A good second row and a new person, so "nothing partial" is really tested.
    data = log_data(row(1, new_name="Pat", new_experience="carer", hours="1"), **overrides)
    before = counts()
    response = client.post(create_url(world), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Log an activity" in content
    assert 'class="nhsuk-error-summary"' in content
    assert message in content
    assert 'value="Pat"' in content  # what was typed is kept
    assert counts() == before


def test_it_refuses_the_same_person_twice(client, world):
    client.force_login(world["staff"])
    pk = str(world["person"].pk)
    data = log_data(row(0, person=pk, hours="1"), row(1, person=pk, hours="2"))
    before = counts()
    response = client.post(create_url(world), data)
    assert "Person 2: Rita is already listed as person 1" in response.content.decode()
    assert counts() == before


def test_it_refuses_a_fee_above_the_cap_in_pounds(client, world):
    RateCardFactory(starts_on=datetime.date(2026, 1, 1), hourly_rate_pence=50_000)
    client.force_login(world["staff"])
    data = log_data(row(0, person=str(world["person"].pk), hours="3"))
    response = client.post(create_url(world), data)
    assert (
        "The fee for these hours would be £1,500.00, more than the £1,000.00 limit"
        in response.content.decode()
    )
    assert not Activity.objects.filter(title="Menu tasting").exists()


def test_it_refuses_someone_the_user_may_not_see(client, world):
    stranger = PersonFactory(display_name="Stranger")
    client.force_login(world["staff"])
    response = client.post(create_url(world), log_data(row(0, person=str(stranger.pk), hours="1")))
    assert "Person 1: Choose someone from the list" in response.content.decode()
    assert not Activity.objects.filter(title="Menu tasting").exists()


def test_it_adds_a_row_keeping_everything_typed_and_without_errors(client, world):
    client.force_login(world["staff"])
    data = log_data(row(0, new_name="Pat", hours="1.5"), title="", action="add")
    response = client.post(create_url(world), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="participants-TOTAL_FORMS" value="4"' in content
    assert "Person 4" in content
    assert 'value="Pat"' in content
    assert 'value="1.5"' in content
    assert "nhsuk-error-summary" not in content
    assert not Activity.objects.exists() or not Activity.objects.filter(title="").exists()


def test_it_finds_people_on_the_register_and_offers_them(client, world):
    found = PersonFactory(display_name="Ravi", created_by=world["staff"])
    client.force_login(world["staff"])
    data = log_data(find_person="rav", action="find")
    page = client.post(create_url(world), data).content.decode()
    assert offered(page, found)
    assert "Found 1 person: Ravi" in page
    assert "nhsuk-error-summary" not in page


def test_it_swaps_only_the_participants_for_htmx(client, world):
    found = PersonFactory(display_name="Ravi", created_by=world["staff"])
    client.force_login(world["staff"])
    data = log_data(find_person="rav", action="find")
    response = client.post(create_url(world), data, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="participants"')
    assert "<html" not in content
    assert offered(content, found)


def test_it_offers_only_people_the_user_may_see(client, world):
    PersonFactory(display_name="Ravina")  # recorded by nobody, in no project of theirs
    client.force_login(world["staff"])
    page = client.post(create_url(world), log_data(find_person="rav", action="find"))
    assert "Ravina" not in page.content.decode()


def test_it_sends_someone_whose_session_ended_to_sign_in_and_keeps_what_they_typed(client, world):
    from django.contrib.sessions.models import Session

    client.force_login(world["staff"])
    client.get(create_url(world))
    Session.objects.filter(session_key=client.session.session_key).delete()  # timed out
    response = client.post(create_url(world), log_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world["staff"])
    page = client.get(create_url(world)).content.decode()
    assert 'value="Menu tasting"' in page
    assert not Activity.objects.filter(title="Menu tasting").exists()


def test_it_hides_the_project_from_outsiders_and_refuses_members(client, world):
    client.force_login(world["other_staff"])
    assert client.post(create_url(world), log_data()).status_code == 404
    client.force_login(world["expert"])
    assert client.post(create_url(world), log_data()).status_code == 403
    assert not Activity.objects.filter(title="Menu tasting").exists()


def test_a_co_lead_with_lived_experience_logs_an_activity(client, world):
    client.force_login(world["co_lead"])
    response = client.post(
        create_url(world), log_data(row(0, person=str(world["person"].pk), hours="1"))
    )
    assert response.status_code == 302
    assert Involvement.objects.filter(activity__title="Menu tasting").count() == 1


def test_it_adds_a_row_in_place_for_htmx(client, world):
    client.force_login(world["staff"])
    data = log_data(row(0, new_name="Pat"), action="add")
    content = client.post(create_url(world), data, headers={"HX-Request": "true"}).content.decode()
    assert content.lstrip().startswith('<div id="participants"')
    assert 'name="participants-TOTAL_FORMS" value="4"' in content
    assert 'value="Pat"' in content


def test_it_asks_for_a_rate_card_when_none_is_in_force(client, world):
    client.force_login(world["staff"])
    data = log_data(
        row(0, person=str(world["person"].pk), hours="1"),
        date_day="1",
        date_month="1",
        date_year="1990",
    )
    response = client.post(create_url(world), data)
    assert "There is no rate card for 1 January 1990" in response.content.decode()
    assert not Activity.objects.filter(title="Menu tasting").exists()
    declined = log_data(
        row(0, person=str(world["person"].pk), hours="1", payment_choice="declined"),
        date_day="1",
        date_month="1",
        date_year="1990",
    )
    assert client.post(create_url(world), declined).status_code == 302


def test_it_warns_but_logs_a_fee_over_a_limit_they_chose(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 3000, "week"
    person.save()
    client.force_login(world["staff"])

    response = client.post(
        create_url(world), log_data(row(0, person=str(person.pk), hours="2")), follow=True
    )

    page = response.content.decode()
    assert "This takes Rita to £40.00 in the week of 9 March 2026" in page
    assert "over the limit of £30.00 they chose" in page
    assert "take less, not to be paid, or to give the fee to a charity" in page
    assert (
        Involvement.objects.get(activity__title="Menu tasting", person=person).fee_paid_pence
        == 4000
    )


def test_it_says_nothing_of_a_limit_the_fee_stays_under(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 4000, "week"
    person.save()
    client.force_login(world["staff"])

    response = client.post(
        create_url(world), log_data(row(0, person=str(person.pk), hours="2")), follow=True
    )

    assert "over the limit" not in response.content.decode()


CALLOUT = "Before you save: these fees take someone over a limit"


def test_a_failed_save_warns_of_a_fee_over_a_limit_before_it_is_saved(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 3000, "week"
    person.save()
    client.force_login(world["staff"])

    response = client.post(
        create_url(world), log_data(row(0, person=str(person.pk), hours="2"), title="")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert CALLOUT in page
    assert "Rita: £40.00 in the week of 9 March 2026, over their limit of £30.00 by £10.00" in page
    assert "take less, not to be paid, or to give the fee to a charity" in page
    assert "vouchers" not in page
    assert not Activity.objects.filter(description__startswith="Patients").exists()


def test_choosing_to_take_less_is_under_the_limit_and_not_warned(client, world):
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 3000, "week"
    person.save()
    client.force_login(world["staff"])
    less = row(0, person=str(person.pk), hours="2", payment_choice="reduced", amount_taken="25")

    page = client.post(create_url(world), log_data(less, title="")).content.decode()

    assert "Enter a title" in page
    assert CALLOUT not in page


def test_changing_an_activity_warns_with_its_own_fee_counted_once(client, world):
    person = world["expert_person"]  # paid £40.00 for the world's workshop
    activity = world["activity"]
    client.force_login(world["staff"])
    edit = reverse("projects:activity_edit", args=[activity.pk])
    fee = Involvement.objects.get(activity=activity, person=person).fee_paid_pence
    assert fee == 4000
    person.pay_limit_pence, person.pay_limit_period = fee, "tax_year"
    person.save()
    assert CALLOUT not in client.get(edit).content.decode()  # at the limit, not over it

    person.pay_limit_pence = fee - 1
    person.save()
    page = client.get(edit).content.decode()

    assert CALLOUT in page
    assert "over their limit of" in page
    assert "by £0.01" in page


def test_with_vouchers_the_alternatives_include_them(client, world, settings):
    settings.PAYMENT_VOUCHERS = True
    person = world["person"]
    person.pay_limit_pence, person.pay_limit_period = 3000, "week"
    person.save()
    client.force_login(world["staff"])

    response = client.post(
        create_url(world), log_data(row(0, person=str(person.pk), hours="2")), follow=True
    )

    page = response.content.decode()
    assert "over the limit of £30.00 they chose" in page
    assert "to give the fee to a charity, or to have vouchers instead of money" in page


@pytest.mark.parametrize("chosen", [1, 4])
def test_the_rows_read_the_register_and_the_rate_card_once_however_many_are_chosen(
    client, world, chosen
):
    earlier = ActivityFactory(project=world["project"])
    people = PersonFactory.create_batch(chosen)
    for person in people:
        InvolvementFactory(activity=earlier, person=person, hours=1)
    client.force_login(world["staff"])
    rows = [row(n, person=str(person.pk), hours="1") for n, person in enumerate(people)]
    rows.append(row(chosen, staff=str(world["staff"].pk), part="led", hours="1"))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(create_url(world), log_data(*rows, total=chosen + 1))
    assert response.status_code == 302
    assert Activity.objects.get(title="Menu tasting").involvements.count() == chosen + 1

    def reads(table: str) -> int:
        return sum(
            1
            for query in captured.captured_queries
            if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
        )

    # Everyone chosen from the register in one query, the staff in one, and the rate
    # card once to check the fees and once to save them.
    assert reads("projects_person") == 1
    assert reads("accounts_user") == 2  # the signed-in user and the staff chosen
    assert reads("projects_ratecard") == 2

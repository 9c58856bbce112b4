"""No dashboard figure singles anyone out: periods of chosen dates and
equality monitoring only for governance leads and admins, and no figure drawn
from fewer than 3 people, whichever periods or scopes are compared."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard import page_cache, panels, read
from dashboard.models import StoredFigures
from dashboard.read import suppression
from projects.models import EqualityMonitoring, Plan
from tests.dashboard.data import build, services
from tests.factories import (
    ActivityFactory,
    InvolvementFactory,
    MetricFactory,
    PersonFactory,
    ProjectFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")
ONE_DAY = {
    "period": "custom",
    "date_from_day": "20",
    "date_from_month": "9",
    "date_from_year": "2025",
    "date_to_day": "20",
    "date_to_month": "9",
    "date_to_year": "2025",
}
REFUSED = "Choose a period from the list. Only governance leads and admins can choose exact dates"


@pytest.fixture
def data():
    return build(services())


def error_summary(page: str) -> str:
    match = re.search(r'<div class="nhsuk-error-summary".*?</div>', page, re.S)
    return match.group(0) if match else ""


# Periods of chosen dates --------------------------------------------------------------


def test_only_governance_leads_and_admins_are_offered_chosen_dates(
    client, staff, governance, admin, data
):
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert 'value="custom"' not in page
    assert "date_from_day" not in page
    for reader in (governance, admin):
        client.force_login(reader)
        page = client.get(URL).content.decode()
        assert '<option value="custom">Choose dates</option>' in page
        assert 'name="date_from_day"' in page


def test_a_url_with_chosen_dates_from_staff_is_refused_next_to_the_field(client, staff, data):
    client.force_login(staff)
    response = client.get(URL, ONE_DAY)
    assert response.status_code == 200
    page = response.content.decode()
    # In the error summary, linked to the field, and next to the field itself.
    summary = error_summary(page)
    assert REFUSED in summary
    assert 'href="#id_period"' in summary
    assert page.count(REFUSED) == 2
    # The default figures, never the day asked for.
    assert response.context["filters"].label == "Last 12 complete months"
    assert "20 September 2025" not in page
    assert not response.context["form"].is_valid()


def test_stored_figures_of_chosen_dates_never_reach_staff(client, staff, governance, data):
    client.force_login(governance)
    chosen = client.get(URL, ONE_DAY)
    assert chosen.context["filters"].label == "20 September 2025 to 20 September 2025"
    day_key = page_cache.key_for(chosen.context["filters"], chosen.context["form"].query())
    assert StoredFigures.objects.filter(key=day_key).exists()
    client.force_login(staff)
    refused = client.get(URL, ONE_DAY)
    # Staff are served the default period's own row, worked out for it.
    default_key = page_cache.key_for(refused.context["filters"], refused.context["form"].query())
    assert default_key != day_key
    assert set(StoredFigures.objects.values_list("key", flat=True)) == {day_key, default_key}
    assert "20 September 2025" not in refused.content.decode()
    # Nor can staff download a chart for the day.
    csv = client.get(reverse("dashboard:chart_csv", args=["activities"]), ONE_DAY)
    assert "2025-09-20" not in csv["Content-Disposition"]
    assert set(StoredFigures.objects.values_list("key", flat=True)) == {day_key, default_key}


def test_the_previous_period_of_whole_months_is_the_whole_months_before(governance):
    # Of the same length in days, the quarter before July to September 2025 started
    # on 31 March, and the year before 2025 on 2 January 2024: each a day off a
    # period anyone can choose, so the two together gave that day's figures.
    def previous(start, end):
        found = read.Filters(start=start, end=end, label="p").previous
        return found.start, found.end

    day = datetime.date
    assert previous(day(2025, 7, 1), day(2025, 10, 1)) == (day(2025, 4, 1), day(2025, 7, 1))
    assert previous(day(2025, 1, 1), day(2026, 1, 1)) == (day(2024, 1, 1), day(2025, 1, 1))
    assert previous(day(2025, 3, 1), day(2026, 3, 1)) == (day(2024, 3, 1), day(2025, 3, 1))
    assert previous(day(2025, 1, 1), day(2025, 4, 1)) == (day(2024, 10, 1), day(2025, 1, 1))
    # Chosen dates (governance leads and admins) keep the same number of days.
    assert previous(day(2025, 9, 20), day(2025, 9, 22)) == (day(2025, 9, 18), day(2025, 9, 20))


# Equality monitoring ------------------------------------------------------------------

EQUALITY_WORDS = (
    'id="population"',
    "Equality monitoring",
    "equality answers",
    "Population served",
    reverse("dashboard:chart_csv", args=["population"]),
)


def test_staff_see_no_equality_figures(client, staff, governance, data):
    params = {"period": "2025-q3"}
    client.force_login(governance)
    page = client.get(URL, params).content.decode()
    assert all(words in page for words in EQUALITY_WORDS)
    population_csv = reverse("dashboard:chart_csv", args=["population"])
    assert client.get(population_csv, params).status_code == 200
    # Staff read the figures governance stored, and none of the equality panel.
    client.force_login(staff)
    response = client.get(URL, params)
    page = response.content.decode()
    assert response.context["figures"].computed_at  # read back, not worked out again
    assert StoredFigures.objects.count() == 1
    assert [words for words in EQUALITY_WORDS if words in page] == []
    assert client.get(population_csv, params).status_code == 403
    # Nor in any other download.
    for name in set(panels.CHARTS) - panels.EQUALITY_CHARTS:
        body = b"".join(
            client.get(reverse("dashboard:chart_csv", args=[name]), params).streaming_content
        ).decode()
        assert "Population served" not in body, name
        assert "equality" not in body.lower(), name


# The suppression rules ---------------------------------------------------------------


def test_a_figure_from_1_or_2_people_is_hidden_and_from_none_is_shown():
    assert [suppression.figure("£5", n) for n in (0, 1, 2, 3)] == ["£5", None, None, "£5"]
    # New and returning: both hidden when either is 1 or 2, or the total gives it back.
    assert suppression.split(10, 4) == (4, 6)
    assert suppression.split(10, 8) == (None, None)
    assert suppression.split(4, 2) == (None, None)
    assert suppression.split(4, 0) == (0, 4)
    assert suppression.split(None, 3) == (None, None)
    # Cells of a row with a shown total: the small ones, and the next smallest when
    # only one is small.
    assert suppression.hidden_cells({"a": 9, "b": 2, "c": 4}) == {"b", "c"}
    assert suppression.hidden_cells({"a": 9, "b": 2, "c": 1}) == {"b", "c"}
    assert suppression.hidden_cells({"a": 9, "b": 3}) == set()


def test_a_month_of_a_plan_metric_from_fewer_than_3_people_is_left_out(client, staff, data):
    plan = Plan.objects.get(service=data.willow)
    for computation in ("lived_experience_people", "lived_experience_hours", "days_to_payment"):
        MetricFactory(plan=plan, name=computation, source="computed", computation=computation)
    client.force_login(staff)
    body = b"".join(
        client.get(reverse("dashboard:plan_csv", args=[plan.pk]), {"period": "2025-q3"})
    ).decode()
    values: dict[str, dict[str, str]] = {}
    for row in body.splitlines()[1:]:
        name, month, value, *_rest = row.split(",")
        values.setdefault(name, {})[month] = value
    # Willow: in July 3 people took part and gave 6.5 hours: shown. In August and
    # September no one (0 is shown). In May, person 0 alone: left out. Paid in
    # July: 2 people, so the days to payment are left out.
    assert values["lived_experience_people"]["Jul 2025"] == "3.0"
    assert values["lived_experience_people"]["Aug 2025"] == "0.0"
    assert "May 2025" not in values["lived_experience_people"]
    assert values["lived_experience_hours"]["Jul 2025"] == "6.5"
    assert "May 2025" not in values["lived_experience_hours"]
    assert "days_to_payment" not in values
    page = client.get(reverse("dashboard:plan", args=[plan.pk]), {"period": "2025-q3"})
    assert (
        "A month whose value comes from fewer than 3 people is left out." in page.content.decode()
    )


# The two-period attack ---------------------------------------------------------------


def figures_in(page: str) -> list[str]:
    """Every figure a dashboard page shows: headlines, their changes, reach."""
    return re.findall(r"data-value>([^<]*)<", page) + re.findall(
        r'data-reach="[a-z]+">\s*(.*?)\s*</dd>', page, re.S
    )


def test_two_periods_a_day_apart_learn_nothing_about_one_person(
    client, staff, governance, settings
):
    """The security review's attack: compare 1 to 30 January with 1 to 31 January to
    learn the equality group and payment of the one person who took part on 31
    January only."""
    settings.DASHBOARD_FIGURES_MAX_AGE = 0  # every view worked out from the records
    year = timezone.localdate().year
    january = datetime.date(year, 1, 1)
    ward = ServiceFactory(name="Birch ward")
    project = ProjectFactory(title="Birch menus", services=[ward], start_date=january)
    regulars = ActivityFactory(project=project, date=datetime.date(year, 1, 10), rung=6)
    for n in range(3):
        person = PersonFactory(display_name=f"Regular {n}")
        EqualityMonitoring.objects.create(person=person, sex="female", ethnicity="white")
        InvolvementFactory(
            activity=regulars,
            person=person,
            hours=2,
            fee_paid_pence=2000,
            paid_on=datetime.date(year, 1, 10),
        )
    last_day = ActivityFactory(project=project, date=datetime.date(year, 1, 31), rung=6)
    target = PersonFactory(display_name="Only on the 31st")
    EqualityMonitoring.objects.create(person=target, sex="male", ethnicity="black")
    InvolvementFactory(
        activity=last_day,
        person=target,
        hours="1.5",
        fee_paid_pence=7700,
        paid_on=datetime.date(year, 1, 31),
    )

    def dates(last: int) -> dict:
        return {
            **ONE_DAY,
            "date_from_day": "1",
            "date_from_month": "1",
            "date_from_year": str(year),
            "date_to_day": str(last),
            "date_to_month": "1",
            "date_to_year": str(year),
            "service": ward.pk,
        }

    def downloads(params: dict) -> dict[str, str]:
        return {
            name: b"".join(
                client.get(reverse("dashboard:chart_csv", args=[name]), params).streaming_content
            ).decode()
            for name in set(panels.CHARTS) - panels.EQUALITY_CHARTS
        }

    # Staff: both periods of chosen dates are refused, so the two answers are the
    # same default figures, and so are the downloads.
    client.force_login(staff)
    thirty, thirty_one = client.get(URL, dates(30)), client.get(URL, dates(31))
    assert REFUSED in thirty.content.decode()
    assert figures_in(thirty.content.decode()) == figures_in(thirty_one.content.decode())
    assert downloads(dates(30)) == downloads(dates(31))
    # The periods staff may choose hold the whole month, and show no equality figure
    # at all, nor the payment: four people were paid, so only the total shows.
    for period in (f"{year}-q1", str(year)):
        page = client.get(URL, {"period": period, "service": ward.pk}).content.decode()
        assert "£77.00" not in page
        assert "£137.00" in page  # 3 x £20 + £77
        assert "Male" not in page
        assert "equality" not in page.lower()
        assert all("77" not in body for body in downloads({"period": period}).values())
    # The previous quarter and year are whole ones too: none ends on 31 January.
    assert read.Filters(
        start=datetime.date(year, 4, 1), end=datetime.date(year, 7, 1), label="q"
    ).previous.start == datetime.date(year, 4 - 3, 1)

    # A governance lead may choose days: 31 January alone is one person, so their
    # payment, hours and equality answers are all hidden.
    client.force_login(governance)
    one_day = {**dates(31), "date_from_day": "31"}
    page = client.get(URL, one_day).content.decode()
    assert "£77.00" not in page
    assert "1.5 hours" not in page
    assert re.search(r'data-headline="payments".*?data-value>Fewer than 3 people<', page, re.S)
    assert re.search(r'data-headline="people".*?data-value>Fewer than 3 people<', page, re.S)
    assert "Fewer than 3 of the people involved in this period shared" in page
    assert "Male" not in page.split('id="population"')[1]

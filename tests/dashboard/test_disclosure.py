"""No dashboard figure singles anyone out (issue 16): periods of chosen dates and
equality monitoring only for governance leads and admins, and no figure drawn
from fewer than 3 people, whichever periods or scopes are compared."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from dashboard import figures, panels, read
from dashboard.models import StoredFigures
from tests.dashboard.data import build, services

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
    assert response.context["filters"].label == "Last 12 months"
    assert "20 September 2025" not in page
    assert not response.context["form"].is_valid()


def test_stored_figures_of_chosen_dates_never_reach_staff(client, staff, governance, data):
    client.force_login(governance)
    chosen = client.get(URL, ONE_DAY)
    assert chosen.context["filters"].label == "20 September 2025 to 20 September 2025"
    day_key = figures.key_for(chosen.context["filters"], chosen.context["form"].query())
    assert StoredFigures.objects.filter(key=day_key).exists()
    client.force_login(staff)
    refused = client.get(URL, ONE_DAY)
    # Staff are served the default period's own row, worked out for it.
    default_key = figures.key_for(refused.context["filters"], refused.context["form"].query())
    assert default_key != day_key
    assert set(StoredFigures.objects.values_list("key", flat=True)) == {day_key, default_key}
    assert "20 September 2025" not in refused.content.decode()
    # Nor can staff download a chart for the day, nor ask for it to be worked out.
    csv = client.get(reverse("dashboard:chart_csv", args=["activities"]), ONE_DAY)
    assert "2025-09-20" not in csv["Content-Disposition"]
    refresh = client.post(reverse("dashboard:dashboard_refresh") + "?period=custom")
    assert refresh.status_code == 302
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

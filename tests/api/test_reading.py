"""What the read API answers: the rows, filters, 400s, 401s, 403s and paging."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, Role
from principles.results import LIVED, STAFF
from projects.summaries import summaries_catch_up
from tests.api.conftest import client_for
from tests.api.tokens import token_for
from tests.factories import (
    ActivityFactory,
    MetricFactory,
    PlanFactory,
    ProjectFactory,
    ReadingFactory,
    ServiceFactory,
    UserFactory,
)
from tests.principles.test_results import POWER, sent_response


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Who may read -------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_token_it_answers_401_in_json_and_says_how_to_send_one(world):
    response = Client().get(reverse("api:activities"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_session_is_not_a_token(client, world):
    client.force_login(world["admin"])
    assert client.get(reverse("api:activities")).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Bearer coprod_not-a-real-token", "Token abc", "Bearer ", "Basic dXNlcjpwYXNz"],
)
def test_a_wrong_header_is_refused(world, header):
    response = Client().get(reverse("api:activities"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_an_expired_a_revoked_token_and_a_closed_account_are_refused(world):
    secret = token_for(world["staff"])
    token = ApiToken.objects.get()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = reverse("api:activities")
    assert Client().get(url, **headers).status_code == 200
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.save()
    assert Client().get(url, **headers).status_code == 401
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    token.revoked_at = timezone.now()
    token.save()
    assert Client().get(url, **headers).status_code == 401
    token.revoked_at = None
    token.save()
    world["staff"].is_active = False
    world["staff"].save()
    assert Client().get(url, **headers).status_code == 401


@pytest.mark.django_db
def test_finance_reads_nothing_even_with_a_token_made_before_the_role_changed(world):
    """Finance reads payments only, which the API does not serve: a token made
    while someone was staff stops reading the day their role becomes finance."""
    client = client_for(world["staff"])
    assert client.get(reverse("api:projects")).status_code == 200
    world["staff"].role = Role.FINANCE
    world["staff"].save()
    response = client.get(reverse("api:projects"))
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_token_reads_what_its_owner_reads_in_the_browser(world):
    """The activities of the projects each persona can open, no more."""
    ActivityFactory(project=world["other_project"], title="Café menu tasting")
    for persona, titles in {
        "expert": {"Night-time routine workshop"},
        "outsider_expert": set(),
        "staff": {"Night-time routine workshop"},
        "other_staff": {"Café menu tasting"},
        "governance": {"Night-time routine workshop", "Café menu tasting"},
    }.items():
        found = results(client_for(world[persona]).get(reverse("api:activities")))
        assert {row["title"] for row in found} == titles, persona


@pytest.mark.django_db
def test_the_refusals_are_in_the_browsers_words(world):
    """Experts by experience are refused the dashboard's figures, as the dashboard refuses them."""
    response = client_for(world["co_lead"]).get(reverse("api:reach"))
    assert response.status_code == 403
    client = Client()
    client.force_login(world["co_lead"])
    assert client.get(reverse("dashboard:dashboard")).status_code == 403


# Rows ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_services_carry_their_hierarchy(world):
    division = ServiceFactory(name="Adult division", kind="division")
    world["service"].parent = division
    world["service"].save()
    found = {
        row["name"]: row for row in results(client_for(world["admin"]).get(reverse("api:services")))
    }
    assert found["Willow ward"]["parent_id"] == division.pk
    assert found["Willow ward"]["path"] == "Adult division / Willow ward"
    assert found["Willow ward"]["depth"] == 1
    assert found["Adult division"]["parent_id"] is None
    # Filtering by the division gives it and every service below it.
    below = results(
        client_for(world["admin"]).get(reverse("api:services"), {"service": division.pk})
    )
    assert {row["name"] for row in below} == {"Adult division", "Willow ward"}


@pytest.mark.django_db
def test_activities_carry_rung_and_group_and_filter_by_service_below(world):
    division = ServiceFactory(name="Adult division", kind="division")
    world["service"].parent = division
    world["service"].save()
    world["activity"].rung = 6
    world["activity"].save()
    ActivityFactory(project=world["other_project"], title="Café menu tasting")
    found = results(
        client_for(world["admin"]).get(reverse("api:activities"), {"service": division.pk})
    )
    assert [row["title"] for row in found] == ["Night-time routine workshop"]
    row = found[0]
    assert (row["rung"], row["rung_label"], row["group"], row["group_label"]) == (
        6,
        "Co-design",
        "doing_with",
        "Doing with",
    )
    assert row["project_id"] == world["project"].pk


@pytest.mark.django_db
def test_a_period_narrows_activities_and_without_one_they_cover_all_time(world):
    ActivityFactory(project=world["project"], title="Long ago", date=datetime.date(2019, 5, 1))
    client = client_for(world["governance"])
    everything = results(client.get(reverse("api:activities")))
    assert "Long ago" in {row["title"] for row in everything}
    # The dashboard offers the last five years; earlier ones are chosen by dates.
    assert client.get(reverse("api:activities"), {"period": "2019"}).status_code == 400
    by_dates = results(
        client.get(reverse("api:activities"), {"from": "2019-04-01", "to": "2019-05-31"})
    )
    assert [row["title"] for row in by_dates] == ["Long ago"]


@pytest.mark.django_db
def test_pages_follow_on_by_cursor_without_repeating_a_row(world):
    for n in range(5):
        ActivityFactory(project=world["project"], title=f"Meeting {n}")
    client = client_for(world["admin"])
    seen, url = [], reverse("api:activities") + "?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        if len(seen) == 2:
            # A row added between pages neither repeats nor shifts what follows.
            ActivityFactory(project=world["project"], title="Added while reading")
    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen)


@pytest.mark.django_db
def test_principles_results_hide_a_side_under_three_people_as_the_page_does(world, client):
    today = timezone.localdate()
    from tests.factories import RoundFactory

    closed = RoundFactory(
        project=world["project"],
        name="Start of the project",
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today - datetime.timedelta(days=1),
    )
    still_open = RoundFactory(project=world["project"], name="Still open")
    for i in range(5):
        sent_response(closed, "lived_experience", {"power": POWER[LIVED][i]})
        sent_response(still_open, "lived_experience", {"power": 5})
    for i in range(2):
        sent_response(closed, "staff", {"power": POWER[STAFF][i]})
    found = results(client_for(world["staff"]).get(reverse("api:principle_results")))
    assert {row["round_id"] for row in found} == {closed.pk}
    power = {row["side"]: row for row in found if row["principle"] == "power"}
    assert power[LIVED]["shown"] is True
    assert Decimal(str(power[LIVED]["mean"])) == Decimal("2.4")
    assert power[LIVED]["people"] == 5
    assert (power[LIVED]["score_1"], power[LIVED]["score_2"]) == (1, 2)
    # Two staff: nothing from them, and no gap.
    assert power[STAFF]["shown"] is False
    assert [power[STAFF][key] for key in ("people", "rated", "mean", "score_4", "gap")] == [
        None
    ] * 5
    # The same round by itself; and the page shows the same figure.
    one = results(client_for(world["staff"]).get(reverse("api:round_results", args=[closed.pk])))
    assert one == found
    client.force_login(world["staff"])
    page = client.get(reverse("principles:round_results", args=[closed.pk])).content.decode()
    assert "2.4" in page
    # An open round gives nothing yet.
    assert (
        results(client_for(world["staff"]).get(reverse("api:round_results", args=[still_open.pk])))
        == []
    )


def last_complete_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.mark.django_db
def test_ladder_movement_lists_only_projects_the_reader_may_open(world):
    # Within the default period, the last 12 complete months, and before it.
    last_month = last_complete_month()
    for project in (world["project"], world["other_project"]):
        ActivityFactory(project=project, date=last_month - datetime.timedelta(days=400), rung=3)
        ActivityFactory(project=project, date=last_month, rung=7)
    staff = results(client_for(world["staff"]).get(reverse("api:ladder_movement")))
    admin = results(client_for(world["admin"]).get(reverse("api:ladder_movement")))
    assert {row["project_title"] for row in admin} == {"Better nights on Willow", "Community café"}
    assert {row["project_title"] for row in staff} == {"Better nights on Willow"}
    assert staff[0]["rung_before"] == 3
    assert staff[0]["rung_now"] == 7
    assert staff[0]["change"] == 4


@pytest.mark.django_db
def test_ladder_mix_counts_activities_by_month_and_rung(world):
    # The month under way is no point on a trend: in the default period's last month.
    ActivityFactory(project=world["project"], date=last_complete_month(), rung=6)
    ActivityFactory(project=world["project"], date=last_complete_month(), rung=6)
    ActivityFactory(project=world["project"], date=timezone.localdate(), rung=6)
    found = results(client_for(world["staff"]).get(reverse("api:ladder_mix")))
    co_design = [row for row in found if row["rung"] == 6]
    assert [row["activities"] for row in co_design] == [2]
    assert co_design[0]["group"] == "doing_with"


# Bad parameters ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "query", "parameter"),
    [
        ("staff", {"colour": "blue"}, "colour"),
        ("staff", {"period": "2026-q9"}, "period"),
        ("staff", {"period": "next-week"}, "period"),
        ("staff", {"service": "999999"}, "service"),
        ("staff", {"service": "willow"}, "service"),
        ("staff", {"page_size": "0"}, "page_size"),
        ("staff", {"page_size": "lots"}, "page_size"),
        ("staff", {"cursor": "not-a-cursor"}, "cursor"),
        ("staff", {"from": "2025-01-01", "to": "2025-02-01"}, "from"),
        ("admin", {"from": "2025-01-01"}, "to"),
        ("admin", {"from": "yesterday", "to": "2025-02-01"}, "from"),
        ("admin", {"from": "2025-03-01", "to": "2025-02-01"}, "to"),
        ("admin", {"project": "one"}, "project"),
    ],
)
def test_a_bad_parameter_gets_a_400_naming_it(world, persona, query, parameter):
    response = client_for(world[persona]).get(reverse("api:activities"), query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert parameter in {error["parameter"] for error in body["errors"]}
    assert all(error["message"] for error in body["errors"])


@pytest.mark.django_db
def test_a_project_the_reader_cannot_open_is_not_found_as_a_filter(world):
    response = client_for(world["staff"]).get(
        reverse("api:activities"), {"project": world["other_project"].pk}
    )
    assert response.status_code == 404
    assert response.json()["detail"]


# Query counts ---------------------------------------------------------------------------


def _more_of_everything(world, n: int) -> None:
    service = ServiceFactory()
    today = timezone.localdate()
    for i in range(n):
        project = ProjectFactory(title=f"Project {i}", services=[world["service"], service])
        for _ in range(3):
            ActivityFactory(project=project, rung=(i % 7) + 1, date=today)
    # A plan with a metric entered by hand and one worked out from the record.
    plan = PlanFactory(service=service)
    typed = MetricFactory(plan=plan)
    for back in range(n):
        month = (today.replace(day=1) - datetime.timedelta(days=31 * back)).replace(day=1)
        ReadingFactory(metric=typed, period=month, value=back)
    MetricFactory(plan=plan, source="computed", computation="co_design_or_above")


LIST_QUERIES = {
    # token (1), services for the filters (1), the page (1), its projects'
    # services (1), the token's last use (1)
    "api:projects": 5,
    # token (1), services for the filters (1), the page with its projects (1),
    # the token's last use (1)
    "api:activities": 4,
    # token (1), services for the hierarchy (1), the page (1), last use (1)
    "api:services": 4,
    # token (1), services (1), the page (1), last use (1)
    "api:plans": 4,
    # token (1), services (1), rounds (1), last use (1) (no closed rounds: no answers read)
    "api:principle_results": 4,
    # token (1), any change the summary tables have not taken in (1), services (1),
    # activities by month and rung (1), last use (1)
    "api:ladder_mix": 5,
    # token (1), services (1), rungs by project and period (1), last use (1)
    "api:ladder_movement": 4,
    # token (1), services (1), plans (1), metrics (1), readings (1), and for the
    # computed metric: any change the summary tables have not taken in (1),
    # activities by month and rung (1); last use (1)
    "api:metric_values": 8,
    "api:metric_spc": 8,
    # token (1), any change not taken in (1), services (1), the headline figures
    # (5), people by involvements (1), quiet services (1), last use (1)
    "api:reach": 11,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_lists_ask_the_same_number_of_queries_however_much_there_is(
    world, django_assert_num_queries, name
):
    client = client_for(world["admin"])
    _more_of_everything(world, 2)
    summaries_catch_up()
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
    _more_of_everything(world, 12)
    summaries_catch_up()
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_a_token_made_for_someone_else_is_not_theirs(world):
    """Ids are not guessable into someone else's rows: a staff member of another
    service reads none of Willow's activities with their own token."""
    other = UserFactory(role=Role.STAFF)
    found = results(client_for(other).get(reverse("api:activities")))
    assert found == []


@pytest.mark.django_db
def test_principles_results_ask_the_same_queries_however_many_rounds_closed(
    world, django_assert_num_queries
):
    from tests.factories import RoundFactory

    today = timezone.localdate()
    client = client_for(world["governance"])

    def close_a_round(days_ago: int) -> None:
        closed = RoundFactory(
            project=world["project"],
            opens_on=today - datetime.timedelta(days=days_ago + 10),
            closes_on=today - datetime.timedelta(days=days_ago),
        )
        for perspective in ("staff", "staff", "staff", "carer"):
            sent_response(closed, perspective, {"power": 4})

    close_a_round(40)
    # token (1), services (1), rounds (1), their projects' rounds (1), answers (1),
    # last use (1)
    with django_assert_num_queries(6):
        assert len(results(client.get(reverse("api:principle_results")))) == 14
    close_a_round(20)
    close_a_round(5)
    with django_assert_num_queries(6):
        assert len(results(client.get(reverse("api:principle_results")))) == 42


@pytest.mark.django_db
def test_metric_values_and_spc_are_the_plan_pages(world, client):
    """Each month's value of a metric entered by hand, and its SPC reading, as the
    dashboard's plan page shows them."""
    plan = PlanFactory(service=world["service"])
    metric = MetricFactory(plan=plan, name="People on the panel")
    # The 20 months up to the last complete one (the month under way is no point
    # on an SPC chart).
    first = last_complete_month()
    months = [first]
    for _ in range(19):
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    for n, month in enumerate(reversed(months)):
        ReadingFactory(metric=metric, period=month, value=10 + n % 3)
    api = client_for(world["staff"])
    values = results(api.get(reverse("api:metric_values"), {"plan": plan.pk}))
    assert [row["month"] for row in values] == [m.isoformat() for m in reversed(months)]
    assert [row["value"] for row in values][:4] == [10.0, 11.0, 12.0, 10.0]
    assert {row["metric"] for row in values} == {"People on the panel"}
    (spc,) = results(api.get(reverse("api:metric_spc"), {"plan": plan.pk}))
    assert spc["points"] == 20
    assert spc["latest_value"] == float(10 + 19 % 3)
    client.force_login(world["staff"])
    page = client.get(reverse("dashboard:plan", args=[plan.pk])).content.decode()
    said = f"Variation: {spc['variation'].lower()}. Assurance: {spc['assurance'].lower()}."
    assert said in page
    # A plan nobody here can read is not found; a staff member reads every plan.
    assert api.get(reverse("api:metric_values"), {"plan": 99999999}).status_code == 404

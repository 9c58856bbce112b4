"""Training cohorts: teams, sessions paid through involvement, and self-ratings
whose change is shown only from 3 people or more."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Activity, Involvement
from projects.principle_texts import CODES
from tests.factories import ActivityFactory, PersonFactory, ProjectFactory, UserFactory
from training.models import Attendance, Cohort, Member, SelfRating, Stage, Team
from training.services import rating_for, rating_save

TODAY = timezone.localdate()


def make_cohort(world, **changes) -> Cohort:
    fields = {
        "name": "May cohort",
        "starts_on": TODAY - datetime.timedelta(days=200),
        "follow_up_on": TODAY - datetime.timedelta(days=10),
        "project": world["project"],
        **changes,
    }
    cohort = Cohort.objects.create(**fields)
    cohort.programme_staff.add(world["staff"])
    return cohort


def make_team(cohort, name: str, people: int) -> Team:
    team = Team.objects.create(cohort=cohort, name=name, aim=f"{name} co-produce ward rounds")
    for i in range(people):
        Member.objects.create(team=team, person=PersonFactory(display_name=f"{name} {i}"))
    return team


def rate(team: Team, stage: str, score) -> None:
    for i, member in enumerate(team.members.all()):
        value = score(i) if callable(score) else score
        rating_save(
            rating=rating_for(member=member, stage=stage), scores=dict.fromkeys(CODES, value)
        )


@pytest.fixture
def cohort(world):
    return make_cohort(world)


def test_admins_start_a_cohort_and_errors_keep_what_was_typed(client, world):
    client.force_login(world["admin"])
    url = reverse("training:cohort_create")
    bad = {
        "name": "June cohort",
        "starts_on_day": "1",
        "starts_on_month": "6",
        "starts_on_year": "2026",
        "follow_up_on_day": "1",
        "follow_up_on_month": "5",
        "follow_up_on_year": "2026",
        "programme_staff": [world["staff"].pk],
    }
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "The follow-up date must be the same as or after the start" in response.text
    assert 'value="June cohort"' in response.text
    response = client.post(url, {**bad, "follow_up_on_month": "11"})
    cohort = Cohort.objects.get(name="June cohort")
    assert response.url == reverse("training:cohort_detail", args=[cohort.pk])
    assert list(cohort.programme_staff.all()) == [world["staff"]]


def test_programme_staff_add_a_team_with_members_from_staff_and_the_register(client, world, cohort):
    client.force_login(world["staff"])
    response = client.post(
        reverse("training:team_create", args=[cohort.pk]),
        {"name": "Willow", "aim": "", "projects": [world["project"].pk]},
    )
    assert "Enter the team&#x27;s co-production aim" in response.text
    client.post(
        reverse("training:team_create", args=[cohort.pk]),
        {"name": "Willow", "aim": "Patients shape ward rounds", "projects": [world["project"].pk]},
    )
    team = Team.objects.get(cohort=cohort)
    assert list(team.projects.all()) == [world["project"]]
    add = reverse("training:member_add", args=[team.pk])
    assert "Choose a member of staff or someone on the register" in client.post(add, {}).text
    client.post(add, {"user": world["staff"].pk})
    client.post(add, {"person": world["person"].pk})
    assert "They are already on this team" in client.post(add, {"person": world["person"].pk}).text
    assert {m.name for m in team.members.all()} == {world["staff"].name, "Rita"}


def test_a_session_is_logged_as_an_activity_that_pays_its_co_facilitators(client, world, cohort):
    client.force_login(world["staff"])
    response = client.post(
        reverse("training:session_create", args=[cohort.pk]),
        {
            "date_day": "18",
            "date_month": "5",
            "date_year": str(TODAY.year),
            "topic": "Sharing power",
            "facilitators": [world["person"].pk],
            "hours": "3",
            "log_activity": "on",
        },
    )
    assert response.status_code == 302
    session = cohort.sessions.get()
    activity = session.activity
    assert activity.kind == Activity.Kind.TRAINING
    assert activity.project == world["project"]
    involvement = activity.involvements.get()
    assert involvement.person == world["person"]
    assert involvement.part == Involvement.Part.CO_FACILITATED
    # 3 hours at the world's rate card of £20 an hour.
    assert (involvement.hours, involvement.fee_due_pence) == (Decimal(3), 6000)


def test_a_session_needs_its_topic_and_a_real_date(client, world, cohort):
    client.force_login(world["staff"])
    response = client.post(
        reverse("training:session_create", args=[cohort.pk]),
        {"date_day": "31", "date_month": "2", "date_year": "2026", "topic": ""},
    )
    assert response.status_code == 200
    assert "Enter the session&#x27;s topic" in response.text
    assert not cohort.sessions.exists()


def test_attendance_is_recorded_per_session(client, world, cohort):
    team = make_team(cohort, "Willow", 3)
    session = cohort.sessions.create(date=TODAY, topic="Power")
    first, second, _ = team.members.all()
    client.force_login(world["staff"])
    url = reverse("training:attendance", args=[session.pk])
    client.post(url, {"members": [first.pk, second.pk]})
    client.post(url, {"members": [second.pk]})
    assert list(Attendance.objects.values_list("member", flat=True)) == [second.pk]


def test_a_personal_link_opens_the_form_once_then_leaves_the_address(client, world, cohort):
    team = make_team(cohort, "Willow", 1)
    member = team.members.get()
    staff = client
    staff.force_login(world["staff"])
    response = staff.post(reverse("training:rating_link", args=[member.pk, "start"]))
    link = response.context["link"]
    staff.logout()
    opened = client.get(link)
    assert opened.status_code == 302
    assert opened.url == reverse("training:rate")
    assert "r/" not in opened.url
    form = client.get(opened.url)
    assert "How confident do you feel?" in form.text
    problem = client.post(opened.url, {"power": "3"})
    assert "Choose how confident you feel about knowledge" in problem.text
    sent = client.post(opened.url, dict.fromkeys(CODES, "4"))
    assert sent.status_code == 302
    rating = SelfRating.objects.get(member=member, stage=Stage.BASELINE)
    assert rating.submitted_at is not None
    assert rating.entered_on_behalf_by is None
    assert sorted(rating.answers.values_list("score", flat=True)) == [4] * 7


def test_a_made_up_or_replaced_link_opens_nothing(client, world, cohort):
    member = make_team(cohort, "Willow", 1).members.get()
    rating = rating_for(member=member, stage=Stage.BASELINE)
    old = rating.new_link()
    rating.save()
    rating.new_link()
    rating.save()
    assert client.get(reverse("training:rate_open", args=[old])).status_code == 404
    assert client.get(reverse("training:rate_open", args=["made-up"])).status_code == 404
    assert "Open your personal link" in client.get(reverse("training:rate")).text


def test_staff_type_in_paper_ratings_marked_as_theirs(client, world, cohort):
    member = make_team(cohort, "Willow", 1).members.get()
    client.force_login(world["staff"])
    url = reverse("training:rating_on_behalf", args=[member.pk, "follow-up"])
    assert "Choose how confident they feel about power" in client.post(url, {}).text
    client.post(url, dict.fromkeys(CODES, "2"))
    rating = SelfRating.objects.get(member=member, stage=Stage.FOLLOW_UP)
    assert rating.entered_on_behalf_by == world["staff"]


def test_nobody_types_over_ratings_someone_sent_themselves(client, world, cohort):
    member = make_team(cohort, "Willow", 1).members.get()
    rating_save(
        rating=rating_for(member=member, stage=Stage.BASELINE), scores=dict.fromkeys(CODES, 5)
    )
    client.force_login(world["staff"])
    url = reverse("training:rating_on_behalf", args=[member.pk, "start"])
    assert client.post(url, dict.fromkeys(CODES, "1")).status_code == 403
    assert set(SelfRating.objects.get().answers.values_list("score", flat=True)) == {5}


def test_follow_up_ratings_wait_for_their_date(client, world):
    cohort = make_cohort(world, follow_up_on=TODAY + datetime.timedelta(days=30))
    member = make_team(cohort, "Willow", 1).members.get()
    client.force_login(world["staff"])
    url = reverse("training:rating_on_behalf", args=[member.pk, "follow-up"])
    assert "Follow-up ratings are not open yet" in client.post(url, dict.fromkeys(CODES, "3")).text
    assert not SelfRating.objects.exists()


def test_the_programme_page_shows_change_per_team_and_cohort(client, world, cohort):
    willow = make_team(cohort, "Willow", 3)
    oak = make_team(cohort, "Oak", 4)
    rate(willow, Stage.BASELINE, lambda i: [2, 2, 3][i])
    rate(willow, Stage.FOLLOW_UP, 4)
    rate(oak, Stage.BASELINE, 3)
    rate(oak, Stage.FOLLOW_UP, lambda i: [3, 4, 4, 5][i])
    client.force_login(world["governance"])
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    teams = {team.name: team.change for team in response.context["teams"]}
    power = teams["Willow"].principles[0]
    assert (power.baseline, power.follow_up, power.change) == (
        Decimal("2.3"),
        Decimal("4.0"),
        Decimal("1.7"),
    )
    oak_power = teams["Oak"].principles[0]
    assert (oak_power.baseline, oak_power.follow_up) == (Decimal("3.0"), Decimal("4.0"))
    whole = response.context["change"].principles[0]
    # (2 + 2 + 3 + 3 * 4) / 7 and (4 * 3 + 3 + 4 + 4 + 5) / 7
    assert (whole.baseline, whole.follow_up) == (Decimal("2.7"), Decimal("4.0"))
    assert "Up 1.7" in response.text


def test_two_people_are_too_few_to_show_and_the_next_team_is_hidden_too(client, world, cohort):
    pair = make_team(cohort, "Pair", 2)
    small = make_team(cohort, "Small", 3)
    big = make_team(cohort, "Big", 5)
    for team in (pair, small, big):
        rate(team, Stage.BASELINE, 3)
    client.force_login(world["admin"])
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    teams = {team.name: team.change for team in response.context["teams"]}
    assert teams["Pair"].principles[0].baseline is None
    assert teams["Pair"].people["baseline"] is None
    # Shown beside the cohort's figure, Small's would give Pair's away.
    assert teams["Small"].principles[0].baseline is None
    assert teams["Big"].principles[0].baseline == Decimal("3.0")
    assert response.context["change"].people["baseline"] == 10
    assert "Fewer than 3 people" in response.text


def test_a_cohort_of_two_people_shows_no_figure(client, world, cohort):
    pair = make_team(cohort, "Pair", 2)
    rate(pair, Stage.BASELINE, 1)
    rate(pair, Stage.FOLLOW_UP, 5)
    client.force_login(world["staff"])
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    whole = response.context["change"]
    assert all(p.baseline is None and p.follow_up is None for p in whole.principles)
    assert "Up " not in response.text


def test_each_teams_aim_sits_beside_what_its_projects_achieved(client, world, cohort):
    team = make_team(cohort, "Willow", 0)
    project = ProjectFactory(title="Ward rounds together", services=[world["service"]])
    team.projects.add(project)
    ActivityFactory(project=project, date=cohort.starts_on, rung=6)
    ActivityFactory(project=project, date=cohort.starts_on, rung=4)
    ActivityFactory(project=project, date=cohort.starts_on - datetime.timedelta(days=1), rung=7)
    client.force_login(world["staff"])
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    assert "Willow co-produce ward rounds" in response.text
    assert "Ward rounds together: 2 activities, highest rung reached: Co-design" in response.text


def test_lists_read_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world["staff"])

    def grow(n: int) -> None:
        for i in range(n):
            make_cohort(world, name=f"Cohort {n}-{i}")

    grow(1)
    # 1 session, 2 user, 3 cohorts with their team counts.
    with django_assert_num_queries(3):
        client.get(reverse("training:cohort_list"))
    grow(3)
    with django_assert_num_queries(3):
        response = client.get(reverse("training:cohort_list"))
    assert len(response.context["cohorts"]) == 4


def test_the_programme_page_reads_in_a_fixed_number_of_queries(
    client, world, cohort, django_assert_num_queries
):
    client.force_login(world["staff"])
    url = reverse("training:cohort_detail", args=[cohort.pk])

    def grow(n: int) -> None:
        for i in range(n):
            team = make_team(cohort, f"Team {n}-{i}", 3)
            team.projects.add(ProjectFactory(services=[world["service"]]))
            member = Member.objects.create(team=team, user=UserFactory())
            rate(team, Stage.BASELINE, 3)
            session = cohort.sessions.create(date=TODAY, topic=f"Topic {n}-{i}")
            session.facilitators.add(PersonFactory())
            Attendance.objects.create(session=session, member=member)

    grow(1)
    # 1 session, 2 user, 3 the cohort (with edit rights), 4 teams, 5 their members
    # with whether each sent ratings, 6 their projects with what they achieved,
    # 7 sessions with their activity and attendance, 8 facilitators, 9 the
    # ratings (no names).
    with django_assert_num_queries(9):
        client.get(url)
    grow(3)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["teams"]) == 4

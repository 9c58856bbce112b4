"""An Always Event's workflow: the stages and what stops them, the statement and
IHI's four criteria, PDSA cycles chained by their act step, spreading, and the list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from improvement.models import AlwaysEvent, Conversation, PdsaCycle, Stage
from tests.factories import ActivityFactory, ProjectFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ALL_FOUR = {
    "statement": "Always call me by the name I choose",
    "important": "on",
    "important_evidence": "Said by 9 of 11 people at the focus group.",
    "evidence_based": "on",
    "evidence_based_evidence": "Patient experience survey 2025.",
    "measurable": "on",
    "measurable_evidence": "Asked at each handover.",
    "affordable": "on",
    "affordable_evidence": "Needs no money, only a habit.",
}


@pytest.fixture
def event(world):
    return AlwaysEvent.objects.create(
        service=world["service"], project=world["project"], title="Names"
    )


def url(name: str, event: AlwaysEvent, **kwargs) -> str:
    return reverse(f"improvement:{name}", kwargs={"pk": event.pk, **kwargs})


def test_it_starts_an_event_for_one_of_the_staff_members_services(client, world):
    client.force_login(world["staff"])
    page = client.get(reverse("improvement:event_create")).content.decode()
    assert world["service"].name in page
    assert world["other_service"].name not in page
    response = client.post(
        reverse("improvement:event_create"),
        {"service": world["other_service"].pk, "title": "Names", "period": "month", "goal": "95"},
    )
    assert response.status_code == 200
    assert "Choose one of your teams or wards" in response.content.decode()
    response = client.post(
        reverse("improvement:event_create"),
        {"service": world["service"].pk, "title": "Names", "period": "week", "goal": "90"},
    )
    event = AlwaysEvent.objects.get()
    assert response["Location"] == url("event_detail", event)
    assert (event.stage, event.period, event.goal, event.created_by) == (
        Stage.GETTING_READY,
        "week",
        90,
        world["staff"],
    )


def test_the_guided_page_says_where_they_are_and_what_is_next(client, world, event):
    client.force_login(world["expert"])
    page = client.get(url("event_detail", event)).content.decode()
    assert 'aria-current="step"' in page
    assert "1. Getting ready" in page
    assert "You are here" in page
    assert "Bring the team together" in page
    # A member of the project reads it but is offered nothing to change.
    assert url("stage_move", event) not in page
    assert url("conversation_add", event) not in page


def test_it_needs_a_what_matters_conversation_before_co_designing(client, world, event):
    client.force_login(world["co_lead"])
    event.stage = Stage.WHAT_MATTERS
    event.save()
    response = client.post(url("stage_move", event), follow=True)
    assert "Add at least one what-matters conversation" in response.content.decode()
    event.refresh_from_db()
    assert event.stage == Stage.WHAT_MATTERS

    response = client.post(
        url("conversation_add", event),
        {"activity": world["activity"].pk, "what_matters": "Being called by my name."},
    )
    assert response.status_code == 302
    assert Conversation.objects.get().created_by == world["co_lead"]
    client.post(url("stage_move", event))
    event.refresh_from_db()
    assert event.stage == Stage.CO_DESIGNING


def test_a_conversation_is_linked_only_to_the_teams_activities(client, world, event):
    elsewhere = ActivityFactory(project=world["other_project"], title="Café tasting")
    client.force_login(world["staff"])
    response = client.post(
        url("conversation_add", event), {"activity": elsewhere.pk, "what_matters": "Tea."}
    )
    assert "Choose one of the team&#x27;s activities" in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_statement_starts_with_always(client, world, event):
    client.force_login(world["staff"])
    response = client.post(
        url("statement_edit", event), {**ALL_FOUR, "statement": "Call me by my name"}
    )
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert "Start the Always Event with the word &#x27;Always&#x27;" in page
    assert "Call me by my name" in page  # what was typed is kept
    event.refresh_from_db()
    assert event.statement == ""


def test_a_ticked_criterion_needs_its_evidence(client, world, event):
    client.force_login(world["staff"])
    response = client.post(url("statement_edit", event), {**ALL_FOUR, "measurable_evidence": ""})
    assert "Give the evidence that it is measurable, or untick it" in response.content.decode()


def test_testing_needs_all_four_criteria_with_their_evidence(client, world, event):
    client.force_login(world["staff"])
    event.stage = Stage.CO_DESIGNING
    event.save()
    partial = {k: v for k, v in ALL_FOUR.items() if not k.startswith("affordable")}
    assert client.post(url("statement_edit", event), partial).status_code == 302
    page = client.post(url("stage_move", event), follow=True).content.decode()
    assert "All four criteria must be met, each with its evidence, before testing" in page
    assert "Still to show: affordable and sustainable." in page
    event.refresh_from_db()
    assert event.stage == Stage.CO_DESIGNING

    client.post(url("statement_edit", event), ALL_FOUR)
    client.post(url("stage_move", event))
    event.refresh_from_db()
    assert event.stage == Stage.TESTING
    assert event.statement == "Always call me by the name I choose"


def plan_cycle(client, event, world, change="Name boards by each bed"):
    return client.post(
        url("cycle_create", event),
        {
            "change": change,
            "prediction": "Staff use people's chosen names",
            "measure": "Ask 10 people each week",
            "people": [world["person"].pk, world["expert_person"].pk],
            "started_on_day": "2",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
    )


def test_a_cycle_names_people_with_lived_experience(client, world, event):
    client.force_login(world["staff"])
    response = plan_cycle(client, event, world)
    assert response.status_code == 302
    cycle = PdsaCycle.objects.get()
    assert cycle.number == 1
    assert set(cycle.people.all()) == {world["person"], world["expert_person"]}
    response = client.post(
        url("cycle_create", event), {"change": "x", "prediction": "y", "measure": "z"}
    )
    assert response.status_code == 302  # the first cycle is not finished yet


def test_a_cycle_without_people_is_refused(client, world, event):
    client.force_login(world["staff"])
    response = client.post(
        url("cycle_create", event),
        {
            "change": "x",
            "prediction": "y",
            "measure": "z",
            "started_on_day": "2",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
    )
    assert "Choose at least one person with lived experience" in response.content.decode()
    assert not PdsaCycle.objects.exists()


def test_the_next_cycle_starts_from_the_last_act(client, world, event):
    client.force_login(world["staff"])
    plan_cycle(client, event, world)
    cycle = PdsaCycle.objects.get()
    edit = url("cycle_edit", event, cycle_pk=cycle.pk)
    # Each step needs the one before it; adapting needs the next step.
    page = client.post(edit, {"act": "adapt", "result": "", "what_happened": ""}).content.decode()
    assert "Compare the result with the prediction before you decide" in page
    page = client.post(
        edit, {"what_happened": "Boards went up", "result": "Better", "act": "adapt"}
    ).content.decode()
    assert "Say what the next cycle will change" in page
    response = client.post(
        edit,
        {
            "what_happened": "Boards went up on 8 of 12 beds",
            "result": "Names used more, but not at night",
            "act": "adapt",
            "next_step": "Add the name to the night handover sheet",
        },
    )
    assert response.status_code == 302

    page = client.get(url("cycle_create", event)).content.decode()
    assert "Plan PDSA cycle 2" in page
    assert "It starts from cycle 1&#x27;s act step: adapt" in page
    assert "Add the name to the night handover sheet</textarea>" in page
    assert "Ask 10 people each week</textarea>" in page
    plan_cycle(client, event, world, change="Add the name to the night handover sheet")
    assert list(event.cycles.values_list("number", flat=True)) == [1, 2]


def test_the_act_step_puts_what_follows_on_the_action_log_once(client, world, event):
    client.force_login(world["staff"])
    plan_cycle(client, event, world)
    cycle = PdsaCycle.objects.get()
    edit = url("cycle_edit", event, cycle_pk=cycle.pk)
    steps = {
        "what_happened": "Boards went up on 8 of 12 beds",
        "result": "Names used more, but not at night",
        "act": "adapt",
        "next_step": "Add the name to the night handover sheet",
    }
    assert client.post(edit, steps).status_code == 302
    action = Action.objects.get()
    assert action.what == "Plan cycle 2 and test: Add the name to the night handover sheet"
    assert (action.owner, action.service, action.source) == (world["staff"], event.service, cycle)
    assert action.due_on == timezone.localdate() + datetime.timedelta(days=28)
    # Correcting the cycle afterwards raises nothing more.
    assert client.post(edit, {**steps, "result": "Names used more by day"}).status_code == 302
    assert Action.objects.count() == 1
    page = client.get(reverse("actions:action_detail", args=[action.pk])).content.decode()
    assert "Names, cycle 1" in page
    assert "PDSA cycle" in page


def test_people_add_actions_for_the_event_they_change(client, world, event):
    raise_url = reverse("actions:raise", args=["always-event", event.pk])
    client.force_login(world["staff"])
    assert raise_url in client.get(url("event_detail", event)).content.decode()
    assert client.get(raise_url).status_code == 200
    # A member of the project sees the event but does not change it; someone
    # outside its team is told it does not exist.
    client.force_login(world["expert"])
    assert client.get(raise_url).status_code == 403
    client.force_login(world["other_staff"])
    assert client.get(raise_url).status_code == 404


def test_a_cycle_is_looked_up_inside_its_event(client, world, event):
    other = AlwaysEvent.objects.create(service=world["service"], title="Other")
    cycle = PdsaCycle.objects.create(
        event=other,
        number=1,
        change="a",
        prediction="b",
        measure="c",
        started_on=datetime.date(2026, 1, 5),
    )
    client.force_login(world["staff"])
    assert client.get(url("cycle_edit", event, cycle_pk=cycle.pk)).status_code == 404


def test_another_team_takes_it_up_and_records_its_own_measure(client, world, event):
    client.force_login(world["staff"])
    response = client.post(
        url("adoption_add", event),
        {
            "service": world["other_service"].pk,
            "started_on_day": "1",
            "started_on_month": "3",
            "started_on_year": "2026",
        },
    )
    assert response.status_code == 302
    # Staff of the team that took it up see it, and record their own team's counts
    # but not the home team's.
    client.force_login(world["other_staff"])
    assert client.get(url("event_detail", event)).status_code == 200
    own = url("reliability_record", event, service_pk=world["other_service"].pk)
    home = url("reliability_record", event, service_pk=world["service"].pk)
    assert client.get(own).status_code == 200
    assert client.get(home).status_code == 403
    # A team that has not taken it up has no measure.
    stranger = ServiceFactory(name="Oak ward")
    client.force_login(world["staff"])
    assert client.get(url("reliability", event, service_pk=stranger.pk)).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_shows_what_the_reader_may_see_in_constant_queries(
    client, world, django_assert_num_queries, count
):
    for i in range(count):
        project = ProjectFactory(title=f"P{i}", services=[world["service"]])
        event = AlwaysEvent.objects.create(
            service=world["service"], project=project, title=f"Event {i}"
        )
        PdsaCycle.objects.create(
            event=event,
            number=1,
            change="a",
            prediction="b",
            measure="c",
            started_on=datetime.date(2026, 1, 5),
        )
    AlwaysEvent.objects.create(service=world["other_service"], title="Not theirs")
    client.force_login(world["staff"])
    # 1 session, 2 user, 3 the events they may see with their service (a join) and
    # counts of cycles and teams (joins, grouped).
    with django_assert_num_queries(3):
        page = client.get(reverse("improvement:event_list")).content.decode()
    assert page.count("Event ") == count
    assert "Not theirs" not in page

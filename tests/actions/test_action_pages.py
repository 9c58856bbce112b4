"""The action log's pages: lists with filters, one action, changing it, marking
it done with evidence, and raising one from a REIS finding."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from tests.factories import ActionFactory, ServiceFactory, UserFactory, reis_assessment

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def finding(world):
    activity = reis_assessment(
        world["project"],
        date=datetime.date(2026, 3, 2),
        ratings={"space": 2, "objects": 3},
        findings={"space": "The lounge has no clock."},
    )
    return activity.reis_scores.get(domain="space")


def test_my_actions_lists_only_mine_not_done_by_default(client, world):
    mine = ActionFactory(service=world["service"], owner=world["staff"], what="Buy a clock")
    ActionFactory(service=world["service"], owner=world["co_lead"], what="Someone else's")
    ActionFactory(
        service=world["service"],
        owner=world["staff"],
        what="Finished one",
        status="done",
        evidence="Bought.",
    )
    client.force_login(world["staff"])
    page = client.get(reverse("actions:my_actions")).content.decode()
    assert mine.what in page
    assert "Someone else&#x27;s" not in page
    assert "Someone else's" not in page
    assert "Finished one" not in page
    done = client.get(reverse("actions:my_actions"), {"show": "done"}).content.decode()
    assert "Finished one" in done
    assert mine.what not in done


def test_the_overdue_filter_shows_only_actions_past_their_date(client, world):
    ActionFactory(service=world["service"], owner=world["staff"], what="Late", due_on=days(-3))
    ActionFactory(service=world["service"], owner=world["staff"], what="On time", due_on=days(3))
    ActionFactory(
        service=world["service"],
        owner=world["staff"],
        what="Late but done",
        due_on=days(-3),
        status="done",
        evidence="Done late.",
    )
    client.force_login(world["staff"])
    page = client.get(reverse("actions:service", args=[world["service"].pk]), {"show": "overdue"})
    content = page.content.decode()
    assert "Late" in content
    assert "On time" not in content
    assert "Late but done" not in content
    assert "1 action: overdue" in content


def test_a_service_list_includes_services_within_it(client, world):
    ward = ServiceFactory(name="Ash ward", parent=world["service"])
    ActionFactory(service=ward, what="Fix the Ash ward door")
    client.force_login(world["staff"])
    page = client.get(reverse("actions:service", args=[world["service"].pk])).content.decode()
    assert "Fix the Ash ward door" in page


@pytest.mark.parametrize("name", ["actions:my_actions", "actions:service"])
def test_lists_cost_the_same_queries_however_many_actions(
    client, world, finding, django_assert_num_queries, name
):
    args = [] if name == "actions:my_actions" else [world["service"].pk]
    client.force_login(world["staff"])

    def add(n: int) -> None:
        for _ in range(n):
            ActionFactory(
                service=world["service"],
                owner=world["staff"],
                due_on=days(-1),
                source_type_id=_content_type_id(finding),
                source_id=finding.pk,
            )
            ActionFactory(service=world["service"], owner=world["staff"])

    add(1)
    # 1 session, 2 user, 3 count, 4 the page of actions with owner and service,
    # 5 the REIS findings they came from with their activities (one per kind of
    # source), [service list: 6 the service, 7 the service tree].
    expected = 5 if name == "actions:my_actions" else 7
    with django_assert_num_queries(expected):
        client.get(reverse(name, args=args))
    add(6)
    with django_assert_num_queries(expected):
        page = client.get(reverse(name, args=args), {"show": "all"}).content.decode()
    assert page.count("From a REIS finding") == 7


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(obj)).pk


def test_the_services_list_counts_open_and_overdue(client, world):
    ActionFactory(service=world["service"], due_on=days(-2))
    ActionFactory(service=world["service"], due_on=days(2))
    ActionFactory(service=world["service"], status="dropped", evidence="Not needed.")
    client.force_login(world["staff"])
    page = client.get(reverse("actions:service_list")).content.decode()
    row = page[page.index("Willow ward") :]
    assert "<td" in row
    cells = [part.split("<")[0] for part in row.split('numeric">')[1:3]]
    assert cells == ["2", "1"]


def test_raising_an_action_from_a_reis_finding(client, world, finding):
    client.force_login(world["staff"])
    url = reverse("actions:raise", args=["reis", finding.pk])
    page = client.get(url).content.decode()
    assert "The lounge has no clock." in page
    assert "From a REIS finding: Everyday space" in page
    missing = client.post(url, {"what": "", "owner": str(world["staff"].pk)})
    content = missing.content.decode()
    assert "Enter what will be done" in content
    assert "Enter when it is due" in content
    assert 'class="nhsuk-error-summary"' in content
    response = client.post(
        url,
        {
            "what": "Put a clock in the lounge",
            "owner": str(world["staff"].pk),
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2027",
        },
    )
    action = Action.objects.get()
    assert response.url == reverse("actions:action_detail", args=[action.pk])
    assert (action.what, action.owner, action.service, action.due_on, action.source) == (
        "Put a clock in the lounge",
        world["staff"],
        world["service"],
        datetime.date(2027, 6, 1),
        finding,
    )
    assert action.created_by == world["staff"]
    detail = client.get(response.url).content.decode()
    assert reverse("projects:activity_detail", args=[finding.activity_id]) in detail


def test_an_owner_must_be_someone_of_the_service(client, world, finding):
    client.force_login(world["staff"])
    stranger = UserFactory(full_name="Stan Stranger")
    response = client.post(
        reverse("actions:raise", args=["reis", finding.pk]),
        {
            "what": "Anything",
            "owner": str(stranger.pk),
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2027",
        },
    )
    assert "Choose who owns it from the list" in response.content.decode()
    assert not Action.objects.exists()


def test_an_unknown_source_kind_is_not_found(client, world):
    client.force_login(world["admin"])
    assert client.get(reverse("actions:raise", args=["nothing", 1])).status_code == 404


def test_marking_done_needs_evidence_and_is_audited(client, world):
    action = ActionFactory(service=world["service"], owner=world["staff"], due_on=days(-5))
    client.force_login(world["staff"])
    url = reverse("actions:action_done", args=[action.pk])
    blank = client.post(url, {"evidence": "   "})
    content = blank.content.decode()
    assert blank.status_code == 200
    assert "Enter what shows it is done" in content
    assert content.count("Enter what shows it is done") == 2, "in the summary and by the field"
    action.refresh_from_db()
    assert action.status == "open"
    client.post(url, {"evidence": "The clock is up; residents chose where."})
    action.refresh_from_db()
    assert (action.status, action.evidence) == ("done", "The clock is up; residents chose where.")
    assert action.closed_at is not None
    assert action.history.count() == 2
    assert action.history.first().history_user == world["staff"]


def test_changing_an_action_to_done_or_dropped_asks_for_evidence(client, world):
    action = ActionFactory(service=world["service"], owner=world["staff"])
    client.force_login(world["staff"])
    url = reverse("actions:action_edit", args=[action.pk])
    base = {
        "what": "Buy a clock",
        "owner": str(world["staff"].pk),
        "due_on_day": "1",
        "due_on_month": "6",
        "due_on_year": "2027",
    }
    done = client.post(url, {**base, "status": "done"}).content.decode()
    assert "Enter what shows it is done" in done
    assert "Buy a clock</textarea>" in done, "input kept"
    dropped = client.post(url, {**base, "status": "dropped"}).content.decode()
    assert "Enter why it was dropped" in dropped
    no_date = client.post(
        url, {**base, "due_on_day": "", "due_on_month": "", "due_on_year": "", "status": "open"}
    )
    assert "Enter when it is due" in no_date.content.decode()
    client.post(url, {**base, "status": "dropped", "evidence": "The ward moved."})
    action.refresh_from_db()
    assert (action.status, action.evidence, action.what) == (
        "dropped",
        "The ward moved.",
        "Buy a clock",
    )
    client.post(url, {**base, "status": "in_progress"})
    action.refresh_from_db()
    assert (action.status, action.closed_at) == ("in_progress", None)


def test_stored_text_is_shown_as_text(client, world):
    action = ActionFactory(
        service=world["service"], owner=world["staff"], what="<script>alert(1)</script>"
    )
    client.force_login(world["staff"])
    for url in (
        reverse("actions:action_detail", args=[action.pk]),
        reverse("actions:my_actions"),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_database_refuses_a_done_action_without_evidence(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(service=world["service"], status="done", evidence="")

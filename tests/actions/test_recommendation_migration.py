"""Peer-review recommendation actions move onto the action log without losing
anything (dashboard migrations 0004 and 0005), and back again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("dashboard", "0003_stored_figures"), ("actions", "0001_action_log")]
AFTER = [("dashboard", "0005_remove_recommendation_action")]


def migrate(targets):
    """Move the named apps to `targets`; the models of every app as they then are."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    moved = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved]
    return executor.loader.project_state([*others, *targets]).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    # Leave the database as every other test expects it.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _recommendations(apps):
    """A charity-wide plan and a Willow plan, each with a sent review: one
    recommendation answered with an action changed twice, one with an action and
    no date, one not accepted (no action), one only dated."""
    Service = apps.get_model("projects", "Service")
    User = apps.get_model("accounts", "User")
    Plan = apps.get_model("projects", "Plan")
    Report = apps.get_model("dashboard", "Report")
    Assignment = apps.get_model("dashboard", "Assignment")
    Review = apps.get_model("dashboard", "Review")
    Recommendation = apps.get_model("dashboard", "Recommendation")
    HistoricalRecommendation = apps.get_model("dashboard", "HistoricalRecommendation")
    willow = Service.objects.create(name="Willow ward", kind="ward")
    owner = User.objects.create(email="owner@example.org", full_name="Olive Owner", role="staff")
    reviewer = User.objects.create(email="rev@example.org", full_name="Rex Reviewer", role="staff")
    made = {}
    for key, service in (("willow", willow), ("charity", None)):
        plan = Plan.objects.create(service=service, sponsor_name=f"Sponsor of {key}")
        report = Report.objects.create(
            plan=plan,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            trigger="request",
            status="ready",
        )
        assignment = Assignment.objects.create(
            report=report,
            kind="lead",
            reviewer=reviewer,
            due_on=datetime.date(2026, 5, 1),
            submitted_at=timezone.now(),
        )
        made[key] = Review.objects.create(assignment=assignment, strengths="Good.")
    first = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=datetime.UTC)

    def answered(review, order, *, action, due, versions=()):
        recommendation = Recommendation.objects.create(
            review=review,
            order=order,
            text=f"Recommendation {order}",
            answer="accepted" if action else "not_accepted",
            reason="" if action else "No budget.",
            action=action,
            action_due_on=due,
            answered_by=owner,
            answered_at=first,
        )
        # The historical models of a migration state write no history of their
        # own: write the rows the product would have written.
        rows = [*versions, (action, due)]
        for number, (text, date) in enumerate([("", None), *rows]):
            HistoricalRecommendation.objects.create(
                id=recommendation.pk,
                review_id=review.pk,
                order=order,
                text=recommendation.text,
                answer=recommendation.answer if number else "",
                reason=recommendation.reason,
                action=text,
                action_due_on=date,
                answered_by_id=owner.pk if number else None,
                answered_at=first if number else None,
                history_date=first + datetime.timedelta(days=number),
                history_user_id=reviewer.pk if number == 0 else owner.pk,
                history_type="+" if number == 0 else "~",
            )
        return recommendation

    changed = answered(
        made["willow"],
        1,
        action="Pay on the day from June.",
        due=datetime.date(2026, 6, 30),
        versions=[
            ("Pay on the day.", datetime.date(2026, 5, 31)),
            ("Pay on the day.", datetime.date(2026, 5, 31)),  # saved again, unchanged
        ],
    )
    undated = answered(made["willow"], 2, action="Ask carers.", due=None)
    refused = answered(made["willow"], 3, action="", due=None)
    dated_only = answered(made["charity"], 1, action="", due=datetime.date(2026, 9, 1))
    return owner, willow, changed, undated, refused, dated_only


def test_every_action_and_its_history_moves_to_the_log_and_back(old_apps):
    owner, willow, changed, undated, refused, dated_only = _recommendations(old_apps)
    new_apps = migrate(AFTER)
    Action = new_apps.get_model("actions", "Action")
    HistoricalAction = new_apps.get_model("actions", "HistoricalAction")
    ContentType = new_apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(app_label="dashboard", model="recommendation")
    actions = {action.source_id: action for action in Action.objects.all()}
    assert set(actions) == {changed.pk, undated.pk, dated_only.pk}, "not accepted: no action"
    moved = actions[changed.pk]
    assert (
        moved.what,
        moved.due_on,
        moved.owner_id,
        moved.service_id,
        moved.status,
        moved.source_type_id,
        moved.created_by_id,
    ) == (
        "Pay on the day from June.",
        datetime.date(2026, 6, 30),
        owner.pk,
        willow.pk,
        "open",
        content_type.pk,
        owner.pk,
    )
    assert (actions[undated.pk].what, actions[undated.pk].due_on) == ("Ask carers.", None)
    # Only a date: the recommendation's own words say what the action is about.
    charity = actions[dated_only.pk]
    assert (charity.what, charity.due_on, charity.service_id) == (
        "Recommendation 1",
        datetime.date(2026, 9, 1),
        None,
    )
    # Every earlier wording and date, with when and by whom, oldest first.
    history = list(
        HistoricalAction.objects.filter(id=moved.pk)
        .order_by("history_date")
        .values_list("what", "due_on", "history_type", "history_user_id")
    )
    assert history == [
        ("Pay on the day.", datetime.date(2026, 5, 31), "+", owner.pk),
        ("Pay on the day from June.", datetime.date(2026, 6, 30), "~", owner.pk),
    ]
    assert moved.created_at == datetime.datetime(2026, 4, 11, 9, 0, tzinfo=datetime.UTC)
    Recommendation = new_apps.get_model("dashboard", "Recommendation")
    assert not hasattr(Recommendation.objects.get(pk=changed.pk), "action")

    back_apps = migrate(BEFORE)
    Recommendation = back_apps.get_model("dashboard", "Recommendation")
    assert Recommendation.objects.get(pk=changed.pk).action == "Pay on the day from June."
    assert Recommendation.objects.get(pk=changed.pk).action_due_on == datetime.date(2026, 6, 30)
    assert Recommendation.objects.get(pk=undated.pk).action == "Ask carers."
    assert Recommendation.objects.get(pk=refused.pk).action == ""
    assert not back_apps.get_model("actions", "Action").objects.exists()
    assert not back_apps.get_model("actions", "HistoricalAction").objects.exists()

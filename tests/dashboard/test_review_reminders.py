"""Reminders: once per step when a review or its answers are overdue, never twice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.models import Assignment, Recommendation, Review
from dashboard.reviews.assigning import reminders_send
from outbox.models import OutboundEmail
from tests.dashboard.reviews_data import assign, ready_report, sent_review
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plan = PlanFactory(service=world["service"])
    plan.owners.add(world["staff"])
    return plan


def keys() -> list[str]:
    return sorted(OutboundEmail.objects.values_list("key", flat=True))


def test_an_overdue_reviewer_gets_each_reminder_step_once(world, plan):
    assignment = assign(ready_report(plan), world["other_staff"])
    due = assignment.due_on
    assert reminders_send(today=due) == 0, "not overdue on the due date itself"
    assert reminders_send(today=due + datetime.timedelta(days=1)) == 1
    assert reminders_send(today=due + datetime.timedelta(days=2)) == 0
    assert keys() == [f"review-{assignment.pk}-reminder-1"]
    reminders_send(today=due + datetime.timedelta(days=8))
    reminders_send(today=due + datetime.timedelta(days=8))
    assert keys() == [f"review-{assignment.pk}-reminder-1", f"review-{assignment.pk}-reminder-2"]
    reminders_send(today=due + datetime.timedelta(days=100))
    reminders_send(today=due + datetime.timedelta(days=200))
    assert len(keys()) == 3, "three reminders at most"
    email = OutboundEmail.objects.get(key=f"review-{assignment.pk}-reminder-1")
    assert email.to == world["other_staff"].email
    assert reverse("dashboard:review_open", args=[assignment.pk]) in email.body


def test_after_a_long_gap_only_the_latest_step_is_sent(world, plan):
    assignment = assign(ready_report(plan), world["other_staff"])
    reminders_send(today=assignment.due_on + datetime.timedelta(days=10))
    assert keys() == [f"review-{assignment.pk}-reminder-2"]


def test_sent_ended_and_unanswered_offers_get_no_reminder(world, plan):
    later = timezone.localdate() + datetime.timedelta(days=60)
    assign(ready_report(plan), world["other_staff"], submitted_at=timezone.now())
    assign(ready_report(plan), world["other_staff"], ended_at=timezone.now())
    assign(ready_report(plan), world["governance"], kind=Assignment.Kind.EXPERT)
    assert reminders_send(today=later) == 0
    assert keys() == []


def test_owners_are_reminded_once_per_step_until_every_recommendation_is_answered(world, plan):
    review = sent_review(ready_report(plan), world["other_staff"])
    due = review.responses_due_on
    assert reminders_send(today=due + datetime.timedelta(days=1)) == 1
    assert reminders_send(today=due + datetime.timedelta(days=1)) == 0
    owner = world["staff"]
    assert keys() == [f"review-{review.assignment_id}-responses-reminder-1-{owner.pk}"]
    Recommendation.objects.filter(review=review).update(answer="accepted")
    Review.objects.filter(pk=review.pk).update(closed_at=timezone.now())
    assert reminders_send(today=due + datetime.timedelta(days=8)) == 0


def test_the_reminder_task_is_scheduled_outside_the_clock_change_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["review-reminders"]
    assert entry["task"] == "dashboard.tasks.review_reminders_task"
    assert entry["schedule"].hour == {9}
    assign_entry = settings.CELERY_BEAT_SCHEDULE["reviewers-assign"]
    assert assign_entry["task"] == "dashboard.tasks.reviewers_assign_task"

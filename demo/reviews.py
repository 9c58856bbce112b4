"""Peer review in the demo: the last two quarters' reports for a few plans, with
reviewers chosen by the real rotation rule, reviews sent and answered, one still
being written by each printed login, and an offer waiting for the printed expert.

The reports here are marked ready without numbers: the report builder fills the
snapshot where it is wired in. Reviewers are assigned directly (not through the
outbox), so making the demo sends no email.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from simple_history.utils import bulk_create_with_history

from actions.models import Action
from dashboard.models import (
    Assignment,
    ExpertReview,
    ExpertVolunteer,
    Recommendation,
    Report,
    Review,
    StandardRating,
)
from dashboard.reports.snapshot import report_snapshot
from dashboard.reviews.assigning import expert_candidates, lead_candidates
from demo.story import Story, stamp
from projects.models import Plan

RATINGS = ["met", "partly", "partly", "not_met"]
EVIDENCE = {
    "met": "Minutes show people with lived experience set the agenda at every meeting.",
    "partly": "It happens in the steering group, but not yet in day-to-day decisions.",
    "not_met": "The report shows no activity at co-design or above on this yet.",
}
RECOMMENDATIONS = [
    "Pay expenses within a week, not at the end of the month.",
    "Invite carers to the steering group, with a paid place.",
    "Share what changed after each activity with everyone who took part.",
]
ANSWERS = [
    ("accepted", "", "Finance agreed weekly expense runs from April.", 90),
    ("partly", "We can fund one paid place this year, not two.", "One paid carer place.", 120),
    ("not_accepted", "We already send a 'you said, we did' note after each activity.", "", None),
]


def _quarters(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The last two complete quarters, oldest first."""
    start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(2):
        end = start - datetime.timedelta(days=1)
        start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        quarters.append((start, end))
    return quarters[::-1]


def _assign(story: Story, report: Report, reviewer, kind: str, days_ago: int, **extra):
    assigned = story.moment(story.day(days_ago))
    assignment = Assignment(
        report=report,
        reviewer=reviewer,
        kind=kind,
        assigned_at=assigned,
        due_on=assigned.date() + datetime.timedelta(days=28),
        **extra,
    )
    stamp([assignment], when=assigned)
    assignment.save()
    return assignment


def _sent_review(story: Story, assignment: Assignment, owner, *, answered: bool) -> None:
    plan = assignment.report.plan
    sent = assignment.assigned_at + datetime.timedelta(days=story.rng.randint(10, 25))
    Assignment.objects.filter(pk=assignment.pk).update(submitted_at=sent)
    review = Review(
        assignment=assignment,
        strengths="People with lived experience chair the steering group and help run "
        "the recovery sessions. The ladder mix moved up this quarter.",
        responses_due_on=sent.date() + datetime.timedelta(days=28),
    )
    stamp([review], when=sent, by=assignment.reviewer)
    review.save()
    ratings = [
        StandardRating(
            review=review,
            standard=standard,
            statement=standard.statement,
            rating=(rating := story.rng.choice(RATINGS)),
            evidence=EVIDENCE[rating],
        )
        for standard in plan.standards.all()
    ]
    stamp(ratings, when=sent, by=assignment.reviewer)
    StandardRating.objects.bulk_create(ratings)
    recommendations = []
    for order, text in enumerate(RECOMMENDATIONS, start=1):
        recommendation = Recommendation(review=review, order=order, text=text)
        if answered:
            answer, reason, _action, _due_in = ANSWERS[order - 1]
            recommendation.answer, recommendation.reason = answer, reason
            recommendation.answered_by = owner
            recommendation.answered_at = sent + datetime.timedelta(days=12)
        recommendations.append(recommendation)
    stamp(recommendations, when=sent, by=assignment.reviewer)
    Recommendation.objects.bulk_create(recommendations)
    if answered:
        _actions_log(story, plan, owner, recommendations, sent)
    if answered:
        Review.objects.filter(pk=review.pk).update(closed_at=sent + datetime.timedelta(days=12))


def create_reviews(story: Story) -> None:
    users = story.users
    for key in ("jordan", "dev", "yasmin"):
        ExpertVolunteer.objects.create(user=users[key])
    owner = users["sunita"]
    plans = {
        key: Plan.objects.select_related("service").get(service=story.services[key])
        for key in ("birch", "riverside", "hazel", "college")
    }
    plans["birch"].owners.add(owner)
    (old_start, old_end), (new_start, new_end) = _quarters(story.today)
    for key, plan in plans.items():
        for start, end, days_ago in ((old_start, old_end, 80), (new_start, new_end, 6)):
            # The reports demo may have built this one already; review that one.
            report = Report.objects.filter(
                plan=plan, period_start=start, period_end=end
            ).first() or Report(
                plan=plan,
                period_start=start,
                period_end=end,
                trigger=Report.Trigger.SCHEDULE,
                status=Report.Status.READY,
                snapshot=report_snapshot(plan=plan, start=start, last_day=end),
                attempts=1,
                built_at=story.moment(story.day(days_ago)),
            )
            if report.pk is None:
                stamp([report], when=report.built_at)
                report.save()
            recent = days_ago < 30
            # The printed logins each have a review to write in the latest quarter.
            if recent and key == "birch":
                lead = users["graham"]
            elif recent and key == "riverside":
                lead = users["sunita"]
            else:
                lead = lead_candidates(plan).first()
            assignment = _assign(story, report, lead, Assignment.Kind.LEAD, days_ago)
            if not recent:
                _sent_review(story, assignment, plan_owner(plan, owner), answered=key != "hazel")
            candidates = expert_candidates(report)
            if recent:
                # The printed expert has an offer waiting, where the rule allows one.
                jordan = candidates.filter(pk=users["jordan"].pk).first()
                if jordan and not Assignment.objects.filter(reviewer=jordan).exists():
                    _assign(
                        story, report, jordan, Assignment.Kind.EXPERT, days_ago, status="offered"
                    )
                continue
            expert = candidates.exclude(pk=users["jordan"].pk).first()
            if expert is not None:
                helper = _assign(
                    story, report, expert, Assignment.Kind.EXPERT, days_ago, status="accepted"
                )
                Assignment.objects.filter(pk=helper.pk).update(
                    submitted_at=helper.assigned_at + datetime.timedelta(days=9)
                )
                ExpertReview.objects.create(
                    assignment=helper,
                    going_well="Staff listen and people feel welcome at the groups.",
                    could_be_better="Meetings in the evening are hard to get to by bus.",
                )


def plan_owner(plan: Plan, staff_owner):
    """Who answered: the ward's own staff owner where there is one, else the admin."""
    return staff_owner if plan.owners.filter(pk=staff_owner.pk).exists() else plan.owners.first()


def _actions_log(story: Story, plan, owner, recommendations, sent) -> None:
    """What the owners said they would do, on the action log: the earliest one
    done, with its evidence."""
    content_type = ContentType.objects.get_for_model(Recommendation)
    actions = []
    for recommendation in recommendations:
        _answer, _reason, what, due_in = ANSWERS[recommendation.order - 1]
        if not what:
            continue
        due_on = sent.date() + datetime.timedelta(days=due_in) if due_in else None
        done = due_on is not None and due_on < story.today and not actions
        actions.append(
            Action(
                what=what,
                owner=owner,
                service=plan.service,
                due_on=due_on,
                status=Action.Status.DONE if done else Action.Status.OPEN,
                evidence="Agreed at the ward's community meeting; minutes kept on the ward."
                if done
                else "",
                closed_at=sent + datetime.timedelta(days=due_in) if done else None,
                source_type=content_type,
                source_id=recommendation.pk,
                created_by=owner,
                created_at=sent + datetime.timedelta(days=12),
            )
        )
    stamp(actions, when=sent + datetime.timedelta(days=12), by=owner)
    bulk_create_with_history(actions, Action)

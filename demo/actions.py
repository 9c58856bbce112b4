"""The action log's story: what each ward said it would do about its REIS findings.

Every low score (1 or 2) on an assessment raises an action, due six weeks later,
owned by whoever logged the assessment. Most of the old ones are done, with the
evidence; one was dropped; the latest assessments leave some in progress and
some overdue, so the dashboard and "My actions" have something to chase.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from simple_history.utils import bulk_create_with_history

from actions.models import Action
from demo.story import Story, stamp
from projects.models import Activity, ReisScore

DUE_AFTER = datetime.timedelta(weeks=6)
WHAT = {
    "space": "Make the lounge quieter in the evening, with the people who use it",
    "objects": "Replace the broken kettle and put the games where people can reach them",
    "relationships": "Staff sit with people at one meal a day",
    "activities": "Agree a weekly timetable with the community meeting",
}
EVIDENCE = [
    "Done and checked at the next community meeting; the minutes are on the ward.",
    "Residents chose what to buy; receipts are with the ward manager.",
    "Seen on the ward walk-round; people said it made a difference.",
]
DROPPED = "Not needed any more: the ward moved to the new building."


def create_actions(story: Story) -> list[Action]:
    content_type = ContentType.objects.get_for_model(ReisScore)
    assessments = [a for a in story.activities if a.kind == Activity.Kind.REIS]
    latest = {}
    for activity in assessments:
        latest[activity.project_id] = activity.pk
    scores = (
        ReisScore.objects.filter(activity__in=assessments, rating__lte=2)
        .select_related("activity__project", "activity__created_by")
        .order_by("activity__date", "activity__pk", "domain")
    )
    actions = []
    for number, score in enumerate(scores):
        activity = score.activity
        service = activity.project.services.order_by("name").first()
        due_on = activity.date + DUE_AFTER
        if latest[activity.project_id] == activity.pk and due_on < story.today:
            # From the latest assessment: one still in progress, the rest overdue.
            status = Action.Status.IN_PROGRESS if number % 3 == 0 else Action.Status.OPEN
            evidence = ""
        elif due_on >= story.today:
            status, evidence = Action.Status.OPEN, ""
        elif number % 7 == 3:
            status, evidence = Action.Status.DROPPED, DROPPED
        else:
            status, evidence = Action.Status.DONE, EVIDENCE[number % len(EVIDENCE)]
        raised = story.moment(activity.date + datetime.timedelta(days=2))
        closed = (
            story.moment(due_on - datetime.timedelta(days=story.rng.randint(0, 10)))
            if evidence
            else None
        )
        action = Action(
            what=WHAT[score.domain],
            owner=activity.created_by,
            service=service,
            due_on=due_on,
            status=status,
            evidence=evidence,
            closed_at=closed,
            source_type=content_type,
            source_id=score.pk,
            created_by=activity.created_by,
            created_at=raised,
        )
        stamp([action], when=closed or raised, by=activity.created_by)
        actions.append(action)
    return bulk_create_with_history(actions, Action)

"""The work: projects with their leads and members, and their activities
(with REIS scores for environmental assessments)."""

from __future__ import annotations

import datetime
import random

from simple_history.utils import bulk_create_with_history

from demo import words
from demo.cast import USERS
from demo.story import Story, backdate, stamp
from demo.storylines import STORYLINES, Storyline
from projects.models import Activity, Membership, Project, ReisDomain, ReisScore

Kind = Activity.Kind

# How long each kind of activity usually takes, in minutes.
DURATIONS: dict[str, list[int]] = {
    Kind.MEETING: [60, 60, 75, 90],
    Kind.WORKSHOP: [120, 150, 180],
    Kind.FOCUS_GROUP: [90, 90, 120],
    Kind.QUESTIONNAIRE: [30, 45, 60],
    Kind.INTERVIEW_PANEL: [180, 240, 300],
    Kind.EVENT: [150, 180, 240],
    Kind.TRAINING: [120, 120, 150],
    Kind.REIS: [150, 180, 240],
    Kind.ALWAYS_EVENT: [60, 90, 120],
    Kind.WRITING: [90, 120],
    Kind.OTHER: [60, 90],
}

# Activities in the last fortnight have not had "what changed" filled in yet.
WHAT_CHANGED_AFTER_DAYS = 14
# Share of repeated activities whose "what changed" someone went back and filled in.
WHAT_CHANGED_SHARE = 0.65


def create_projects(story: Story) -> None:
    """Twenty projects across the services, each with its leads and members."""
    projects = []
    for line in STORYLINES:
        first_lead = next(key for key in line.leads if story.users[key].has_staff_role)
        project = Project(
            title=line.title,
            aim=line.aim,
            status=line.status,
            start_date=story.day(line.start),
            end_date=story.day(line.end)
            if line.end is not None and line.status == Project.Status.COMPLETED
            else None,
            created_by=story.users[first_lead],
        )
        project.created_at = story.moment(project.start_date - datetime.timedelta(days=7))
        stamp([project], when=project.created_at, by=project.created_by)
        projects.append(project)
    projects = bulk_create_with_history(projects, Project)
    backdate(Project, projects, "created_at")

    links, memberships = [], []
    for line, project in zip(STORYLINES, projects, strict=True):
        story.projects[line.key] = project
        story.storylines[line.key] = line
        links += [
            Project.services.through(project_id=project.pk, service_id=story.services[key].pk)
            for key in line.services
        ]
        for key in member_keys(story, line):
            membership = Membership(
                project=project,
                user=story.users[key],
                role=Membership.Role.LEAD if key in line.leads else Membership.Role.MEMBER,
                added_at=project.created_at,
            )
            stamp([membership], when=project.created_at, by=project.created_by)
            memberships.append(membership)
    Project.services.through.objects.bulk_create(links)
    memberships = bulk_create_with_history(memberships, Membership)
    backdate(Membership, memberships, "added_at")


def create_activities(story: Story) -> None:
    """A few hundred activities over two years, each project in its own rhythm,
    with REIS scores for environmental assessments."""
    activities = []
    for key, line in story.storylines.items():
        activities += _project_activities(story, story.projects[key], line)
    activities.sort(key=lambda activity: (activity.date, activity.title))
    activities = bulk_create_with_history(activities, Activity)
    backdate(Activity, activities, "created_at")
    story.activities = activities
    _create_reis_scores(story)


def member_keys(story: Story, line: Storyline) -> list[str]:
    """Leads and named members first, then the other staff of the project's services."""
    keys = list(dict.fromkeys([*line.leads, *line.members]))
    for spec in USERS:
        if spec.key not in keys and set(spec.services) & set(line.services):
            keys.append(spec.key)
    return keys


def _project_activities(story: Story, project: Project, line: Storyline) -> list[Activity]:
    rng = story.rng
    last = story.day(line.end if line.end is not None else 1)
    dates = _weekdays(rng, project.start_date, last, line.activities)
    plan: list = [None] * len(dates)
    for index, beat in enumerate(line.beats):
        at = beat.at if beat.at is not None else index / max(len(line.beats) - 1, 1)
        plan[_nearest_free(plan, round(at * (len(dates) - 1)))] = beat
    counts: dict[str, int] = {}
    activities = []
    for day, beat in zip(dates, plan, strict=True):
        if beat is None:
            repeat = rng.choice(line.repeats)
            counts[repeat.title] = counts.get(repeat.title, 0) + 1
            number = counts[repeat.title]
            if repeat.cycle:
                number = (number - 1) % repeat.cycle + 1
            kind, description = repeat.kind, repeat.description
            title = repeat.title.format(n=number, month=f"{day:%B %Y}")
            changed = (
                rng.choice(words.WHAT_CHANGED[kind]) if rng.random() < WHAT_CHANGED_SHARE else ""
            )
        else:
            kind, title, description, changed = (
                beat.kind,
                beat.title,
                beat.description,
                beat.what_changed,
            )
        if (story.today - day).days < WHAT_CHANGED_AFTER_DAYS:
            changed = ""
        activity = Activity(
            project=project,
            date=day,
            kind=kind,
            title=title,
            description=description,
            duration_minutes=rng.choice(DURATIONS[kind]),
            what_changed=changed,
            created_by=project.created_by,
        )
        stamp(
            [activity],
            when=story.moment(day + datetime.timedelta(days=rng.randint(0, 3))),
            by=project.created_by,
        )
        activities.append(activity)
    return activities


def _weekdays(
    rng: random.Random, first: datetime.date, last: datetime.date, count: int
) -> list[datetime.date]:
    """`count` different weekdays between `first` and `last`, in order."""
    days = [
        first + datetime.timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if (first + datetime.timedelta(days=offset)).weekday() < 5
    ]
    return sorted(rng.sample(days, k=count))


def _nearest_free(plan: list, target: int) -> int:
    for distance in range(len(plan)):
        for index in (target + distance, target - distance):
            if 0 <= index < len(plan) and plan[index] is None:
                return index
    raise ValueError("A storyline has more beats than activities.")


def _create_reis_scores(story: Story) -> None:
    """Four domain scores for each assessment; wards get better each time round."""
    rng = story.rng
    rounds: dict[int, int] = {}
    scores = []
    for activity in story.activities:
        if activity.kind != Kind.REIS:
            continue
        round_number = rounds[activity.project_id] = rounds.get(activity.project_id, 0) + 1
        for domain in ReisDomain:
            rating = min(4, max(1, round_number + rng.choice([-1, 0, 0, 1])))
            band = "low" if rating <= 2 else "high"
            score = ReisScore(
                activity=activity,
                domain=domain.value,
                rating=rating,
                findings=rng.choice(words.REIS_FINDINGS[domain.value][band]),
            )
            stamp([score], when=activity._history_date, by=activity.created_by)  # type: ignore[attr-defined]
            scores.append(score)
    bulk_create_with_history(scores, ReisScore)

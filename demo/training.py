"""The demo's co-production training: one cohort of seven teams that started in
May, each with its own aim and project, monthly co-facilitated sessions, and how
confident each person felt in the seven principles at the start and at follow-up.

One team has only two people, so the programme page shows what it hides (and
hides the next smallest team too, so the small one cannot be worked out).
"""

from __future__ import annotations

import datetime

from demo.story import Story
from projects.principle_texts import CODES
from training.models import Attendance, Cohort, Member, Stage, Team, TrainingSession
from training.services import rating_for, rating_save

TEAMS = [
    ("Birch ward", "Patients help plan the ward's daily routine."),
    ("Cedar ward", "Families shape how visiting works."),
    ("Willow ward", "People who use the ward help redesign night checks."),
    ("Community team", "Peer workers sit on every interview panel."),
    ("Crisis team", "People who used crisis care rewrite our first letter."),
    ("Recovery college", "Courses are planned and taught with people with lived experience."),
    ("Older adults team", "Carers help choose what we measure."),
]
TOPICS = [
    "What co-production is, and is not",
    "Sharing power",
    "Valuing what everyone knows",
    "Fair give and take",
    "Reflecting together",
    "Working flexibly",
]
SMALL_TEAM = "Crisis team"


def create_training(story: Story) -> Cohort:
    rng = story.rng
    starts_on = _last_may(story.today - datetime.timedelta(days=160))
    programme_staff = [u for u in story.users.values() if u.is_staff_member][:2]
    cohort = Cohort.objects.create(
        name=f"May {starts_on.year} cohort",
        starts_on=starts_on,
        follow_up_on=starts_on + datetime.timedelta(days=150),
    )
    cohort.programme_staff.set(programme_staff)
    people = sorted(story.people.values(), key=lambda person: person.pk)
    projects = sorted(story.projects.values(), key=lambda project: project.pk)
    chosen = rng.sample(people, k=min(len(people), 40))
    members: list[Member] = []
    for n, (name, aim) in enumerate(TEAMS):
        team = Team.objects.create(cohort=cohort, name=name, aim=aim)
        if projects:
            team.projects.add(projects[n % len(projects)])
        size = 2 if name == SMALL_TEAM else rng.randint(3, 5)
        for person in chosen[:size]:
            members.append(Member.objects.create(team=team, person=person))
        chosen = chosen[size:]
    facilitators = [p for p in people if p not in {m.person for m in members}][:4]
    for n, topic in enumerate(TOPICS):
        session = TrainingSession.objects.create(
            cohort=cohort, date=starts_on + datetime.timedelta(days=21 * n), topic=topic
        )
        session.facilitators.set(rng.sample(facilitators, k=min(2, len(facilitators))))
        Attendance.objects.bulk_create(
            Attendance(session=session, member=member) for member in members if rng.random() < 0.85
        )
    on_paper = programme_staff[0] if programme_staff else None
    for member in members:
        baseline = {code: rng.choice([1, 2, 2, 3, 3]) for code in CODES}
        # Most grow in confidence by the follow-up; a few stay where they were.
        follow_up = {
            code: min(5, score + rng.choice([0, 1, 1, 2])) for code, score in baseline.items()
        }
        for stage, scores in ((Stage.BASELINE, baseline), (Stage.FOLLOW_UP, follow_up)):
            by = on_paper if rng.random() < 0.2 else None
            rating_save(rating=rating_for(member=member, stage=stage), scores=scores, by=by)
    return cohort


def _last_may(on_or_before: datetime.date) -> datetime.date:
    """The first Monday of the latest May on or before the day."""
    year = on_or_before.year if on_or_before.month >= 5 else on_or_before.year - 1
    day = datetime.date(year, 5, 1)
    while day.weekday() != 0:
        day += datetime.timedelta(days=1)
    return day

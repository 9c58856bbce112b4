"""Two Always Events: Birch ward's, about night checks, tested through two PDSA
cycles and now spreading to Rowan ward (each ward counting its own); and Hazel
ward's, about the ward round, written with people and in its first test.

Birch ward's reliability is a metric of its growth plan, so the plan page and the
dashboard chart the same monthly percentages.
"""

from __future__ import annotations

import datetime

from demo.story import Story, stamp
from improvement.models import Adoption, AlwaysEvent, Conversation, PdsaCycle, Stage
from improvement.services import reliability_record
from projects.models import Activity, Metric, Plan

# How many months each ward has counted.
BIRCH_MONTHS = 18
ROWAN_MONTHS = 6


def _months_back(story: Story, count: int) -> list[datetime.date]:
    """The first days of the `count` whole months before this one, oldest first."""
    month = story.today.replace(day=1)
    found = []
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        found.append(month)
    return found[::-1]


def _people_of(story: Story, project_key: str, count: int):
    """People on the register who took part in the project's activities."""
    project = story.projects[project_key]
    in_project = {a.pk for a in story.activities if a.project_id == project.pk}
    people = {person.pk: person for person in story.people.values()}
    seen: dict[int, object] = {}
    for involvement in story.involvements:
        if involvement.person_id and involvement.activity_id in in_project:
            seen.setdefault(involvement.person_id, people[involvement.person_id])
    return list(seen.values())[:count]


def _what_matters_activities(project) -> list[Activity]:
    """The project's first Always Event activity and its first focus group or
    workshop: where people said what matters."""
    found = []
    for kinds in ({"always_event"}, {"focus_group", "workshop"}):
        first = (
            Activity.objects.filter(project=project, kind__in=kinds).order_by("date", "pk").first()
        )
        if first is not None:
            found.append(first)
    return found


def create_always_events(story: Story) -> list[AlwaysEvent]:
    rng = story.rng
    sunita, bethan = story.users["sunita"], story.users["bethan"]
    birch, rowan, hazel = story.services["birch"], story.services["rowan"], story.services["hazel"]

    plan = Plan.objects.filter(service=birch).order_by("-start_year").first()
    metric = None
    if plan is not None:
        metric = Metric.objects.create(
            plan=plan,
            name="Night checks explained on the first evening",
            definition="Out of everyone admitted, the share who had night checks explained "
            "on their first evening (from the Always Event's counts).",
            unit=Metric.Unit.PERCENT,
            target=95,
            source=Metric.Source.ALWAYS_EVENT,
            order=99,
        )

    nights = AlwaysEvent(
        service=birch,
        project=story.projects["calmer_nights"],
        title="Night checks explained",
        stage=Stage.SPREADING,
        statement="Always explain what night checks are for, and how they will be done, "
        "on someone's first evening",
        important=True,
        important_evidence="In the sleep survey and the nights focus group, being woken "
        "without knowing why was the thing people minded most.",
        evidence_based=True,
        evidence_based_evidence="Trust patient experience survey; national guidance on "
        "therapeutic observation says people should know why they are checked.",
        measurable=True,
        measurable_evidence="The nurse in charge asks each new admission the next morning.",
        affordable=True,
        affordable_evidence="It takes five minutes of the admitting nurse's time; no cost.",
        happened="the person said night checks were explained on their first evening",
        should_have="each person admitted to the ward",
        period=AlwaysEvent.Period.MONTH,
        goal=95,
        plan_metric=metric,
        created_by=sunita,
    )
    hazel_event = AlwaysEvent(
        service=hazel,
        project=story.projects["ward_round"],
        title="Your say before the ward round",
        stage=Stage.TESTING,
        statement="Always ask me what I want to talk about before my ward round",
        important=True,
        important_evidence="People at the ward round workshop said they felt talked about, "
        "not talked to.",
        evidence_based=True,
        evidence_based_evidence="Learning disability good practice on shared decisions.",
        measurable=True,
        measurable_evidence="A tick on the ward round sheet, checked weekly.",
        affordable=True,
        affordable_evidence="An Easy Read card and ten minutes with a named nurse.",
        happened="the person was asked before their ward round, with the Easy Read card",
        should_have="each ward round",
        period=AlwaysEvent.Period.WEEK,
        goal=90,
        created_by=bethan,
    )
    for event, by in ((nights, sunita), (hazel_event, bethan)):
        stamp([event], when=story.moment(story.day(560 if event is nights else 120)), by=by)
        event.save()

    for event, by in ((nights, sunita), (hazel_event, bethan)):
        for activity in _what_matters_activities(event.project):
            Conversation.objects.create(
                event=event,
                activity=activity,
                created_by=by,
                what_matters=(
                    "Knowing why someone looks in at night, and that it is to keep me safe."
                    if event is nights
                    else "Being asked what I want to talk about, in words I understand."
                ),
            )

    night_people = _people_of(story, "calmer_nights", 3)
    months = _months_back(story, BIRCH_MONTHS)
    cycles = [
        PdsaCycle(
            event=nights,
            number=1,
            change="The admitting nurse explains night checks at the evening handover.",
            prediction="Most people will say it was explained.",
            measure="Ask each new admission the next morning.",
            what_happened="It was done when the ward was quiet, missed on busy evenings.",
            result="About two in three were told, fewer than we predicted.",
            act=PdsaCycle.Act.ADAPT,
            next_step="Add 'night checks explained' to the admission checklist.",
            started_on=months[6],
            created_by=sunita,
        ),
        PdsaCycle(
            event=nights,
            number=2,
            change="Add 'night checks explained' to the admission checklist.",
            prediction="Nine in ten will be told on their first evening.",
            measure="Ask each new admission the next morning.",
            what_happened="The checklist item was ticked for nearly everyone.",
            result="Above nine in ten for four months running.",
            act=PdsaCycle.Act.ADOPT,
            next_step="Offer it to Rowan ward.",
            started_on=months[10],
            created_by=sunita,
        ),
        PdsaCycle(
            event=hazel_event,
            number=1,
            change="A named nurse uses the Easy Read card the day before each ward round.",
            prediction="Most people will have had their say before the ward round.",
            measure="A tick on the ward round sheet.",
            started_on=story.today - datetime.timedelta(days=35),
            created_by=bethan,
        ),
    ]
    for cycle in cycles:
        cycle.save()
        cycle.people.set(
            night_people if cycle.event is nights else _people_of(story, "ward_round", 2)
        )

    # Birch: about 60% before the first cycle, 70% after it, over 90% once adopted.
    for i, month in enumerate(months):
        level = 60 if i < 6 else 70 if i < 10 else 93
        should = rng.randint(14, 22)
        happened = min(should, round(should * (level + rng.randint(-8, 6)) / 100))
        reliability_record(
            event=nights,
            service=birch,
            period_start=month,
            happened=happened,
            should_have=should,
            user=sunita,
        )
    adoption = Adoption(event=nights, service=rowan, started_on=_months_back(story, 6)[0])
    stamp([adoption], when=story.moment(adoption.started_on), by=sunita)
    adoption.save()
    for month in _months_back(story, ROWAN_MONTHS):
        should = rng.randint(10, 16)
        happened = min(should, round(should * rng.randint(75, 95) / 100))
        reliability_record(
            event=nights,
            service=rowan,
            period_start=month,
            happened=happened,
            should_have=should,
            user=story.users["kieran"],
        )
    # Hazel counts each week since its first cycle began.
    monday = story.today - datetime.timedelta(days=story.today.weekday())
    for weeks_ago in range(5, 0, -1):
        should = rng.randint(6, 9)
        reliability_record(
            event=hazel_event,
            service=hazel,
            period_start=monday - datetime.timedelta(weeks=weeks_ago),
            happened=min(should, rng.randint(3, should)),
            should_have=should,
            user=bethan,
        )
    return [nights, hazel_event]

"""Growth plans for the demo: every ward and team has one under a charity-wide plan.

Each plan has standards, two priorities delivered by the service's own projects,
and three metrics: two worked out from the logged activity (they need no stored
values: the plan page computes each month) and one entered by hand, with a value
for each of the last 24 months.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo.story import Story, stamp
from projects.metrics import months_ending
from projects.models import Metric, Plan, Priority, Project, Reading, Service, Standard
from projects.rungs import Rung

STANDARDS = [
    ("People who use the service help choose what we work on each year.", "power"),
    ("Lived experience is treated as expertise, alongside professional knowledge.", "knowledge"),
    ("We pay people for their time, on time, and tell them what changed.", "give_and_take"),
    ("After each piece of work we ask what went well and what to do differently.", "reflection"),
]
PRIORITIES = [
    ("Co-design the changes people asked for most", Rung.CO_DESIGN, "on_track"),
    ("Peer workers help deliver what we build together", Rung.CO_PRODUCTION, "at_risk"),
]


def create_plans(story: Story) -> None:
    admin = story.users["amara"]
    when = story.moment(story.day(720))
    last_month = story.today.replace(day=1) - datetime.timedelta(days=1)
    months = months_ending(last_month, 24)
    charity = Plan(service=None, sponsor_name="Amara Okafor, Director of Nursing", status="active")
    stamp([charity], when=when, by=admin)
    charity.save()
    wards_and_teams = [
        s for s in story.services.values() if s.kind in {Service.Kind.WARD, Service.Kind.TEAM}
    ]
    for service in wards_and_teams:
        plan = Plan(
            service=service,
            parent=charity,
            sponsor_name="Amara Okafor, Director of Nursing",
            sponsor_user=admin,
            status="active",
            phase="implement" if story.today.year >= 2026 else "establish",
            next_review_due=story.today.replace(day=1) + datetime.timedelta(days=40),
            created_by=admin,
        )
        stamp([plan], when=when, by=admin)
        plan.save()
        plan.owners.add(admin)
        standards = [
            Standard(plan=plan, statement=text, principle=principle, order=n)
            for n, (text, principle) in enumerate(story.rng.sample(STANDARDS, 3), start=1)
        ]
        stamp(standards, when=when, by=admin)
        Standard.objects.bulk_create(standards)
        projects = list(Project.objects.filter(services=service).order_by("start_date", "pk"))
        for n, (title, rung, status) in enumerate(PRIORITIES, start=1):
            priority = Priority(
                plan=plan,
                title=title,
                target_rung=rung,
                due_date=datetime.date(2027, 3, 31),
                status=status,
                status_reason="Agreed at the quarterly review." if status != "not_started" else "",
                order=n,
            )
            stamp([priority], when=when, by=admin)
            priority.save()
            linked = [p.pk for p in projects[n - 1 :: 2]]
            Project.objects.filter(pk__in=linked).update(priority=priority)
        computed = [
            Metric(
                plan=plan,
                name="Co-designed activities",
                definition="Activities each month classified at co-design or co-production.",
                unit="count",
                target=Decimal(2),
                source="computed",
                computation="co_design_or_above",
                order=1,
            ),
            Metric(
                plan=plan,
                name="People with lived experience taking part",
                definition="Different people with lived experience who took part each month.",
                unit="people",
                target=Decimal(6),
                source="computed",
                computation="lived_experience_people",
                order=2,
            ),
        ]
        manual = Metric(
            plan=plan,
            name="Compliments from people using the service",
            definition="Compliments received each month that mention being listened to.",
            unit="count",
            target=Decimal(8),
            source="manual",
            order=3,
            # The first year is the baseline: its limits are carried into the second,
            # so the SPC chart shows whether things changed. Wards ask for longer runs.
            baseline_from=months[0],
            baseline_to=months[11],
            shift_length=7 if service.kind == Service.Kind.WARD else 6,
            trend_length=7 if service.kind == Service.Kind.WARD else 6,
        )
        stamp([*computed, manual], when=when, by=admin)
        Metric.objects.bulk_create([*computed, manual])
        level = story.rng.uniform(3, 6)
        readings = []
        for month in months:
            level = max(0.0, level + story.rng.uniform(-1.5, 2.0))
            reading = Reading(
                metric=manual,
                period=month,
                value=Decimal(round(level)),
                entered_by=admin,
            )
            stamp([reading], when=story.moment(month + datetime.timedelta(days=33)), by=admin)
            readings.append(reading)
        Reading.objects.bulk_create(readings)

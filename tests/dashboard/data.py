"""A small, known data set for the dashboard's tests, repeatable at any scale.

Services: the Acute division with Willow ward and Oak ward under it, and the
Community team on its own. Every figure the tests check is counted again from
these rows in the tests themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from principles.models import Answer, Response
from principles.texts import CODES
from projects.models import EqualityMonitoring, Service, population_profile_save
from tests.factories import (
    ActivityFactory,
    InvitationFactory,
    InvolvementFactory,
    MetricFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    ProjectFactory,
    ReadingFactory,
    RoundFactory,
    ServiceFactory,
)

QUARTER = (datetime.date(2025, 7, 1), datetime.date(2025, 10, 1))  # July to September 2025
BEFORE = (datetime.date(2025, 4, 1), datetime.date(2025, 7, 1))


@dataclass
class Dataset:
    division: Service
    willow: Service
    oak: Service
    community: Service
    people: list = field(default_factory=list)


def services() -> Dataset:
    """The services, with population profiles for Willow (percentages, 1,000 people)
    and Oak (numbers of people); the division and Community have none."""
    division = ServiceFactory(name="Acute division", kind="division")
    data = Dataset(
        division=division,
        willow=ServiceFactory(name="Willow ward", kind="ward", parent=division),
        oak=ServiceFactory(name="Oak ward", kind="ward", parent=division),
        community=ServiceFactory(name="Community team"),
    )
    population_profile_save(
        service=data.willow,
        source="Census 2021",
        basis="percent",
        people_served=1000,
        figures={
            "sex": {"female": Decimal(60), "male": Decimal(40)},
            "ethnicity": {
                "asian": Decimal(10),
                "black": Decimal(10),
                "mixed": Decimal(5),
                "white": Decimal(70),
                "other": Decimal(5),
            },
        },
        by=None,
    )
    population_profile_save(
        service=data.oak,
        source="Caseload",
        basis="count",
        people_served=None,
        figures={"sex": {"female": Decimal(100), "male": Decimal(300)}},
        by=None,
    )
    return data


def build(data: Dataset, *, copies: int = 1) -> Dataset:
    """`copies` repeats of the same pattern: each one adds projects, activities,
    people, a principles round and a growth plan with a computed and a typed metric."""
    done = len(data.people) // 4  # copies already built, so names and plan years stay unique
    for n in range(done, done + copies):
        people = [PersonFactory(display_name=f"Person {n}-{i}") for i in range(4)]
        data.people += people
        # Equality answers: 0, 1 and 2 shared them; 3 did not.
        for person, sex, ethnicity in zip(
            people[:3],
            ("female", "male", "female"),
            ("white", "black", "prefer_not_to_say"),
            strict=True,
        ):
            EqualityMonitoring.objects.create(person=person, sex=sex, ethnicity=ethnicity)
        willow = ProjectFactory(
            title=f"Willow nights {n}", services=[data.willow], start_date=datetime.date(2025, 1, 1)
        )
        oak = ProjectFactory(
            title=f"Oak menus {n}", services=[data.oak], start_date=datetime.date(2025, 1, 1)
        )
        community = ProjectFactory(
            title=f"Café {n}", services=[data.community], start_date=datetime.date(2025, 1, 1)
        )
        # Willow, in the quarter: co-production (contested), co-design, consultation
        # flagged as faux-production, and one unclassified.
        a1 = ActivityFactory(
            project=willow, date=datetime.date(2025, 7, 10), rung=7, rung_status="contested"
        )
        ActivityFactory(
            project=willow, date=datetime.date(2025, 8, 5), rung=6, rung_status="confirmed"
        )
        ActivityFactory(
            project=willow,
            date=datetime.date(2025, 9, 20),
            rung=4,
            faux_production=True,
            rung_status="proposed",
        )
        ActivityFactory(project=willow, date=datetime.date(2025, 9, 21))
        # Willow, the quarter before: one informing activity.
        b1 = ActivityFactory(
            project=willow, date=datetime.date(2025, 5, 1), rung=3, rung_status="proposed"
        )
        # Oak, in the quarter: engagement.
        o1 = ActivityFactory(
            project=oak, date=datetime.date(2025, 8, 15), rung=5, rung_status="proposed"
        )
        # Community, in the quarter: co-production.
        c1 = ActivityFactory(
            project=community, date=datetime.date(2025, 8, 1), rung=7, rung_status="confirmed"
        )
        # People: 0 took part before (returning), 1 and 2 new in the quarter at
        # Willow, 3 only at Community.
        InvolvementFactory(activity=b1, person=people[0], hours=1)
        InvolvementFactory(
            activity=a1,
            person=people[0],
            hours=2,
            fee_paid_pence=4000,
            paid_on=datetime.date(2025, 7, 20),
        )
        InvolvementFactory(
            activity=a1,
            person=people[1],
            hours=3,
            fee_paid_pence=6000,
            expenses_pence=550,
            paid_on=datetime.date(2025, 7, 25),
        )
        InvolvementFactory(activity=a1, person=people[2], hours="1.5")
        InvolvementFactory(activity=o1, person=people[1], hours=1)
        InvolvementFactory(
            activity=c1,
            person=people[3],
            hours=4,
            fee_paid_pence=8000,
            paid_on=datetime.date(2025, 8, 2),
        )
        _round(willow, lived=[2, 2, 3], staff=[4, 4, 5])
        plan = PlanFactory(service=data.willow, start_year=2024 + n, end_year=2028 + n)
        PriorityFactory(plan=plan, status="on_track")
        PriorityFactory(plan=plan, status="at_risk")
        MetricFactory(
            plan=plan,
            name=f"Doing with share {n}",
            source="computed",
            computation="doing_with_share",
            target=50,
            unit="percent",
        )
        typed = MetricFactory(plan=plan, name=f"Meetings attended {n}", target=10)
        for month in range(1, 10):
            ReadingFactory(metric=typed, period=datetime.date(2025, month, 1), value=month)
    return data


def _round(project, *, lived: list[int], staff: list[int]) -> None:
    """A round that opened in the quarter; each person scores every principle the same."""
    round_ = RoundFactory(
        project=project, opens_on=datetime.date(2025, 8, 1), closes_on=datetime.date(2025, 8, 31)
    )
    for perspective, scores in (("lived_experience", lived), ("staff", staff)):
        for score in scores:
            invitation = InvitationFactory(round=round_, person=PersonFactory())
            response = Response.objects.create(
                round=round_,
                invitation=invitation,
                perspective=perspective,
                submitted_at=timezone.now(),
            )
            Answer.objects.bulk_create(
                Answer(response=response, principle=code, score=score) for code in CODES
            )
    # One invitation never answered.
    InvitationFactory(round=round_, person=PersonFactory())

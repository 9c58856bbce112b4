"""A scale data set for the benchmark: a large trust over five years, at any scale.

Scale 1.0 is a large trust over five years (see `SIZES`); 0.1 is a tenth
of everything. The same seed, scale and "today" always give the same rows.

Speed comes from building plain tuples in memory and writing them with PostgreSQL
COPY (psycopg 3) for the big tables, `bulk_create` for the small ones; ids are
given up front so that rows can point at each other without a round trip, and
the sequences are moved on afterwards. So this is PostgreSQL only.

Deliberately left out: history rows (django-simple-history) for the bulk data; the
audit trail of a benchmark is empty, which no page under test reads. Everything
else keeps the product's own rules: each activity's `rung`, `rung_status` and
`faux_production` repeat its newest classification exactly as
`ladder.services` would have set them, involvement fees come from the rate card
in force on the day, and payments only go to people with lived experience.

Vocabulary (project titles and aims, activity titles, "you said, we did",
charities, reasons) comes from the demo story's modules, read as data only.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import json
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from psycopg import sql

from accounts.models import Role, User
from demo import words
from demo.ladder import CONFIRM_REASONS, CONTEST_REASONS, FAUX_REASONS
from demo.plans import PRIORITIES, STANDARDS
from demo.storylines import STORYLINES
from demo.work import DURATIONS
from ladder.models import Classification
from ladder.models import Response as LadderResponse
from ladder.questions import QUESTION_KEYS, Label, is_faux_production, suggest_rung
from principles.models import Answer, Invitation, Perspective, Round
from principles.models import Response as PrincipleResponse
from principles.texts import CODES
from projects.models import (
    Activity,
    AwardNomination,
    Computation,
    EqualityMonitoring,
    Involvement,
    Membership,
    Metric,
    Person,
    Plan,
    Priority,
    Project,
    RateCard,
    Reading,
    ReisDomain,
    ReisScore,
    Service,
    Standard,
)
from projects.rungs import Rung, RungStatus

# Scale 1.0: a large trust over five years.
SIZES = {
    "services": 60,  # wards and teams, each with a growth plan (divisions come on top)
    "projects": 3_000,
    "activities": 150_000,
    "people": 15_000,
    "involvements": 600_000,
    "classifications": 150_000,
    "rounds": 3_000,
    "principle_responses": 30_000,
}
METRICS_PER_PLAN = 8  # entered by hand, each with a reading a month
MONTHS_OF_READINGS = 60
COMPUTED_METRICS = ("co_design_or_above", "lived_experience_people", "confirmed_share")
YEARS = 5
STAFF_PER_SERVICE = 20
EXPERT_ACCOUNT_SHARE = 0.1  # people on the register who can sign in
EQUALITY_SHARE = 0.4  # people who chose to answer the equality questions
INVITATIONS_PER_RESPONSE = 1.25  # some people never answer
BATCH = 5_000

# The people the benchmark signs in as; always present, whatever the scale.
BENCH_PASSWORD = "bench-coproduce-together"
BENCH_USERS = {
    "admin": ("bench-admin@bench.coprod.invalid", Role.ADMIN),
    "governance": ("bench-governance@bench.coprod.invalid", Role.GOVERNANCE),
    "staff": ("bench-staff@bench.coprod.invalid", Role.STAFF),
    "expert": ("bench-expert@bench.coprod.invalid", Role.EXPERT),
}

TREES = [
    "Alder", "Ash", "Aspen", "Beech", "Birch", "Blackthorn", "Box", "Cedar", "Cherry",
    "Chestnut", "Elder", "Elm", "Fir", "Hawthorn", "Hazel", "Holly", "Hornbeam", "Juniper",
    "Larch", "Laurel", "Lime", "Linden", "Maple", "Medlar", "Oak", "Olive", "Pine", "Plane",
    "Poplar", "Quince", "Rowan", "Spruce", "Sycamore", "Walnut", "Willow", "Yew",
]  # fmt: skip
TEAMS = [
    "Community Mental Health Team", "Early Intervention Team", "Crisis Team",
    "Learning Disability Team", "Children and Young People's Team", "Recovery College",
    "Perinatal Team", "Older Adults Team", "Eating Disorders Team", "Home Treatment Team",
]  # fmt: skip
PLACES = ["North", "South", "East", "West", "Central", "Riverside", "Hillside", "Valley"]
DIVISIONS = [
    "Adult Mental Health", "Learning Disabilities", "Children and Young People",
    "Older Adults", "Specialist Services", "Community Services",
]  # fmt: skip
FIRST_NAMES = [
    "Aaliyah", "Abdul", "Bronwen", "Carl", "Chloe", "Darren", "Denise", "Dev", "Eddie",
    "Ellie", "Farah", "Gareth", "Grace", "Gwen", "Harriet", "Hassan", "Imran", "Jade",
    "Jordan", "Kai", "Kath", "Leon", "Lewis", "Lorraine", "Maggie", "Marcia", "Nadia",
    "Olly", "Pat", "Paula", "Ravi", "Rosie", "Shona", "Sian", "Steve", "Sunita", "Terry",
    "Tyler", "Wendy", "Yasmin", "Zofia", "Tomasz", "Ama", "Kwame", "Priya", "Niamh",
]  # fmt: skip
SURNAMES = [
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Haddad", "Hughes", "Jones", "Khan",
    "MacLeod", "Mistry", "Nowak", "O'Neill", "Okafor", "Patel", "Roberts", "Singh", "Smith",
    "Taylor", "Thomas", "Walker", "Williams", "Wilson", "Wright",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
MANUAL_METRICS = [
    ("Meetings chaired by someone with lived experience", "count", "higher", 4),
    ("People waiting more than 30 days for payment", "people", "lower", 2),
    ("Paper papers sent out a week ahead", "percent", "higher", 90),
    ("Easy Read versions of key documents", "count", "higher", 3),
    ("Hours of peer support offered", "hours", "higher", 40),
    ("Complaints mentioning not being listened to", "count", "lower", 1),
    ("Satisfaction with involvement (survey score)", "score", "higher", 4),
    ("Spend on involvement payments", "pounds", "neither", 2500),
]
# Activities in each project follow its storyline's repeats and beats.
ALL_ACTIVITY_TITLES = [
    (item.kind, item.title, item.description, getattr(item, "what_changed", ""))
    for line in STORYLINES
    for item in (*line.beats, *line.repeats)
]
PART_WEIGHTS = (
    [Involvement.Part.ATTENDED, Involvement.Part.CO_FACILITATED, Involvement.Part.LED,
     Involvement.Part.REVIEWED],
    [70, 15, 5, 10],
)  # fmt: skip
PAYMENT_WEIGHTS = (
    [Involvement.PaymentChoice.PAID, Involvement.PaymentChoice.REDUCED,
     Involvement.PaymentChoice.DECLINED, Involvement.PaymentChoice.DONATED],
    [75, 5, 10, 10],
)  # fmt: skip


def sizes_at(scale: float) -> dict[str, int]:
    """How many of each thing at `scale` (at least one of each)."""
    return {name: max(1, round(count * scale)) for name, count in SIZES.items()}


@dataclass
class Ids:
    """The next free primary key for each model, so rows can be linked before
    they are written."""

    next: dict[type[models.Model], int]

    @classmethod
    def from_database(cls, model_list: Iterable[type[models.Model]]) -> Ids:
        found = {}
        with connection.cursor() as cursor:
            for model in model_list:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
                found[model] = cursor.fetchone()[0]
        return cls(found)

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """The first of `count` fresh ids."""
        first = self.next[model]
        self.next[model] = first + count
        return first


def copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write rows with COPY; `fields` are model field names (or `id`)."""
    columns = [model._meta.get_field(name).column for name in fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
    return written


class Generator:
    """Builds the whole data set; `run()` writes it and returns the counts."""

    def __init__(self, *, scale: float, seed: int, today: datetime.date) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - datetime.timedelta(days=365 * YEARS)
        self.size = sizes_at(scale)
        self.counts: dict[str, int] = {}
        self.password = make_password(BENCH_PASSWORD, salt="benchsalt0000000")

    # --- helpers -------------------------------------------------------------------

    def moment(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = max(0, (last - first).days)
        return first + datetime.timedelta(days=self.rng.randint(0, span))

    def weighted_picker(self, items: Sequence, weights: Sequence[float]):
        """A function picking `k` distinct items, favouring the heavy ones."""
        cumulative = list(itertools.accumulate(weights))
        total = cumulative[-1]
        rng = self.rng

        def pick(k: int) -> list:
            chosen: dict[int, None] = {}
            for _ in range(k * 3):
                index = bisect.bisect(cumulative, rng.random() * total)
                chosen[min(index, len(items) - 1)] = None
                if len(chosen) == k:
                    break
            return [items[index] for index in chosen]

        return pick

    def count(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    # --- the story, in order ---------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.ids = Ids.from_database(
            [Activity, Involvement, Classification, LadderResponse, Invitation,
             PrincipleResponse, Answer, Reading]
        )  # fmt: skip
        self.make_rate_cards()
        self.make_services_and_users()
        self.make_people()
        self.make_plans()
        self.make_projects()
        self.make_activities()
        self.make_rounds()
        self.reset_sequences()
        return self.counts

    def make_rate_cards(self) -> None:
        self.cards = RateCard.objects.bulk_create(
            RateCard(
                name=f"Involvement rate {year}",
                starts_on=datetime.date(year, 4, 1),
                hourly_rate_pence=1500 + 100 * n,
                notes="Reviewed each April with the involvement group.",
            )
            for n, year in enumerate(range(self.start.year - 1, self.today.year + 1))
        )
        self.card_starts = [card.starts_on for card in self.cards]
        self.count("rate_cards", len(self.cards))

    def card_on(self, day: datetime.date) -> RateCard:
        return self.cards[max(0, bisect.bisect_right(self.card_starts, day) - 1)]

    def make_services_and_users(self) -> None:
        rng = self.rng
        service_count = self.size["services"]
        division_count = min(len(DIVISIONS), max(1, math.ceil(service_count / 12)))
        divisions = Service.objects.bulk_create(
            Service(name=f"{name} division", kind=Service.Kind.DIVISION)
            for name in DIVISIONS[:division_count]
        )
        names = [f"{tree} ward" for tree in TREES] + [
            f"{place} {team}" for team in TEAMS for place in PLACES
        ]
        rng.shuffle(names)
        self.services = Service.objects.bulk_create(
            Service(
                name=name,
                kind=Service.Kind.WARD if name.endswith("ward") else Service.Kind.TEAM,
                parent=divisions[n % division_count],
            )
            for n, name in enumerate(names[:service_count])
        )
        self.count("services", len(divisions) + len(self.services))

        def user(email: str, role: str, name: str) -> User:
            return User(email=email, full_name=name, role=role, password=self.password)

        named = {
            key: user(email, role, f"Bench {key.title()}")
            for key, (email, role) in BENCH_USERS.items()
        }
        staff = [
            user(
                f"staff{n}@bench.coprod.invalid",
                Role.STAFF,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            )
            for n in range(service_count * STAFF_PER_SERVICE)
        ]
        others = [
            user(f"governance{n}@bench.coprod.invalid", Role.GOVERNANCE, f"Governance lead {n}")
            for n in range(max(1, round(20 * self.scale)))
        ] + [
            user(f"admin{n}@bench.coprod.invalid", Role.ADMIN, f"Admin {n}")
            for n in range(max(1, round(5 * self.scale)))
        ]
        User.objects.bulk_create([*named.values(), *staff, *others], batch_size=BATCH)
        self.named = named
        # Staff by service: each belongs to one service, a few to a second.
        self.staff_of: dict[int, list[User]] = {service.pk: [] for service in self.services}
        links = []
        for n, member in enumerate(staff):
            homes = [self.services[n % service_count]]
            if rng.random() < 0.1:
                homes.append(rng.choice(self.services))
            for service in {s.pk: s for s in homes}.values():
                self.staff_of[service.pk].append(member)
                links.append(Service.members.through(service_id=service.pk, user_id=member.pk))
        # The benchmark's staff member works in the first service.
        first = self.services[0]
        self.staff_of[first.pk].insert(0, named["staff"])
        links.append(Service.members.through(service_id=first.pk, user_id=named["staff"].pk))
        Service.members.through.objects.bulk_create(links, batch_size=BATCH)
        self.admin = named["admin"]
        self.count("users", len(named) + len(staff) + len(others))

    def make_people(self) -> None:
        """The register. Some people take part far more than others (a long tail),
        which is what the dashboard's concentration figures look for."""
        rng = self.rng
        count = self.size["people"]
        experiences = [choice for choice, _label in Person.Experience.choices]
        people = []
        for n in range(count):
            first = rng.choice(FIRST_NAMES)
            has_email = rng.random() < 0.5
            people.append(
                Person(
                    display_name=f"{first} {rng.choice(SURNAMES)[0]}",
                    experience=rng.choices(experiences, weights=[70, 20, 10])[0],
                    contact=Person.Contact.EMAIL if has_email else Person.Contact.THROUGH_STAFF,
                    email=f"person{n}@bench.coprod.invalid" if has_email else "",
                    access_needs=rng.choice(words.ACCESS_NEEDS["adult"])
                    if rng.random() < 0.3
                    else "",
                    consent_to_contact=True,
                    consent_to_store=True,
                    consent_recorded_at=self.moment(self.start),
                    privacy_notice_version=rng.choice(words.PRIVACY_NOTICES),
                )
            )
        # Accounts for one in ten, plus the benchmark's own expert by experience.
        experts = []
        for n, person in enumerate(people):
            if n == 0 or rng.random() < EXPERT_ACCOUNT_SHARE:
                email = BENCH_USERS["expert"][0] if n == 0 else f"expert{n}@bench.coprod.invalid"
                account = self.named["expert"] if n == 0 else None
                if account is None:
                    account = User(
                        email=email,
                        full_name=person.display_name,
                        role=Role.EXPERT,
                        password=self.password,
                    )
                    experts.append(account)
                person.user = account
        User.objects.bulk_create(experts, batch_size=BATCH)
        self.count("users", len(experts))
        for person in people:
            if person.user is not None:
                person.user_id = person.user.pk
        self.people = Person.objects.bulk_create(people, batch_size=BATCH)
        self.count("people", len(self.people))
        # Everyone belongs to a home service; a few of the keenest go everywhere.
        self.people_of: dict[int, list[Person]] = {service.pk: [] for service in self.services}
        self.keenness: dict[int, float] = {}
        for n, person in enumerate(self.people):
            # The benchmark's expert is one of the keenest, in the first service.
            self.people_of[self.services[n % len(self.services)].pk].append(person)
            self.keenness[person.pk] = 30.0 if n == 0 else min(rng.paretovariate(1.2), 40.0)
        self.pickers = {
            pk: self.weighted_picker(pool, [self.keenness[p.pk] for p in pool])
            for pk, pool in self.people_of.items()
            if pool
        }
        self.experts_of = {
            pk: [p.user for p in pool if p.user is not None] for pk, pool in self.people_of.items()
        }
        answers = []
        fields = {
            "age_band": EqualityMonitoring.AgeBand.values,
            "sex": EqualityMonitoring.Sex.values,
            "gender_same_as_birth": EqualityMonitoring.YesNo.values,
            "ethnicity": EqualityMonitoring.Ethnicity.values,
            "disability": EqualityMonitoring.YesNo.values,
            "sexual_orientation": EqualityMonitoring.Orientation.values,
        }
        for person in self.people:
            if rng.random() < EQUALITY_SHARE:
                answers.append(
                    EqualityMonitoring(
                        person=person, **{name: rng.choice(v) for name, v in fields.items()}
                    )
                )
        EqualityMonitoring.objects.bulk_create(answers, batch_size=BATCH)
        self.count("equality_monitoring", len(answers))

    def make_plans(self) -> None:
        rng = self.rng
        charity = Plan.objects.create(
            service=None, sponsor_name="Chief Nurse", status="active", created_by=self.admin
        )
        phase = "implement" if self.today.year >= 2026 else "establish"
        plans = Plan.objects.bulk_create(
            Plan(
                service=service,
                parent=charity,
                sponsor_name="Director of Nursing",
                sponsor_user=self.admin,
                status="active",
                phase=phase,
                next_review_due=self.today.replace(day=1) + datetime.timedelta(days=40),
                created_by=self.admin,
            )
            for service in self.services
        )
        self.count("plans", len(plans) + 1)
        Plan.owners.through.objects.bulk_create(
            Plan.owners.through(plan_id=plan.pk, user_id=self.admin.pk) for plan in plans
        )
        standards = [
            Standard(plan=plan, statement=text, principle=principle, order=n)
            for plan in plans
            for n, (text, principle) in enumerate(rng.sample(STANDARDS, 3), start=1)
        ]
        Standard.objects.bulk_create(standards)
        self.priorities_of: dict[int, list[Priority]] = {}
        priorities = []
        for plan in plans:
            for n, (title, rung, status) in enumerate(PRIORITIES, start=1):
                priorities.append(
                    Priority(
                        plan=plan,
                        title=title,
                        target_rung=rung,
                        status=status,
                        order=n,
                        due_date=datetime.date(2028, 3, 31),
                    )
                )
        Priority.objects.bulk_create(priorities)
        service_of_plan = {plan.pk: plan.service_id for plan in plans}
        for priority in priorities:
            self.priorities_of.setdefault(service_of_plan[priority.plan_id], []).append(priority)
        metrics = []
        for plan in plans:
            for n, (name, unit, direction, target) in enumerate(MANUAL_METRICS, start=1):
                metrics.append(
                    Metric(
                        plan=plan,
                        name=name,
                        definition=f"{name}, counted each month.",
                        unit=unit,
                        direction=direction,
                        target=Decimal(target),
                        source="manual",
                        order=n,
                    )
                )
            for n, computation in enumerate(COMPUTED_METRICS, start=len(MANUAL_METRICS) + 1):
                metrics.append(
                    Metric(
                        plan=plan,
                        name=Computation(computation).label,
                        definition="Worked out each month from what is logged.",
                        unit="percent" if computation.endswith("share") else "count",
                        target=Decimal(10),
                        source="computed",
                        computation=computation,
                        order=n,
                    )
                )
        Metric.objects.bulk_create(metrics, batch_size=BATCH)
        self.count("metrics", len(metrics))
        first_month = self.today.replace(day=1)
        months = []
        for _ in range(MONTHS_OF_READINGS):
            first_month = (first_month - datetime.timedelta(days=1)).replace(day=1)
            months.append(first_month)
        months.reverse()
        entered = self.moment(self.today)

        def readings():
            for metric in metrics:
                if metric.source != "manual":
                    continue
                level = float(metric.target)
                for month in months:
                    level = max(0.0, level * rng.uniform(0.85, 1.15))
                    if metric.unit == "percent":
                        level = min(level, 100.0)
                    value = Decimal(str(round(level, 1)))
                    yield (self.ids.take(Reading), metric.pk, month, value, self.admin.pk, entered)

        self.count(
            "readings",
            copy_rows(
                Reading, ["id", "metric", "period", "value", "entered_by", "entered_at"], readings()
            ),
        )

    def make_projects(self) -> None:
        rng = self.rng
        count = self.size["projects"]
        self.projects: list[Project] = []
        self.project_services: dict[int, list[Service]] = {}
        projects = []
        first_day = self.start
        for n in range(count):
            line = STORYLINES[n % len(STORYLINES)]
            home = self.services[n % len(self.services)]
            started = self.day_between(first_day, self.today - datetime.timedelta(days=45))
            ends = started + datetime.timedelta(days=rng.randint(120, 900))
            if ends < self.today:
                status = rng.choices(
                    [Project.Status.COMPLETED, Project.Status.PAUSED], weights=[9, 1]
                )[0]
            else:
                status = Project.Status.ACTIVE
            priorities = self.priorities_of.get(home.pk, [])
            project = Project(
                title=f"{line.title} ({home.name}, {n + 1})",
                aim=line.aim,
                status=status,
                start_date=started,
                end_date=ends if status == Project.Status.COMPLETED else None,
                target_rung=rng.choice([None, None, Rung.CO_DESIGN, Rung.CO_PRODUCTION]),
                priority=rng.choice(priorities) if priorities and rng.random() < 0.5 else None,
                created_by=self.staff_of[home.pk][0],
            )
            project.bench_home = home  # type: ignore[attr-defined]
            project.bench_last_day = min(ends, self.today)  # type: ignore[attr-defined]
            projects.append(project)
        self.projects = Project.objects.bulk_create(projects, batch_size=BATCH)
        self.count("projects", len(self.projects))
        links, memberships = [], []
        self.members_of: dict[int, list[User]] = {}
        for n, project in enumerate(self.projects):
            home = project.bench_home  # type: ignore[attr-defined]
            services = [home]
            if rng.random() < 0.15:
                services.append(rng.choice(self.services))
            services = list({s.pk: s for s in services}.values())
            self.project_services[project.pk] = services
            links += [
                Project.services.through(project_id=project.pk, service_id=s.pk) for s in services
            ]
            staff_pool = self.staff_of[home.pk]
            # The benchmark's staff member leads one project in ten of their service.
            lead = staff_pool[0] if n % 10 == 0 else rng.choice(staff_pool)
            team = {lead.pk: (lead, Membership.Role.LEAD)}
            for member in rng.sample(staff_pool, min(len(staff_pool), rng.randint(1, 3))):
                team.setdefault(member.pk, (member, Membership.Role.MEMBER))
            experts = self.experts_of.get(home.pk, [])
            for member in rng.sample(experts, min(len(experts), rng.randint(0, 3))):
                # One project in four has an expert by experience as a co-lead.
                role = Membership.Role.LEAD if rng.random() < 0.25 else Membership.Role.MEMBER
                team.setdefault(member.pk, (member, role))
            if n % len(self.services) == 0:
                expert = self.named["expert"]
                team.setdefault(expert.pk, (expert, Membership.Role.MEMBER))
            memberships += [
                Membership(project=project, user=user, role=role) for user, role in team.values()
            ]
            self.members_of[project.pk] = [user for user, _role in team.values()]
        Project.services.through.objects.bulk_create(links, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.count("memberships", len(memberships))
        nominations = [
            AwardNomination(
                project=project,
                nominated_by=self.members_of[project.pk][0],
                statement="People with lived experience led this from the first meeting.",
            )
            for project in self.projects[:: max(1, len(self.projects) // 30)]
        ]
        AwardNomination.objects.bulk_create(nominations)

    def activity_counts(self) -> list[int]:
        """Activities per project: most have a few dozen, some many more."""
        weights = [self.rng.uniform(0.3, 1.0) ** 2 * 3 for _ in self.projects]
        total = sum(weights)
        wanted = self.size["activities"]
        counts = [int(w / total * wanted) for w in weights]
        for n in range(wanted - sum(counts)):
            counts[n % len(counts)] += 1
        return counts

    def make_activities(self) -> None:
        """Activities with who took part and how each was classified, written in
        batches so memory stays flat at scale 1.0."""
        rng = self.rng
        counts = self.activity_counts()
        activity_fields = [
            "id", "project", "date", "kind", "title", "description", "duration_minutes",
            "what_changed", "rung", "rung_status", "faux_production", "created_by",
            "created_at", "updated_at",
        ]  # fmt: skip
        involvement_fields = [
            "id", "activity", "person", "staff", "part", "hours", "rate_card", "fee_due_pence",
            "fee_paid_pence", "expenses_pence", "payment_choice", "donated_to", "paid_on",
        ]  # fmt: skip
        classification_fields = [
            "id", "activity", "by", "created_at", "answers", "label", "suggested_rung",
            "chosen_rung", "reason", "participants_emailed_at",
        ]  # fmt: skip
        response_fields = [
            "id", "classification", "person", "verdict", "reason", "answered_at", "how",
        ]  # fmt: skip
        total_activities = sum(counts)
        involvement_target = self.size["involvements"]
        self.involved_in: dict[int, list[int]] = {}  # project -> people who took part
        reis_scores: list[ReisScore] = []

        activities: list[tuple] = []
        involvements: list[tuple] = []
        classifications: list[tuple] = []
        responses: list[tuple] = []

        def flush() -> None:
            self.count("activities", copy_rows(Activity, activity_fields, activities))
            self.count("involvements", copy_rows(Involvement, involvement_fields, involvements))
            self.count(
                "classifications", copy_rows(Classification, classification_fields, classifications)
            )
            self.count("ladder_responses", copy_rows(LadderResponse, response_fields, responses))
            for rows in (activities, involvements, classifications, responses):
                rows.clear()

        for index, (project, how_many) in enumerate(zip(self.projects, counts, strict=True)):
            line = STORYLINES[index % len(STORYLINES)]  # the storyline its title came from
            items = [(i.kind, i.title, i.description, getattr(i, "what_changed", ""))
                     for i in (*line.beats, *line.repeats)] or ALL_ACTIVITY_TITLES  # fmt: skip
            last = project.bench_last_day  # type: ignore[attr-defined]
            home = project.bench_home  # type: ignore[attr-defined]
            staff_members = [u for u in self.members_of[project.pk] if u.has_staff_role]
            # Where the project starts on the ladder, and how far it climbs.
            base = rng.choice([0, 1, 1, 2, 2, 3])
            climb = rng.choice([0, 1, 1, 2, 3])
            span = max(1, (last - project.start_date).days)
            involved: set[int] = set()
            for n in range(how_many):
                activity_id = self.ids.take(Activity)
                day = self.day_between(project.start_date, last)
                kind, title, description, changed = rng.choice(items)
                if "{" in title:
                    title = title.format(n=n % 8 + 1, month=f"{MONTHS[day.month - 1]} {day.year}")
                if not changed and (self.today - day).days > 14 and rng.random() < 0.65:
                    changed = rng.choice(
                        words.WHAT_CHANGED.get(kind, words.WHAT_CHANGED["meeting"])
                    )
                duration = rng.choice(DURATIONS.get(kind, [60, 90]))
                author = rng.choice(staff_members)
                created = self.moment(min(day + datetime.timedelta(days=1), self.today), 17)
                # Who took part: about three people with lived experience, and staff.
                share = involvement_target / max(1, total_activities)
                people_count = max(1, round(rng.triangular(0.5, share * 1.6, share * 0.6)))
                picker = self.pickers[home.pk]
                people = picker(people_count)
                if rng.random() < 0.08:  # someone from another service's pool joins
                    other = rng.choice(self.people)
                    if other not in people:
                        people.append(other)
                staff = rng.sample(staff_members, 1 if rng.random() < 0.7 else 0)
                card = self.card_on(day)
                person_rows = []
                for person in people:
                    involved.add(person.pk)
                    hours = Decimal(min(24 * 4, round(duration / 15) + rng.choice([0, 2, 4]))) / 4
                    hours = max(hours, Decimal("0.25"))
                    due = int(
                        (Decimal(card.hourly_rate_pence) * hours).quantize(
                            Decimal(1), ROUND_HALF_UP
                        )
                    )
                    choice = rng.choices(*PAYMENT_WEIGHTS)[0]
                    paid = {"paid": due, "reduced": due // 2, "declined": 0, "donated": due}[choice]
                    expenses = rng.choice([0, 0, 0, 450, 820, 1260]) if choice != "declined" else 0
                    pay_day = day + datetime.timedelta(days=rng.randint(5, 45))
                    paid_on = pay_day if pay_day <= self.today and (paid or expenses) else None
                    involvements.append(
                        (self.ids.take(Involvement), activity_id, person.pk, None,
                         rng.choices(*PART_WEIGHTS)[0], hours, card.pk, due, paid, expenses,
                         choice, rng.choice(words.CHARITIES) if choice == "donated" else "",
                         paid_on)
                    )  # fmt: skip
                    person_rows.append(person)
                for member in staff:
                    hours = Decimal(round(duration / 15)) / 4 or Decimal("0.25")
                    involvements.append(
                        (self.ids.take(Involvement), activity_id, None, member.pk,
                         Involvement.Part.CO_FACILITATED, hours, None, 0, 0, 0, "", "", None)
                    )  # fmt: skip
                # The ladder: most activities are classified once, some twice (about
                # one classification per activity overall), recent ones not yet.
                times = 0
                if (self.today - day).days > 10:
                    times = rng.choices([0, 1, 2], weights=[14, 70, 16])[0]
                level = base + round(climb * (day - project.start_date).days / span)
                rung = None
                faux = False
                rung_status = RungStatus.UNCLASSIFIED
                for time in range(times):
                    when = min(day + datetime.timedelta(days=3 + 30 * time), self.today)
                    answers, label = self.ladder_answers(level + time)
                    suggested = suggest_rung(answers)
                    chosen, reason = suggested, ""
                    roll = rng.random()
                    if suggested is None:
                        chosen, reason = Rung.CONSULTATION, rng.choice(FAUX_REASONS)
                    elif roll < 0.08 and suggested < Rung.CO_PRODUCTION:
                        chosen, reason = suggested + 1, rng.choice(FAUX_REASONS)
                    elif roll < 0.12 and suggested > Rung.COERCION:
                        chosen, reason = suggested - 1, "On reflection it was a step lower."
                    classification_id = self.ids.take(Classification)
                    classifications.append(
                        (classification_id, activity_id, author.pk, self.moment(when, 11),
                         json.dumps(answers), label, suggested, chosen, reason, None)
                    )  # fmt: skip
                    rung = chosen
                    if time == times - 1:
                        verdicts = self.ladder_responses(
                            responses, classification_id, person_rows, when
                        )
                        status = (
                            RungStatus.CONTESTED
                            if "contested" in verdicts
                            else RungStatus.CONFIRMED
                            if verdicts
                            else RungStatus.PROPOSED
                        )
                        rung_status = status
                        faux = is_faux_production(
                            label=label,
                            suggested=suggested,
                            chosen=chosen,
                            contested=status == RungStatus.CONTESTED,
                        )
                activities.append(
                    (activity_id, project.pk, day, kind, title, description, duration, changed,
                     rung, rung_status, faux, author.pk, created, created)
                )  # fmt: skip
                if kind == "reis":
                    for domain in ReisDomain.values:
                        rating = rng.randint(1, 4)
                        findings = words.REIS_FINDINGS[domain]["low" if rating <= 2 else "high"]
                        reis_scores.append(
                            ReisScore(
                                activity_id=activity_id,
                                domain=domain,
                                rating=rating,
                                findings=rng.choice(findings),
                            )
                        )
                if len(activities) >= BATCH:
                    flush()
            self.involved_in[project.pk] = sorted(involved)
        flush()
        ReisScore.objects.bulk_create(reis_scores, batch_size=BATCH)
        self.count("reis_scores", len(reis_scores))

    def ladder_answers(self, level: int) -> tuple[dict[str, str], str]:
        """Evidence answers for an activity that climbs `level` steps (0 to 5), and
        what it was called; one in eight claims more than the evidence shows."""
        rng = self.rng
        level = max(0, min(5, level))
        answers = {"took_part": "yes" if rng.random() < 0.95 else "no"}
        answers["told"] = "yes" if rng.random() < 0.7 else "not_sure"
        for step, key in enumerate(QUESTION_KEYS[2:]):
            if step < level:
                answers[key] = "yes"
            elif step == level:
                answers[key] = "no"
            else:
                answers[key] = rng.choice(["no", "not_sure"])
        claimed = level + (rng.choice([1, 2]) if rng.random() < 0.12 else 0)
        label = {
            5: Label.CO_PRODUCTION,
            4: Label.CO_DESIGN,
            3: Label.CO_DESIGN,
            2: Label.ENGAGEMENT,
            1: Label.CONSULTATION,
        }.get(min(claimed, 5), Label.OTHER)
        return answers, label

    def ladder_responses(
        self, rows: list[tuple], classification_id: int, people: list[Person], day: datetime.date
    ) -> list[str]:
        """People with an account who took part say whether the rung is right."""
        verdicts = []
        for person in people:
            if person.user_id is None or self.rng.random() > 0.7:
                continue
            contested = self.rng.random() < 0.06
            verdict = "contested" if contested else "confirmed"
            reason = self.rng.choice(CONTEST_REASONS if contested else CONFIRM_REASONS)
            answered = min(day + datetime.timedelta(days=self.rng.randint(1, 14)), self.today)
            rows.append(
                (self.ids.take(LadderResponse), classification_id, person.pk, verdict, reason,
                 self.moment(answered, 19), "")
            )  # fmt: skip
            verdicts.append(verdict)
        return verdicts

    def make_rounds(self) -> None:
        """Principle self-assessments: rounds spread over the projects, each with
        about ten answers; staff rate the principles a little higher than people
        with lived experience do (the gap the results page shows)."""
        rng = self.rng
        count = self.size["rounds"]
        per_round = self.size["principle_responses"] / count
        rounds = []
        for n in range(count):
            project = self.projects[n % len(self.projects)]
            opens = self.day_between(project.start_date, project.bench_last_day)  # type: ignore[attr-defined]
            rounds.append(
                Round(
                    project=project,
                    name=rng.choice(["Start of the project", "Six months in", "At the end"]),
                    opens_on=opens,
                    closes_on=opens + datetime.timedelta(days=21),
                    created_by=self.members_of[project.pk][0],
                )
            )
        rounds = Round.objects.bulk_create(rounds, batch_size=BATCH)
        self.count("rounds", len(rounds))
        invitations, responses, answers = [], [], []
        made = 0
        for n, round_ in enumerate(rounds):
            wanted = round(per_round * (n + 1)) - made
            made += wanted
            invited = math.ceil(wanted * INVITATIONS_PER_RESPONSE)
            people = self.involved_in.get(round_.project_id) or [self.people[0].pk]
            staff = [u.pk for u in self.members_of[round_.project_id] if u.has_staff_role]
            chosen_people = rng.sample(people, min(len(people), invited))
            guests: list[tuple[int | None, int | None, str]] = [
                (pk, None, Perspective.LIVED_EXPERIENCE) for pk in chosen_people
            ] + [(None, pk, Perspective.STAFF) for pk in staff]
            guests = guests[:invited]
            rng.shuffle(guests)
            sent = self.moment(round_.opens_on, 9)
            for number, (person_id, user_id, perspective) in enumerate(guests):
                invitation_id = self.ids.take(Invitation)
                invitations.append(
                    (invitation_id, round_.pk, person_id, user_id,
                     f"{rng.getrandbits(256):064x}", perspective, sent, None)
                )  # fmt: skip
                if number >= wanted:
                    continue
                response_id = self.ids.take(PrincipleResponse)
                submitted = (
                    self.moment(round_.opens_on + datetime.timedelta(days=rng.randint(1, 20)), 20)
                    if rng.random() < 0.9
                    else None
                )
                responses.append(
                    (response_id, round_.pk, invitation_id, perspective, rng.random() < 0.1, None,
                     sent, sent, submitted or sent, submitted)
                )  # fmt: skip
                lift = 0.6 if perspective == Perspective.STAFF else 0.0
                for code in CODES:
                    if rng.random() < 0.05:
                        score, dont_know = None, True
                    else:
                        score = max(1, min(5, round(rng.gauss(3.2 + lift, 1.0))))
                        dont_know = False
                    answers.append(
                        (self.ids.take(Answer), response_id, code, score, dont_know, "", sent)
                    )
        self.count(
            "invitations",
            copy_rows(
                Invitation,
                ["id", "round", "person", "user", "key_hash", "perspective", "created_at",
                 "emailed_at"],
                invitations,
            ),
        )  # fmt: skip
        self.count(
            "principle_responses",
            copy_rows(
                PrincipleResponse,
                ["id", "round", "invitation", "perspective", "anonymous_to_team",
                 "entered_on_behalf_by", "invitee_started_at", "started_at", "updated_at",
                 "submitted_at"],
                responses,
            ),
        )  # fmt: skip
        self.count(
            "answers",
            copy_rows(
                Answer,
                ["id", "response", "principle", "score", "dont_know", "comment", "updated_at"],
                answers,
            ),
        )

    def reset_sequences(self) -> None:
        """Move each table's id sequence past the ids given here."""
        models_written = [
            Activity, Involvement, Classification, LadderResponse, Invitation,
            PrincipleResponse, Answer, Reading,
        ]  # fmt: skip
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(statement)


def generate(*, scale: float, seed: int, today: datetime.date | None = None) -> dict[str, int]:
    """Write the data set into the (empty) default database; returns row counts."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark's data set is written with PostgreSQL COPY.")
    generator = Generator(scale=scale, seed=seed, today=today or timezone.localdate())
    return generator.run()

"""Fill an empty database with realistic demo data and print a login for each role.

The story (a mental-health charity's co-production over the last two years) is
told by the `demo` package, one `create_*` function per part, called in
order below. A new part of the product (ladder classifications, principle
ratings, growth plans) adds its own module there and a line here. The data comes
from a fixed seed, so every demo looks the same.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import two_factor
from accounts.models import Role, User
from demo import involvement, organisation, people, story, work
from demo.actions import create_actions
from demo.always_events import create_always_events
from demo.cast import DEMO_PASSWORD, DEMO_TWO_FACTOR_SECRET
from demo.digest import create_digests
from demo.ladder import create_answers_on_behalf, create_classifications
from demo.opportunities import create_opportunities
from demo.payments import create_pay_limit, create_payment_runs
from demo.personal import create_personal_link
from demo.plans import create_plans
from demo.population import create_population_profiles
from demo.principles import create_assessment_rounds
from demo.reports import create_reports
from demo.reviews import create_reviews
from demo.telling import create_tellings
from demo.training import create_training
from projects.models import Person, Project, RateCard, Service
from projects.summaries import summaries_rebuild

# If any of these has rows, the database is not empty: the demo never mixes in.
CHECKED_MODELS = [User, Service, Person, Project, RateCard]

NOT_EMPTY = (
    "This database already has data in it, so no demo data was added. "
    "Use an empty database: for the SQLite demo, delete the file and run migrate again."
)


class Command(BaseCommand):
    help = "Create demo data (fixed seed) and print a login for each role."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: object, seed: int, **options: object) -> None:
        if any(model._default_manager.exists() for model in CHECKED_MODELS):
            raise CommandError(NOT_EMPTY)
        with transaction.atomic():
            demo = story.begin(seed=seed, today=timezone.localdate())
            logins = organisation.create_logins(demo)
            recovery_codes = organisation.create_two_factor(demo)
            organisation.create_services(demo)
            organisation.create_rate_cards(demo)
            create_population_profiles(demo)
            people.create_register(demo)
            people.create_equality_monitoring(demo)
            work.create_projects(demo)
            work.create_activities(demo)
            involvement.create_involvements(demo)
            create_classifications(demo)
            create_plans(demo)
            create_assessment_rounds(demo)
            create_reports(demo)
            create_reviews(demo)
            personal_person, personal_link = create_personal_link(demo)
            opportunities = create_opportunities(demo, linked=personal_person)
            create_digests(demo)
            # Last, so the story before them reads the same for a seed.
            create_answers_on_behalf(demo, leave_out=personal_person)
            create_tellings(demo)
            create_pay_limit(demo)
            create_payment_runs(demo)
            create_actions(demo)
            create_always_events(demo)
            create_training(demo)
            # Everything above noted its months; work them all out once, here.
            summaries_rebuild()
        self.stdout.write(
            f"Made {len(demo.services)} services, {len(demo.people)} people, "
            f"{len(demo.projects)} projects, {len(demo.activities)} activities and "
            f"{len(demo.involvements)} records of who took part, and "
            f"{len(opportunities)} opportunities to get involved."
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at http://127.0.0.1:8000/ as:"))
        for role, email in logins:
            self.stdout.write(f"  {Role(role).label:<22} {email:<34} password: {DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(
            "The admin, governance lead and finance then type a 6-digit code, as in real use.\n"
            "Add this demo-only key to any authenticator app (Time based), for those accounts:\n"
            f"  {two_factor.grouped(DEMO_TWO_FACTOR_SECRET)}\n"
            "or use one of these single-use recovery codes on the code page:"
        )
        for role, codes in recovery_codes.items():
            self.stdout.write(f"  {Role(role).label:<22} {', '.join(codes)}")
        self.stdout.write("")
        self.stdout.write(
            f"{personal_person.display_name} has no account. Their own page, by the personal\n"
            "link on their letter (open it in a private window, or after signing out):\n"
            f"  http://127.0.0.1:8000/me/{personal_link.token}/\n"
            "or type their letter's short code at http://127.0.0.1:8000/me/code/:\n"
            f"  {personal_link.code_shown}"
        )
        self.stdout.write("")

"""Fill an empty database with realistic demo data and print a login for each role.

Each app adds its part of the story as it lands; the data is generated from a
fixed seed, so every demo looks the same.
"""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User

DEMO_PASSWORD = "coproduce-together"

LOGINS = [
    (Role.ADMIN, "admin@demo.coprod.invalid", "Amara Okafor", ""),
    (Role.GOVERNANCE, "governance@demo.coprod.invalid", "Graham Whitfield", ""),
    (Role.STAFF, "staff@demo.coprod.invalid", "Sunita Patel", ""),
    (Role.EXPERT, "expert@demo.coprod.invalid", "Jordan Reilly", "Jordan"),
]


class Command(BaseCommand):
    help = "Create demo data (fixed seed) and print a login for each role."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: object, seed: int, **options: object) -> None:
        if User.objects.exists():
            raise CommandError("The database already has people in it; use an empty one.")
        rng = random.Random(seed)
        with transaction.atomic():
            logins = self.create_logins()
            self.create_people(rng)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at http://127.0.0.1:8000/ as:"))
        for role, email in logins:
            self.stdout.write(f"  {Role(role).label:<22} {email:<34} password: {DEMO_PASSWORD}")
        self.stdout.write("")

    def create_logins(self) -> list[tuple[str, str]]:
        logins = []
        for role, email, full_name, display_name in LOGINS:
            User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                display_name=display_name,
                role=role,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            logins.append((role, email))
        return logins

    def create_people(self, rng: random.Random) -> None:
        first = ["Alex", "Bea", "Cal", "Dana", "Eli", "Femi", "Gail", "Hari", "Isla", "Jon"]
        last = ["Adams", "Begum", "Clarke", "Daly", "Evans", "Fraser", "Gill", "Hughes"]
        roles = [Role.STAFF] * 5 + [Role.EXPERT] * 4 + [Role.GOVERNANCE]
        for index in range(24):
            name = f"{rng.choice(first)} {rng.choice(last)}"
            User.objects.create_user(
                f"person{index:02d}@demo.coprod.invalid",
                None,
                full_name=name,
                role=rng.choice(roles),
            )

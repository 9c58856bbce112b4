"""Fill an empty PostgreSQL database with the benchmark's scale data set.

`manage.py bench_data --scale 0.1 --seed 1` writes a tenth of a large trust's five
years (see `bench/data.py` for the sizes and what is left out). `make bench` calls
it for its own databases; run it by hand to explore a big data set in the product.
"""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from demo.scale import BENCH_PASSWORD, BENCH_USERS, generate
from projects.models import Person, Project, Service
from projects.summaries import summaries_rebuild


class Command(BaseCommand):
    help = "Create the benchmark's scale data set (PostgreSQL only) in an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.1, help="1.0 is a large trust")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The last day of the five years (YYYY-MM-DD); defaults to today.",
        )

    def handle(self, *args: object, scale: float, seed: int, today, **options: object) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark data set needs PostgreSQL (it is written with COPY).")
        if not 0 < scale <= 5:
            raise CommandError("Choose a scale above 0 and at most 5.")
        if any(model.objects.exists() for model in (Service, Person, Project)):
            raise CommandError("This database already has data in it: use an empty one.")
        started = time.monotonic()
        with transaction.atomic():
            counts = generate(scale=scale, seed=seed, today=today)
            # The rows went in by COPY, a few statements a table: the summary
            # tables are worked out once from all of them.
            summaries_rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        made = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(f"Made {made} in {seconds:.0f} s (scale {scale}, seed {seed}).")
        logins = ", ".join(email for email, _role in BENCH_USERS.values())
        self.stdout.write(f"Sign in as {logins} with the password {BENCH_PASSWORD}.")

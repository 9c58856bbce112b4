"""manage.py summaries [--rebuild] [--check]: the dashboard's summary tables.

--rebuild works every summary out again from the raw rows (after a bulk load, or
to start again); --check compares the tables row for row with a rebuild (rolled
back), and every dashboard figure read from the summaries with the same figure
worked out from the raw rows, prints each difference and exits non-zero on any. With neither, the changes noted since the last view are
worked in (what every dashboard view does first).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboard.summaries_check import differences, table_differences
from projects.summaries import summaries_catch_up, summaries_rebuild


class Command(BaseCommand):
    help = "Catch up, rebuild or check the summary tables behind the dashboard."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="work everything out again")
        parser.add_argument(
            "--check", action="store_true", help="compare every figure with the raw rows"
        )

    def handle(self, *args, rebuild: bool, check: bool, **options) -> None:
        started = time.monotonic()
        if rebuild:
            done = summaries_rebuild()
            self.stdout.write(f"Worked out {done:,} scope-months again from the raw rows.")
        else:
            done = summaries_catch_up()
            self.stdout.write(f"Caught up {done:,} scope-months.")
        if check:
            found = differences(
                today=timezone.localdate(),
                progress=lambda name: (
                    self.stdout.write(f"Checking {name}...") if options["verbosity"] > 1 else None
                ),
            )
            found = table_differences() + found
            for line in found:
                self.stdout.write(line)
            if found:
                raise CommandError(f"{len(found)} figures differ from the raw rows.")
            self.stdout.write("Every figure agrees with the raw rows.")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

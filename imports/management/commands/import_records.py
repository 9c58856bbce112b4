"""`manage.py import_records KIND FILE [--dry-run]`: the web import, for a first load."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role, User
from imports.models import ImportBatch, Kind
from imports.services import import_apply, import_check


class Command(BaseCommand):
    help = (
        "Import a CSV or .xlsx file of one kind of record, checked as on the import "
        "page. Prints every problem and exits with status 1 if there are any; saves "
        "nothing then, or with --dry-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument(
            "--as",
            dest="email",
            help="The admin the import is recorded against (default: the first active admin).",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        by = self._admin(options["email"])
        data = path.read_bytes()
        checked = import_check(kind=options["kind"], file_name=path.name, data=data, by=by)
        for column in checked.extra_columns:
            self.stdout.write(f"Ignored a column that is not ours: {column}")
        if checked.problems:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(checked.problems)} problem(s) in {path.name}. Nothing was saved."
            )
        summary = (
            f"{checked.count('created')} to create, {checked.count('updated')} to update, "
            f"{checked.count('skipped')} with no change"
        )
        lookalikes = [planned for planned in checked.plans if planned.lookalikes]
        for planned in lookalikes:
            names = ", ".join(f"{m.name} ({m.why})" for m in planned.lookalikes)
            self.stdout.write(f"Row {planned.row}: {planned.label} looks like {names}")
        if options["dry_run"]:
            self.stdout.write(f"Checked {path.name}: no problems. {summary}. Nothing was saved.")
            return
        if lookalikes:
            raise CommandError(
                f"{len(lookalikes)} row(s) look like someone already on the register. "
                "Import this file on the import page, where you can decide for each. "
                "Nothing was saved."
            )
        batch = ImportBatch.objects.create(
            kind=options["kind"],
            status=ImportBatch.Status.QUEUED,
            file_name=path.name,
            file_data=data,
            uploaded_by=by,
            confirmed_by=by,
            rows_total=checked.rows_total,
        )
        done = import_apply(batch_id=batch.pk)
        if done is None or done.status != ImportBatch.Status.DONE:
            for problem in done.problems if done else []:
                self.stderr.write(
                    f"Row {problem['row']}, {problem['column']}: {problem['message']}"
                )
            raise CommandError(f"Import {batch.pk} failed. Nothing was saved.")
        self.stdout.write(f"Imported {path.name} as import {batch.pk}: {summary}.")

    def _admin(self, email: str | None) -> User:
        admins = User.objects.active().filter(role=Role.ADMIN).order_by("pk")
        if email:
            admins = admins.filter(email__iexact=email)
        admin = admins.first()
        if admin is None:
            raise CommandError(
                "Imports are recorded against an admin: create an admin account first."
            )
        return admin

"""Projects, with their services, leads and members. Checked by the project form."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models.functions import Lower
from django.utils.datastructures import MultiValueDict

from accounts.models import User
from imports.kinds.base import REFERENCE, Column, Importer, Planned, Row
from imports.models import ImportRow, Kind
from imports.values import normalise
from projects.forms.projects import ProjectForm
from projects.models import Membership, Project, Service
from projects.rungs import Rung


def date_data(name: str, day: datetime.date | None) -> dict[str, str]:
    """A date as the three boxes of the NHS.UK date input post it."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


class ProjectsImporter(Importer):
    kind = Kind.PROJECTS
    columns = (
        Column(
            REFERENCE,
            "Your own code for the project. Activities name their project by it. Importing "
            "again with the same reference updates the project instead of adding it twice.",
            ("PRJ-01", "PRJ-02"),
            aliases=("Ref", "ID", "Project reference"),
        ),
        Column(
            "Title",
            "A short name people will recognise. 150 characters at most.",
            ("Ward 3 welcome pack", "Carers' café"),
            required=True,
        ),
        Column(
            "What matters most",
            "In the project's own words: what matters most to the people it is for.",
            ("People arriving on the ward know what to expect.", "Carers have a place to meet."),
            required=True,
            aliases=("Aim",),
        ),
        Column(
            "Services",
            "The services the project is for, by their name in Coprod. Separate several with a semicolon (;).",
            ("Ward 3", "Carers team; Ward 3"),
            required=True,
            aliases=("Service",),
        ),
        Column(
            "Status",
            "One of: "
            + "; ".join(label for _, label in Project.Status.choices)
            + ". Empty means idea.",
            ("Active", "Idea"),
        ),
        Column(
            "Start date",
            "The day it started or will start, like 15/03/2024.",
            ("15/03/2024", "1 Feb 2025"),
            required=True,
        ),
        Column("End date", "The day it ended, if it has. Empty if not.", ("", "")),
        Column(
            "Target rung",
            "The rung of the ladder the project aims for: "
            + "; ".join(label for _, label in Rung.choices)
            + ". Optional.",
            ("Co-production", ""),
        ),
        Column(
            "Leads",
            "Email addresses of the people with an account who lead it (staff or experts by "
            "experience). Separate several with a semicolon (;).",
            ("lead@example.nhs.uk", ""),
        ),
        Column(
            "Members",
            "Email addresses of other people with an account who belong to it. Separate several with a semicolon (;).",
            ("", "member@example.org"),
        ),
    )
    field_columns = {
        "title": "Title",
        "aim": "What matters most",
        "services": "Services",
        "status": "Status",
        "start_date": "Start date",
        "end_date": "End date",
    }

    def prepare(self, rows: list[Row]) -> None:
        self.by_reference = self.references(rows)
        self.services = {
            normalise(name): pk for pk, name in Service.objects.values_list("pk", "name")
        }
        emails = {
            email.lower()
            for row in rows
            for column in ("Leads", "Members")
            for email in row.several(column)
        }
        self.users = {
            user.email.lower(): user
            for user in User.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=emails, is_active=True
            )
        }
        titles = {normalise(row.text("Title")) for row in rows}
        self.by_title: dict[tuple[str, datetime.date], int] = {}
        for pk, title, start in (
            Project.objects.annotate(lower_title=Lower("title"))
            .filter(lower_title__in=titles)
            .values_list("pk", "title", "start_date")
        ):
            self.by_title.setdefault((normalise(title), start), pk)
        wanted = set(self.by_reference.values()) | set(self.by_title.values())
        self.projects = Project.objects.prefetch_related("services", "memberships").in_bulk(wanted)

    def plan(self, row: Row) -> Planned | None:
        title = row.text("Title")
        start = row.date("Start date")
        reference = row.text(REFERENCE)
        pk = self.by_reference.get(reference) if reference else None
        if pk is None and start:
            pk = self.by_title.get((normalise(title), start))
        existing = self.projects.get(pk) if pk else None
        data = self._form_data(row, existing, start)
        form = ProjectForm(data=data, instance=existing, user=self.by)
        form.is_valid()
        row.errors(form.errors, self.field_columns)
        target = row.choice("Target rung", Rung.choices) if row.in_file("Target rung") else None
        memberships = self._memberships(row)
        if not row.ok:
            return None
        if existing is None:
            action = ImportRow.Action.CREATED
        else:
            current = {(m.user_id, m.role) for m in existing.memberships.all()}
            wanted = {(user.pk, role) for user, role in memberships}
            target_changes = row.in_file("Target rung") and target != existing.target_rung
            changed = form.has_changed() or not wanted <= current or target_changes
            action = ImportRow.Action.UPDATED if changed else ImportRow.Action.SKIPPED
        return Planned(
            row=row.number,
            action=action,
            label=title,
            reference=reference,
            save=(lambda: self._save(form, row.in_file("Target rung"), target, memberships))
            if action != ImportRow.Action.SKIPPED
            else None,
            object_id=existing.pk if existing else None,
        )

    def _memberships(self, row: Row) -> list[tuple[User, str]]:
        found: dict[int, tuple[User, str]] = {}
        for column, role in (("Members", Membership.Role.MEMBER), ("Leads", Membership.Role.LEAD)):
            for email in row.several(column):
                user = self.users.get(email.lower())
                if user is None:
                    row.problem(column, f"nobody with an account has the email address {email}")
                elif user.is_governance:
                    row.problem(
                        column, f"{email} is a governance lead, who cannot belong to projects"
                    )
                else:
                    found[user.pk] = (user, role)  # a lead listed as a member too is a lead
        return list(found.values())

    def _form_data(
        self, row: Row, existing: Project | None, start: datetime.date | None
    ) -> MultiValueDict:
        data: dict[str, Any] = {
            "title": existing.title if existing else "",
            "aim": existing.aim if existing else "",
            "status": existing.status if existing else Project.Status.IDEA,
            **date_data("start_date", start if start or not existing else existing.start_date),
            **date_data("end_date", existing.end_date if existing else None),
        }
        services = [str(service.pk) for service in existing.services.all()] if existing else []
        if row.in_file("Title"):
            data["title"] = row.text("Title")
        if row.in_file("What matters most"):
            data["aim"] = row.text("What matters most")
        if row.given("Status"):
            data["status"] = row.choice("Status", Project.Status.choices) or ""
        if row.in_file("End date"):
            data.update(date_data("end_date", row.date("End date")))
        if row.in_file("Services"):
            services = []
            for name in row.several("Services"):
                if (pk := self.services.get(normalise(name))) is None:
                    row.problem("Services", f"no service is called {name}")
                else:
                    services.append(str(pk))
        multi = MultiValueDict({key: [value] for key, value in data.items()})
        multi.setlist("services", services)
        return multi

    def _save(
        self,
        form: ProjectForm,
        sets_target: bool,
        target: int | None,
        memberships: list[tuple[User, str]],
    ) -> int:
        project = form.save(commit=False)
        if not project.pk:
            project.created_by = self.by
        if sets_target:
            project.target_rung = target
        project.save()
        form.save_m2m()
        current = {m.user_id: m for m in project.memberships.all()}
        for user, role in memberships:
            membership = current.get(user.pk)
            if membership is None:
                Membership.objects.create(project=project, user=user, role=role)
            elif membership.is_lead != (role == Membership.Role.LEAD):
                membership.role = role
                membership.save(update_fields=["role"])
        return project.pk

"""Who took part in each activity: hours, fees, expenses and payment choices.
Checked by the activity form's participant rows, fees from the rate card."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Lower

from accounts.models import Role, User
from imports.kinds.base import Column, Importer, Planned, Row
from imports.kinds.projects import date_data
from imports.models import ImportReference, ImportRow, Kind
from imports.values import normalise
from projects.forms.participants import PREFIX, ParticipantFormSet
from projects.models import Activity, Involvement, Person
from projects.services import involvement_for


class InvolvementsImporter(Importer):
    kind = Kind.INVOLVEMENTS
    columns = (
        Column(
            "Activity",
            "The activity's reference from the activities import.",
            ("ACT-0001", "ACT-0001"),
            required=True,
            aliases=("Activity reference",),
        ),
        Column(
            "Person",
            "Someone on the register: their reference from the people import, or their name "
            "exactly as on the register. Leave empty for a member of staff.",
            ("REG-001", ""),
            aliases=("Person reference",),
        ),
        Column(
            "Staff email",
            "A member of staff who took part, by the email address of their account. Leave "
            "empty for someone on the register.",
            ("", "lead@example.nhs.uk"),
        ),
        Column(
            "Part",
            "One of: "
            + "; ".join(label for _, label in Involvement.Part.choices)
            + ". Empty means took part.",
            ("Co-facilitated", "Led"),
            aliases=("Their part", "Role"),
        ),
        Column(
            "Hours",
            "Hours including preparation, like 2 or 1.5. From 0.25 to 24.",
            ("3", "2"),
            required=True,
        ),
        Column(
            "Payment choice",
            "For people on the register: "
            + "; ".join(label for _, label in Involvement.PaymentChoice.choices)
            + ". Empty means paid in full. The fee comes from the rate card in force on the activity's date.",
            ("Chose to take less", ""),
            aliases=("What they chose", "Payment"),
        ),
        Column(
            "Amount taken",
            "If they chose to take less: the amount in pounds, like 20. No more than the fee due.",
            ("20", ""),
            aliases=("Fee taken", "Fee"),
        ),
        Column("Charity", "If they gave the fee to a charity: its name.", ("", "")),
        Column(
            "Expenses",
            "Travel and other costs in pounds, like 4.50. Paid on top of the fee.",
            ("4.50", ""),
            aliases=("Expenses in pounds",),
        ),
        Column(
            "Date paid",
            "The day it was paid, if it has been, like 30/04/2024.",
            ("30/04/2024", ""),
            aliases=("Paid on",),
        ),
    )
    field_columns = {
        "person": "Person",
        "staff": "Staff email",
        "part": "Part",
        "hours": "Hours",
        "payment_choice": "Payment choice",
        "amount_taken": "Amount taken",
        "donated_to": "Charity",
        "expenses": "Expenses",
        "paid_on": "Date paid",
    }

    def prepare(self, rows: list[Row]) -> None:
        references = {row.text("Activity") for row in rows}
        activity_ids = dict(
            ImportReference.objects.filter(
                kind=Kind.ACTIVITIES, reference__in=references
            ).values_list("reference", "object_id")
        )
        activities = Activity.objects.in_bulk(set(activity_ids.values()))
        self.activities = {
            ref: activities[pk] for ref, pk in activity_ids.items() if pk in activities
        }
        named = {row.text("Person") for row in rows if row.given("Person")}
        person_ids = dict(
            ImportReference.objects.filter(kind=Kind.PEOPLE, reference__in=named).values_list(
                "reference", "object_id"
            )
        )
        by_name: dict[str, list[int]] = {}
        for pk, name in (
            Person.objects.annotate(lower_name=Lower("display_name"))
            .filter(lower_name__in={name.lower() for name in named})
            .values_list("pk", "display_name")
        ):
            by_name.setdefault(normalise(name), []).append(pk)
        self.person_references = person_ids
        self.person_names = by_name
        emails = {row.text("Staff email").lower() for row in rows if row.given("Staff email")}
        self.staff = {
            user.email.lower(): user
            for user in User.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails, is_active=True)
            .exclude(role=Role.EXPERT)
        }
        self.people = Person.objects.in_bulk(
            set(person_ids.values()) | {pk for pks in by_name.values() for pk in pks}
        )
        self.seen: dict[tuple[int, str, int], int] = {}

    def _person(self, row: Row) -> Person | None:
        if not row.given("Person"):
            return None
        name = row.text("Person")
        if name in self.person_references:
            return self.people.get(self.person_references[name])
        found = self.person_names.get(normalise(name), [])
        if len(found) > 1:
            row.problem(
                "Person",
                f"more than one person on the register is called {name}: use their reference",
            )
        elif not found:
            row.problem("Person", f"nobody on the register has the reference or name {name}")
        else:
            return self.people.get(found[0])
        return None

    def plan(self, row: Row) -> Planned | None:
        reference = row.text("Activity", required=True)
        activity = self.activities.get(reference) if reference else None
        if reference and activity is None:
            row.problem(
                "Activity",
                f"no activity has the reference {reference}: import the activities first",
            )
        person = self._person(row)
        staff = None
        if row.given("Staff email"):
            staff = self.staff.get(row.text("Staff email").lower())
            if staff is None:
                row.problem(
                    "Staff email",
                    f"no member of staff has the email address {row.text('Staff email')}",
                )
        if not row.given("Person") and not row.given("Staff email"):
            row.problem(
                "Person",
                "is empty: give someone on the register, or a member of staff's email address",
            )
        if row.given("Person") and row.given("Staff email"):
            row.problem("Person", "give someone on the register or a member of staff, not both")
        paid_on = row.date("Date paid")
        if activity is None or not row.ok:
            self._check_cells(row)
            return None
        formset = ParticipantFormSet(
            data=self._form_data(row, person, staff, paid_on),
            prefix=PREFIX,
            form_kwargs={
                "people": Person.objects.filter(pk=person.pk) if person else Person.objects.none(),
                "staff": User.objects.filter(pk=staff.pk) if staff else User.objects.none(),
            },
        )
        formset.activity_date = activity.date
        formset.is_valid()
        row.errors(formset.forms[0].errors, self.field_columns)
        for message in formset.non_form_errors():
            row.problem("", message)
        if not row.ok:
            return None
        key = (activity.pk, "person" if person else "staff", (person or staff).pk)  # type: ignore[union-attr]
        if key in self.seen:
            row.problem(
                "Person" if person else "Staff email",
                f"is already listed for this activity on row {self.seen[key]}",
            )
            return None
        self.seen[key] = row.number
        entry = formset.entries()[0]
        involvement, changed = involvement_for(activity=activity, entry=entry)
        if involvement.pk is None:
            action = ImportRow.Action.CREATED
        else:
            action = ImportRow.Action.UPDATED if changed else ImportRow.Action.SKIPPED
        who = person.display_name if person else staff.name  # type: ignore[union-attr]
        return Planned(
            row=row.number,
            action=action,
            label=f"{who} at {activity.title}",
            save=(lambda: _save(involvement)) if action != ImportRow.Action.SKIPPED else None,
            object_id=involvement.pk,
        )

    def _check_cells(self, row: Row) -> None:
        """The cells that need no activity, read for their own problems."""
        row.decimal("Hours", required=True)
        if row.given("Payment choice"):
            row.choice("Payment choice", Involvement.PaymentChoice.choices)
        if row.given("Part"):
            row.choice("Part", Involvement.Part.choices)

    def _form_data(
        self, row: Row, person: Person | None, staff: User | None, paid_on: Any
    ) -> dict[str, Any]:
        field = f"{PREFIX}-0"
        part = (
            row.choice("Part", Involvement.Part.choices)
            if row.given("Part")
            else Involvement.Part.ATTENDED
        )
        choice = (
            row.choice("Payment choice", Involvement.PaymentChoice.choices)
            if row.given("Payment choice")
            else Involvement.PaymentChoice.PAID
        )
        return {
            f"{PREFIX}-TOTAL_FORMS": "1",
            f"{PREFIX}-INITIAL_FORMS": "0",
            f"{PREFIX}-MIN_NUM_FORMS": "0",
            f"{PREFIX}-MAX_NUM_FORMS": "60",
            f"{field}-person": str(person.pk) if person else "",
            f"{field}-staff": str(staff.pk) if staff else "",
            f"{field}-part": part or "",
            f"{field}-hours": row.text("Hours"),
            f"{field}-payment_choice": (choice or "") if person else Involvement.PaymentChoice.PAID,
            f"{field}-amount_taken": row.text("Amount taken"),
            f"{field}-donated_to": row.text("Charity"),
            f"{field}-expenses": row.text("Expenses"),
            **date_data(f"{field}-paid_on", paid_on),
        }


def _save(involvement: Involvement) -> int:
    involvement.save()
    return involvement.pk

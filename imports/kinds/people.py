"""People on the register, with their contact choices and, where given, their
equality monitoring answers. Checked by the register's own forms."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.utils import timezone

from imports.kinds.base import REFERENCE, Column, Importer, Lookalike, Planned, Row
from imports.models import ImportRow, Kind
from imports.values import normalise, phone_digits
from projects.forms.people import EqualityForm, PersonForm
from projects.models import EqualityMonitoring, Person

YES_NO = "Yes or No."

EQUALITY_COLUMNS = {
    "Age": ("age_band", EqualityMonitoring.AgeBand),
    "Sex": ("sex", EqualityMonitoring.Sex),
    "Gender same as at birth": ("gender_same_as_birth", EqualityMonitoring.YesNo),
    "Ethnic group": ("ethnicity", EqualityMonitoring.Ethnicity),
    "Disability or long-term condition": ("disability", EqualityMonitoring.YesNo),
    "Sexual orientation": ("sexual_orientation", EqualityMonitoring.Orientation),
}


def _choices_guide(choices: Any) -> str:
    return "One of: " + "; ".join(label for _, label in choices.choices) + "."


class PeopleImporter(Importer):
    kind = Kind.PEOPLE
    columns = (
        Column(
            REFERENCE,
            "Your own number or code for the person, from your spreadsheet. Importing again "
            "with the same reference updates them instead of adding them twice. Optional.",
            ("REG-001", "REG-002"),
            aliases=("Ref", "ID", "Person reference"),
        ),
        Column(
            "Name",
            "The name they want us to use. A first name is fine. 80 characters at most.",
            ("Rita", "Sam Okafor"),
            required=True,
            aliases=("Name to show", "Display name"),
        ),
        Column(
            "Experience",
            _choices_guide(Person.Experience),
            ("Carer or partner in care", "Uses or has used services"),
            required=True,
            aliases=("Kind of experience",),
        ),
        Column(
            "Contact",
            "How they like to be contacted. "
            + _choices_guide(Person.Contact)
            + " Empty means through a member of staff.",
            ("Email", "Through a member of staff"),
            aliases=("How they like to be contacted",),
        ),
        Column(
            "Email",
            "Their email address. Needed if they like to be contacted by email.",
            ("rita@example.org", ""),
        ),
        Column(
            "Phone",
            "Their phone number. Needed if they like to be contacted by phone.",
            ("", "07700 900123"),
        ),
        Column(
            "Postal address", "For letters. Needed if they like to be contacted by post.", ("", "")
        ),
        Column(
            "Format",
            "The format they prefer. " + _choices_guide(Person.Format) + " Empty means standard.",
            ("Easy Read", "Standard"),
            aliases=("Format they prefer", "Preferred format"),
        ),
        Column(
            "Access needs",
            "Anything that helps them take part, such as a quiet room.",
            ("Breaks every hour", ""),
        ),
        Column(
            "Agrees to us keeping their details",
            YES_NO + " It must be Yes: we only keep the details of people who agree.",
            ("Yes", "Yes"),
            required=True,
            aliases=("Consent to store",),
        ),
        Column(
            "Agrees to be contacted",
            YES_NO + " Empty means No.",
            ("Yes", "No"),
            aliases=("Consent to contact",),
        ),
        Column(
            "Weekly email",
            YES_NO + " A weekly email about new opportunities. Needs an email address "
            "and their agreement to be contacted. Empty means No.",
            ("Yes", "No"),
            aliases=("Weekly email about opportunities", "Opportunities digest"),
        ),
        Column(
            "Payment limit",
            "Only if they asked: a limit in pounds they want their payments to stay under, like 50.",
            ("", "100"),
            aliases=("Pay limit",),
        ),
        Column(
            "Payment limit is for",
            _choices_guide(Person.LimitPeriod) + " Needed with a payment limit.",
            ("", "Each week (Monday to Sunday)"),
            aliases=("Pay limit period",),
        ),
        *(
            Column(
                name,
                "Equality monitoring, only if they chose to tell us. "
                + _choices_guide(choices)
                + " Empty means prefer not to say.",
                (examples[0], ""),
            )
            for name, (_, choices), examples in zip(
                EQUALITY_COLUMNS,
                EQUALITY_COLUMNS.values(),
                (("35 to 49",), ("Female",), ("Yes",), ("White",), ("No",), ("Prefer not to say",)),
                strict=True,
            )
        ),
    )
    field_columns = {
        "display_name": "Name",
        "experience": "Experience",
        "contact": "Contact",
        "email": "Email",
        "phone": "Phone",
        "postal_address": "Postal address",
        "preferred_format": "Format",
        "access_needs": "Access needs",
        "consent_to_store": "Agrees to us keeping their details",
        "consent_to_contact": "Agrees to be contacted",
        "opportunities_digest": "Weekly email",
        "pay_limit": "Payment limit",
        "pay_limit_period": "Payment limit is for",
        **{field: column for column, (field, _) in EQUALITY_COLUMNS.items()},
    }

    def prepare(self, rows: list[Row]) -> None:
        self.by_reference = self.references(rows)
        wanted_ids = set(self.by_reference.values()) | {
            int(value) for value in self.decisions.values() if str(value).isdigit()
        }
        # Everyone's name, email and phone, to spot look-alikes: three short
        # columns, read once, however many rows the file has.
        self.by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_email: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_phone: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, name, email, phone in Person.objects.values_list(
            "pk", "display_name", "email", "phone"
        ):
            self.by_name[normalise(name)].append((pk, name))
            if email:
                self.by_email[email.strip().lower()].append((pk, name))
            if digits := phone_digits(phone):
                self.by_phone[digits].append((pk, name))
        self.people = Person.objects.select_related("equality").in_bulk(wanted_ids)

    def _match(self, row: Row, name: str) -> tuple[Person | None, list[Lookalike]]:
        reference = row.text(REFERENCE)
        if reference and reference in self.by_reference:
            return self._person(self.by_reference[reference]), []
        decided = str(self.decisions.get(str(row.number), ""))
        if decided.isdigit():
            return self._person(int(decided)), []
        email = row.text("Email").lower()
        phone = phone_digits(row.text("Phone"))
        same_name = {pk for pk, _ in self.by_name.get(normalise(name), [])}
        why: dict[int, list[str]] = defaultdict(list)
        names: dict[int, str] = {}
        for pk, shown_name in self.by_name.get(normalise(name), []):
            why[pk].append("same name")
            names[pk] = shown_name
        for pk, shown_name in self.by_email.get(email, []) if email else []:
            why[pk].append("same email address")
            names[pk] = shown_name
        for pk, shown_name in self.by_phone.get(phone, []) if phone else []:
            why[pk].append("same phone number")
            names[pk] = shown_name
        # The same name and the same email or phone: the same person, as stable
        # a match as a reference (so a file without references imports once).
        sure = [pk for pk in same_name if len(why[pk]) > 1]
        if len(sure) == 1 and decided != "new":
            return self._person(sure[0]), []
        if decided == "new":
            return None, []
        return None, [
            Lookalike(pk, names[pk], " and ".join(reasons)) for pk, reasons in why.items()
        ]

    def _person(self, pk: int) -> Person | None:
        if pk not in self.people:
            self.people.update(Person.objects.select_related("equality").in_bulk([pk]))
        return self.people.get(pk)

    def plan(self, row: Row) -> Planned | None:
        name = row.text("Name")
        existing, lookalikes = self._match(row, name)
        data = self._form_data(row, existing)
        form = PersonForm(data=data, instance=existing)
        equality_form = None
        if any(row.given(column) for column in EQUALITY_COLUMNS) or (
            existing is not None and hasattr(existing, "equality")
        ):
            equality_form = EqualityForm(
                data=self._equality_data(row, existing),
                instance=getattr(existing, "equality", None) if existing else None,
            )
        valid = form.is_valid() & (equality_form is None or equality_form.is_valid())
        for each in (form, equality_form):
            if each is not None:
                row.errors(each.errors, self.field_columns)
        if not valid or not row.ok:
            return None
        changed = form.has_changed() or (equality_form is not None and equality_form.has_changed())
        if existing is None:
            action = ImportRow.Action.CREATED
        else:
            action = ImportRow.Action.UPDATED if changed else ImportRow.Action.SKIPPED
        return Planned(
            row=row.number,
            action=action,
            label=name,
            reference=row.text(REFERENCE),
            save=(lambda: self._save(form, equality_form))
            if action != ImportRow.Action.SKIPPED
            else None,
            object_id=existing.pk if existing else None,
            lookalikes=lookalikes,
        )

    def _save(self, form: PersonForm, equality_form: EqualityForm | None) -> int:
        person = form.save(commit=False)
        # As the register's own page does: who recorded consent, when, under
        # which privacy notice.
        if not person.pk or {"consent_to_store", "consent_to_contact"} & set(form.changed_data):
            person.consent_recorded_by = self.by
            person.consent_recorded_at = timezone.now()
            person.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        if not person.pk:
            person.created_by = self.by
        person.save()
        if equality_form is not None and (
            equality_form.has_changed() or not equality_form.instance.pk
        ):
            answers = equality_form.save(commit=False)
            answers.person = person
            answers.save()
        return person.pk

    def _form_data(self, row: Row, existing: Person | None) -> dict[str, Any]:
        current = existing or Person()
        data: dict[str, Any] = {
            "display_name": current.display_name,
            "experience": current.experience,
            "contact": current.contact,
            "email": current.email,
            "phone": current.phone,
            "postal_address": current.postal_address,
            "preferred_format": current.preferred_format,
            "access_needs": current.access_needs,
            "consent_to_store": current.consent_to_store,
            "consent_to_contact": current.consent_to_contact,
            "opportunities_digest": current.opportunities_digest,
            "pay_limit": f"{current.pay_limit_pence / 100:.2f}" if current.pay_limit_pence else "",
            "pay_limit_period": current.pay_limit_period,
        }
        text_fields = {
            "Name": "display_name",
            "Email": "email",
            "Phone": "phone",
            "Postal address": "postal_address",
            "Access needs": "access_needs",
            "Payment limit": "pay_limit",
        }
        for column, field in text_fields.items():
            if row.in_file(column):
                data[field] = row.text(column)
        choices = {
            "Experience": ("experience", Person.Experience.choices, None),
            "Contact": ("contact", Person.Contact.choices, Person.Contact.THROUGH_STAFF),
            "Format": ("preferred_format", Person.Format.choices, Person.Format.STANDARD),
            "Payment limit is for": ("pay_limit_period", Person.LimitPeriod.choices, ""),
        }
        for column, (field, options, empty) in choices.items():
            if row.in_file(column):
                value = row.choice(column, options)
                data[field] = (
                    value if value is not None else (empty if not row.given(column) else "")
                )
        for column, field in (
            ("Agrees to us keeping their details", "consent_to_store"),
            ("Agrees to be contacted", "consent_to_contact"),
            ("Weekly email", "opportunities_digest"),
        ):
            if row.in_file(column):
                data[field] = bool(row.boolean(column))
        return data

    def _equality_data(self, row: Row, existing: Person | None) -> dict[str, Any]:
        current = getattr(existing, "equality", None) if existing else None
        data = {}
        for column, (field, choices) in EQUALITY_COLUMNS.items():
            value = getattr(current, field) if current else ""
            if row.in_file(column):
                value = row.choice(column, choices.choices) or ""
            data[field] = value
        return data

"""Participants in the activity form: one row per person, as a formset.

A row is someone on the register, someone new (added to the register when the
activity is saved) or a member of staff. Fees are never typed: they come from
the rate card in force on the activity's date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from accounts.models import Role, User
from nhsuk.forms import DateField, Fieldset, NHSField, RadioSelect
from projects.forms.common import Redrawable, quiet_helper
from projects.forms.payments import PoundsField, money
from projects.models import (
    MAX_EXPENSES_PENCE,
    MAX_FEE_PENCE,
    Activity,
    Involvement,
    Person,
    Project,
    RateCard,
)
from projects.pay_limits import vouchers_used
from projects.services import NewPerson, ParticipantEntry

VOUCHERS = Involvement.PaymentChoice.VOUCHERS
PREFIX = "participants"
EXTRA_ROWS = 3
MAX_ROWS = 60

PAYMENT_HINTS = {
    Involvement.PaymentChoice.REDUCED: "Say how much below.",
    Involvement.PaymentChoice.DONATED: "Say which charity below.",
    Involvement.PaymentChoice.VOUCHERS: "For the whole fee. The team gives them out; "
    "expenses are still paid by bank.",
}


class ChosenOnceField(forms.ModelChoiceField):
    """A choice of a record that the formset may have read already, with every
    other row's choice, in one query (`BaseParticipantFormSet.full_clean`); a value
    not among them is looked up as usual, and refused if not in the queryset."""

    found: dict[str, Any] | None = None

    def to_python(self, value: Any) -> Any:
        if self.found is not None and value not in self.empty_values:
            record = self.found.get(str(value))
            if record is not None:
                return record
        return super().to_python(value)


class ParticipantForm(Redrawable, forms.Form):
    person = ChosenOnceField(
        label="Someone on the register",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose someone",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    new_name = forms.CharField(
        label="Name to show",
        help_text="They are added to the register. A first name is fine.",
        max_length=80,
        required=False,
        error_messages={"max_length": "Name must be 80 characters or fewer"},
    )
    new_experience = forms.ChoiceField(
        label="Their kind of experience",
        choices=[("", "Choose one"), *Person.Experience.choices],
        required=False,
    )
    new_consent_to_store = forms.BooleanField(
        label="They agree to us keeping their details", required=False
    )
    new_consent_to_contact = forms.BooleanField(
        label="They agree to us contacting them about co-production", required=False
    )
    staff = ChosenOnceField(
        label="Or a member of staff",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose someone",
        error_messages={"invalid_choice": "Choose a member of staff from the list"},
    )
    part = forms.ChoiceField(
        label="Their part",
        choices=Involvement.Part.choices,
        initial=Involvement.Part.ATTENDED,
        error_messages={"required": "Choose their part"},
    )
    hours = forms.CharField(
        label="Hours, including preparation",
        help_text="For example, 2 or 1.5",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    payment_choice = forms.ChoiceField(
        label="What they chose",
        choices=Involvement.PaymentChoice.choices,
        initial=Involvement.PaymentChoice.PAID,
        error_messages={"required": "Choose what they chose to do about payment"},
        widget=RadioSelect(small=True, choice_hints=PAYMENT_HINTS),
    )
    amount_taken = PoundsField(
        label="Amount they took, in pounds, if they chose less",
        max_pence=MAX_FEE_PENCE,
        what="the amount they took",
        required=False,
    )
    donated_to = forms.CharField(
        label="Charity, if they gave it away",
        max_length=120,
        required=False,
        error_messages={"max_length": "Charity name must be 120 characters or fewer"},
    )
    expenses = PoundsField(
        label="Expenses, in pounds (optional)",
        help_text="Travel and other costs. Paid on top of the fee.",
        max_pence=MAX_EXPENSES_PENCE,
        what="expenses",
        required=False,
    )
    paid_on = DateField(
        label="Date paid (optional)",
        help_text="Leave empty until it is paid.",
        required=False,
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], staff: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["staff"].queryset = staff
        self.fields["person"].label_from_instance = lambda person: person.display_name
        self.fields["staff"].label_from_instance = lambda user: user.name
        for name in ("hours", "amount_taken", "expenses"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input--width-5"
        # Vouchers only where the organisation gives them, or kept as they were chosen.
        if not vouchers_used() and self.initial.get("payment_choice") != VOUCHERS:
            self.fields["payment_choice"].choices = [
                choice for choice in Involvement.PaymentChoice.choices if choice[0] != VOUCHERS
            ]

    @property
    def helper(self) -> FormHelper:
        # Built when rendered: the formset adds the "remove" box after __init__.
        number = self.row_number
        return quiet_helper(
            HTML(
                '<hr class="nhsuk-section-break nhsuk-section-break--m '
                'nhsuk-section-break--visible">'
            ),
            Fieldset(
                f"Person {number}",
                HTML(
                    '<div class="nhsuk-hint">Choose someone on the register, add someone '
                    "new, or choose a member of staff.</div>"
                ),
                NHSField("person"),
                Fieldset(
                    "Or someone new to the register",
                    NHSField("new_name"),
                    NHSField("new_experience"),
                    NHSField("new_consent_to_store"),
                    NHSField("new_consent_to_contact"),
                    size="s",
                ),
                NHSField("staff"),
                NHSField("part"),
                NHSField("hours"),
                Fieldset(
                    f"Payment for person {number}",
                    HTML(
                        '<div class="nhsuk-hint">Only for people with lived experience. '
                        "The fee is worked out for you from the rate card.</div>"
                    ),
                    NHSField("payment_choice"),
                    NHSField("amount_taken"),
                    NHSField("donated_to"),
                    NHSField("expenses"),
                    NHSField("paid_on"),
                    size="s",
                ),
                *([NHSField("DELETE")] if "DELETE" in self.fields else []),
                size="m",
                css_id=f"participant-{number}",
            ),
        )

    @property
    def row_number(self) -> int:
        index = (self.prefix or "-0").rsplit("-", 1)[-1]
        return int(index) + 1 if index.isdigit() else 1

    def clean_hours(self) -> Decimal | None:
        text = self.cleaned_data["hours"].strip()
        if not text:
            return None
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter hours as a number, like 2 or 1.5") from None
        if not hours.is_finite() or hours <= 0:
            raise forms.ValidationError("Hours must be more than 0")
        # Too many is checked first: quantizing a huge number raises InvalidOperation.
        if hours > 24:
            raise forms.ValidationError("Hours must be 24 or fewer")
        if hours != hours.quantize(Decimal("0.01")):
            raise forms.ValidationError("Enter hours to 2 decimal places at most, like 1.25")
        if hours < Decimal("0.25"):
            raise forms.ValidationError("Enter at least 0.25 hours (15 minutes)")
        return hours

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.is_blank():
            return cleaned
        chosen = [n for n in ("person", "new_name", "staff") if cleaned.get(n)]
        if not chosen and "person" not in self.errors:
            # On the first box of the row, so the error summary can link to it.
            self.add_error(
                "person",
                "Choose someone on the register, add someone new, or choose a member of staff",
            )
            return cleaned
        if len(chosen) > 1:
            self.add_error(
                "person",
                "Choose only one: someone on the register, someone new, or a member of staff",
            )
            return cleaned
        if cleaned.get("new_name") and not cleaned.get("new_experience"):
            self.add_error("new_experience", "Choose the kind of experience they bring")
        if "hours" in cleaned and cleaned["hours"] is None:
            self.add_error("hours", "Enter the hours, including preparation")
        if cleaned.get("staff"):
            self._clean_staff_payment(cleaned)
        else:
            self._clean_payment(cleaned)
        return cleaned

    def is_blank(self) -> bool:
        """An untouched row, or one left empty: skipped, not an error."""
        return self.empty_permitted and not self.has_changed()

    def _clean_staff_payment(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("amount_taken") or cleaned.get("expenses") or cleaned.get("paid_on"):
            self.add_error(
                "expenses", "Staff are not paid through Coprod. Leave the payment boxes empty"
            )

    def _clean_payment(self, cleaned: dict[str, Any]) -> None:
        choice = cleaned.get("payment_choice")
        if (
            choice == Involvement.PaymentChoice.REDUCED
            and not cleaned.get("amount_taken")
            and "amount_taken" not in self.errors
        ):
            self.add_error("amount_taken", "Enter the amount they chose to take")
        if (
            choice == Involvement.PaymentChoice.DONATED
            and not cleaned.get("donated_to", "").strip()
        ):
            self.add_error("donated_to", "Enter the name of the charity they gave it to")

    def entry(self) -> ParticipantEntry:
        cleaned = self.cleaned_data
        new_person = None
        if cleaned["new_name"]:
            new_person = NewPerson(
                display_name=cleaned["new_name"],
                experience=cleaned["new_experience"],
                consent_to_contact=cleaned["new_consent_to_contact"],
                consent_to_store=cleaned["new_consent_to_store"],
            )
        return ParticipantEntry(
            person=cleaned["person"],
            new_person=new_person,
            staff=cleaned["staff"],
            part=cleaned["part"],
            hours=cleaned["hours"],
            payment_choice=cleaned["payment_choice"],
            amount_taken_pence=cleaned["amount_taken"],
            donated_to=cleaned["donated_to"].strip(),
            expenses_pence=cleaned["expenses"] or 0,
            paid_on=cleaned["paid_on"],
        )


class BaseParticipantFormSet(forms.BaseFormSet):
    """Checks across rows: nobody twice, and fees against the rate card in force."""

    activity_date: datetime.date | None = None
    redraw = False

    def full_clean(self) -> None:
        if self.redraw:
            self._errors: list[Any] = []
            self._non_form_errors = self.error_class()
            return
        self._read_choices()
        super().full_clean()

    def _read_choices(self) -> None:
        """Everyone chosen in any row, read in one query per list (people, staff)
        instead of one query a row; each row's field still refuses anyone outside
        its queryset."""
        if not self.is_bound:
            return
        for name in ("person", "staff"):
            wanted = {
                str(value)
                for form in self.forms
                if str(value := form.data.get(form.add_prefix(name), "")).isdigit()
            }
            found: dict[str, Any] = {}
            if wanted:
                queryset = self.form_kwargs["people" if name == "person" else "staff"]
                found = {str(record.pk): record for record in queryset.filter(pk__in=wanted)}
            for form in self.forms:
                form.fields[name].found = found

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove them from this activity"

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: dict[tuple[str, int], int] = {}
        for form in self.used_forms():
            for field in ("person", "staff"):
                if chosen := form.cleaned_data.get(field):
                    key = (field, chosen.pk)
                    if key in seen:
                        form.add_error(
                            field,
                            f"{form.fields[field].label_from_instance(chosen)} is already "
                            f"listed as person {seen[key]}",
                        )
                    seen.setdefault(key, form.row_number)
            self._check_fee(form)

    def used_forms(self) -> list[ParticipantForm]:
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.is_blank() and not self._should_delete_form(form)
        ]

    def entries(self) -> list[ParticipantEntry]:
        return [form.entry() for form in self.used_forms()]

    def _rate_card(self) -> RateCard | None:
        """The card in force on the activity's date, read once for every row."""
        cards = self.__dict__.setdefault("_rate_cards", {})
        if self.activity_date not in cards:
            cards[self.activity_date] = RateCard.objects.in_force_on(self.activity_date)
        return cards[self.activity_date]

    def _check_fee(self, form: ParticipantForm) -> None:
        cleaned = form.cleaned_data
        if cleaned.get("staff") or self.activity_date is None or not cleaned.get("hours"):
            return
        choice = cleaned.get("payment_choice")
        card = self._rate_card()
        if card is None:
            if choice != Involvement.PaymentChoice.DECLINED:
                form.add_error(
                    "payment_choice",
                    f"There is no rate card for {self.activity_date:%-d %B %Y}. Ask an admin "
                    "to add one, or choose 'Chose not to be paid'",
                )
            return
        fee_due = card.fee_for(cleaned["hours"])
        if fee_due > MAX_FEE_PENCE:
            form.add_error(
                "hours",
                f"The fee for these hours would be {money(fee_due)}, more than the "
                f"{money(MAX_FEE_PENCE)} limit for one activity. Check the hours",
            )
        amount = cleaned.get("amount_taken")
        if choice == Involvement.PaymentChoice.REDUCED and amount and amount > fee_due:
            form.add_error(
                "amount_taken",
                f"The amount they took must be no more than the fee due, {money(fee_due)}",
            )


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=EXTRA_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
EditParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=1,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


def people_to_choose(
    *, user: User, project: Project, search: str = "", chosen: list[str] | None = None
) -> QuerySet[Person]:
    """People offered in the register list: the project's earlier participants,
    plus register matches for `search` and anyone already chosen, as far as the
    user may see them. The whole register is never listed: it can be large."""
    visible = Person.objects.visible_to(user)
    wanted = Q(pk__in=[pk for pk in (chosen or []) if pk.isdigit()])
    if search.strip():
        wanted |= Q(pk__in=visible.search(search).order_by().values("pk")[:25])
    earlier = Involvement.objects.filter(activity__project=project, person__isnull=False)
    # The visibility rule applied to the wanted rows themselves, not as a list of
    # everyone visible: that list is the whole register's worth of work.
    return (
        Person.objects.filter(pk__in=earlier.values("person_id")) | visible.filter(wanted)
    ).order_by("display_name", "pk")


def staff_to_choose(*, project: Project) -> QuerySet[User]:
    """Staff in the project's services, and staff who are its members."""
    in_services = User.objects.filter(services__projects=project).values("pk")
    members = User.objects.filter(memberships__project=project).values("pk")
    return User.objects.filter(Q(pk__in=in_services) | Q(pk__in=members), is_active=True).exclude(
        role=Role.EXPERT
    )


def initial_participants(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "person": involvement.person_id,
            "staff": involvement.staff_id,
            "part": involvement.part,
            "hours": f"{involvement.hours.normalize():f}",
            "payment_choice": involvement.payment_choice or Involvement.PaymentChoice.PAID,
            "amount_taken": involvement.fee_paid_pence
            if involvement.payment_choice == Involvement.PaymentChoice.REDUCED
            else None,
            "donated_to": involvement.donated_to,
            "expenses": involvement.expenses_pence or None,
            "paid_on": involvement.paid_on,
        }
        for involvement in activity.involvements.all()
    ]


def with_one_more_row(data: QueryDict) -> QueryDict:
    """The same input with room for one more participant.

    The new row gets its defaults in the data: a bound form shows no radio
    ticked for a missing value, and the row would then count as changed.
    """
    data = data.copy()
    key = f"{PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(key, EXTRA_ROWS))
    except ValueError:
        total = EXTRA_ROWS
    if total < MAX_ROWS:
        data[key] = str(total + 1)
        data[f"{PREFIX}-{total}-part"] = Involvement.Part.ATTENDED
        data[f"{PREFIX}-{total}-payment_choice"] = Involvement.PaymentChoice.PAID
    return data

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from nhsuk.forms import RadioSelect, Submit, Textarea, filter_helper
from projects.forms.payments import PoundsField
from projects.models import EqualityMonitoring, Person
from projects.pay_limits import ADVICE_NAME, ADVICE_URL

MOST_A_LIMIT_CAN_BE_PENCE = 10_000_000  # £100,000

EXPERIENCE_HINTS = {
    Person.Experience.SERVICE_USER: "Uses our services now or has in the past.",
    Person.Experience.CARER: "Family, friend or partner in care of someone who uses them.",
    Person.Experience.PEER_WORKER: "Works with us using their own lived experience.",
}


class PersonForm(forms.ModelForm):
    pay_limit = PoundsField(
        label="A limit on payments they want to stay under (optional)",
        help_text=(
            "Only if they ask: the amount is their choice. We warn before paying them more, "
            f"and never stop a payment. Independent advice: {ADVICE_NAME}, {ADVICE_URL}"
        ),
        max_pence=MOST_A_LIMIT_CAN_BE_PENCE,
        what="the limit",
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "display_name",
            "experience",
            "contact",
            "email",
            "phone",
            "postal_address",
            "preferred_format",
            "access_needs",
            "consent_to_store",
            "consent_to_contact",
            "opportunities_digest",
            "pay_limit",
            "pay_limit_period",
        ]
        widgets = {
            "pay_limit_period": RadioSelect(),
            "experience": RadioSelect(choice_hints=EXPERIENCE_HINTS),
            "contact": RadioSelect(),
            "preferred_format": RadioSelect(),
            "postal_address": Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            "access_needs": Textarea(),
        }
        labels = {
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "postal_address": "Postal address (optional)",
            "access_needs": "Access needs (optional)",
            "consent_to_store": "They agree to us keeping these details",
            "consent_to_contact": "They agree to us contacting them about co-production",
            "opportunities_digest": "They want a weekly email about new ways to get involved",
        }
        help_texts = {
            "consent_to_store": "Read them the privacy notice first. We record who asked and when.",
            "opportunities_digest": "At most one email a week, only when there is something new. "
            "It needs an email address and their agreement to be contacted.",
        }
        error_messages = {
            "display_name": {
                "required": "Enter the name they want us to use",
                "max_length": "Name must be 80 characters or fewer",
            },
            "experience": {"required": "Choose the kind of experience they bring"},
            "email": {
                "invalid": "Enter an email address in the right format, like name@example.com"
            },
            "postal_address": {"max_length": "Postal address must be 300 characters or fewer"},
            "access_needs": {"max_length": "Access needs must be 1,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pay_limit"].initial = self.instance.pay_limit_pence
        self.fields["pay_limit_period"].label = "The limit is for"
        self.fields["pay_limit_period"].choices = [("", "No limit"), *Person.LimitPeriod.choices]
        self.helper = FormHelper()
        self.helper.add_input(Submit("Save"))

    def clean_pay_limit(self) -> int | None:
        limit = self.cleaned_data["pay_limit"]
        if limit == 0:
            raise forms.ValidationError("Enter a limit of more than £0, or leave it empty")
        return limit

    def save(self, commit: bool = True) -> Person:
        self.instance.pay_limit_pence = self.cleaned_data["pay_limit"]
        return super().save(commit)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("pay_limit") and not cleaned.get("pay_limit_period"):
            self.add_error(
                "pay_limit_period", "Choose whether the limit is for a week or a tax year"
            )
        if cleaned.get("pay_limit_period") and "pay_limit" in cleaned and not cleaned["pay_limit"]:
            self.add_error("pay_limit", "Enter the limit in pounds, or choose no period")
        contact = cleaned.get("contact")
        if contact == Person.Contact.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Enter an email address, or choose another way to contact them")
        if contact == Person.Contact.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Enter a phone number, or choose another way to contact them")
        if contact == Person.Contact.POST and not cleaned.get("postal_address"):
            self.add_error(
                "postal_address", "Enter a postal address, or choose another way to contact them"
            )
        if cleaned.get("opportunities_digest"):
            if not cleaned.get("email"):
                self.add_error(
                    "opportunities_digest",
                    "Enter an email address for the weekly email, or untick it",
                )
            elif not cleaned.get("consent_to_contact"):
                self.add_error(
                    "opportunities_digest",
                    "They must agree to us contacting them before we send the weekly email",
                )
        if not cleaned.get("consent_to_store"):
            self.add_error(
                "consent_to_store",
                "We can only add someone to the register if they agree to us keeping their details",
            )
        return cleaned


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=80)
    experience = forms.ChoiceField(
        label="Kind of experience",
        required=False,
        choices=[("", "Any"), *Person.Experience.choices],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper()


class EqualityForm(forms.ModelForm):
    """Optional equality questions. Every question can be left as "Prefer not to say".

    The form never shows earlier answers: they are only ever read as totals.
    """

    class Meta:
        model = EqualityMonitoring
        fields = [
            "age_band",
            "sex",
            "gender_same_as_birth",
            "ethnicity",
            "disability",
            "sexual_orientation",
        ]
        widgets = {field: RadioSelect() for field in fields}
        labels = {
            "age_band": "Age",
            "sex": "Sex",
            "gender_same_as_birth": "Is your gender the same as the sex you were registered at birth?",
            "ethnicity": "Ethnic group",
            "disability": "Do you have a disability or a long-term health condition?",
            "sexual_orientation": "Sexual orientation",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("Save answers"))

    def clean(self) -> dict:
        cleaned = super().clean()
        # An unanswered question is recorded as not said, never guessed.
        for name, value in cleaned.items():
            if not value:
                cleaned[name] = EqualityMonitoring._meta.get_field(name).default
        return cleaned

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from nhsuk.forms import RadioSelect, Submit, Textarea
from projects.forms.payments import PoundsField
from projects.forms.people import MOST_A_LIMIT_CAN_BE_PENCE
from projects.models import Person

HOW_EMAIL = "email"
HOW_PRINT = "print"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        help_text="It is on your letter. It has 12 letters and numbers, like ABCD-EFGH-JKMN.",
        max_length=30,
        error_messages={"required": "Enter the code from your letter"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("Open my page"))


class NewLinkForm(forms.Form):
    how = forms.ChoiceField(
        label="How should they get their link?",
        widget=RadioSelect(),
        error_messages={"required": "Choose how they should get their link"},
    )

    def __init__(self, *args: Any, can_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(HOW_PRINT, "Print a letter, with a QR code and a short code")]
        if can_email:
            choices.insert(0, (HOW_EMAIL, "Email it to them"))
        self.fields["how"].choices = choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("Make a new link"))


class DetailsForm(forms.ModelForm):
    """What a person may change about themselves on their own page."""

    class Meta:
        model = Person
        fields = [
            "contact",
            "email",
            "phone",
            "postal_address",
            "preferred_format",
            "access_needs",
            "opportunities_digest",
        ]
        widgets = {
            "contact": RadioSelect(),
            "postal_address": Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
            "preferred_format": RadioSelect(),
            "access_needs": Textarea(),
        }
        labels = {
            "contact": "How should we contact you?",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "postal_address": "Postal address (optional)",
            "preferred_format": "How do you like things written?",
            "access_needs": "Is there anything that helps you take part? (optional)",
            "opportunities_digest": "Email me once a week about new ways to get involved",
        }
        help_texts = {
            "postal_address": (
                "We use it to send you letters if you choose post. "
                "Put each part on a new line: house and street, town, postcode."
            ),
            "access_needs": "For example, a quiet room, breaks, or someone to come with you.",
            "opportunities_digest": "Only when there is something new. You can stop it at any time.",
        }
        error_messages = {
            "email": {
                "invalid": "Enter an email address in the right format, like name@example.com"
            },
            "postal_address": {"max_length": "Postal address must be 300 characters or fewer"},
            "access_needs": {"max_length": "This must be 1,000 characters or fewer"},
            "contact": {"required": "Choose how we should contact you"},
            "preferred_format": {"required": "Choose how you like things written"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("Save my details"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        contact = cleaned.get("contact")
        if contact == Person.Contact.EMAIL and not cleaned.get("email"):
            self.add_error(
                "email", "Enter your email address, or choose another way to contact you"
            )
        if cleaned.get("opportunities_digest"):
            if not cleaned.get("email"):
                self.add_error(
                    "opportunities_digest", "Enter your email address to get the weekly email"
                )
            elif not self.instance.consent_to_contact:
                self.add_error(
                    "opportunities_digest",
                    "We need your OK to contact you first. Ask the staff you work with.",
                )
        if contact == Person.Contact.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Enter your phone number, or choose another way to contact you")
        if contact == Person.Contact.POST and not cleaned.get("postal_address"):
            self.add_error(
                "postal_address", "Enter your postal address, or choose another way to contact you"
            )
        return cleaned


class PayLimitForm(forms.Form):
    """A limit on their fees the person wants to stay under: the amount and
    whether it is for a week or a tax year, both their own choice. Removing it
    is a button of its own on the page, not an empty amount."""

    limit = PoundsField(
        max_pence=MOST_A_LIMIT_CAN_BE_PENCE,
        what="your limit",
        error_messages={"required": "Enter your limit in pounds, like 100"},
    )
    period = forms.ChoiceField(
        choices=Person.LimitPeriod.choices,
        widget=RadioSelect(),
        error_messages={"required": "Choose if the limit is for a week or a tax year"},
    )

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["limit"].label = texts["pay_limit_amount"]
        self.fields["limit"].help_text = texts["pay_limit_amount_hint"]
        self.fields["limit"].widget.attrs.update({"class": "nhsuk-input--width-5"})
        self.fields["period"].label = texts["pay_limit_period"]
        self.fields["period"].choices = [
            (Person.LimitPeriod.WEEK, texts["pay_limit_week"]),
            (Person.LimitPeriod.TAX_YEAR, texts["pay_limit_tax_year"]),
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit(texts["pay_limit_save"]))

    def clean_limit(self) -> int:
        limit = self.cleaned_data["limit"]
        if not limit:
            raise forms.ValidationError(
                "Enter a limit of more than £0. To have no limit, use the remove button"
            )
        return limit

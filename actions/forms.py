"""Forms for the action log: raising, changing, marking done, filtering."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q

from accounts.models import User
from actions.models import Action
from nhsuk.forms import DateField, NHSField, RadioSelect, Submit, Textarea, filter_helper
from projects.models import Service

WHAT_ERRORS = {
    "required": "Enter what will be done",
    "max_length": "What will be done must be 2,000 characters or fewer",
}
EVIDENCE_ERRORS = {"max_length": "The evidence must be 4,000 characters or fewer"}
STATUS_HINTS = {
    Action.Status.DONE: "You will need to say what shows it is done.",
    Action.Status.DROPPED: "You will need to say why it will not be done.",
}


def owners_for(services: Iterable[Service], *also: User | None) -> forms.ModelChoiceField:
    """Who can own an action: people with an account in its services, and
    anyone named in `also` (the person writing it, its current owner)."""
    chosen = Q(services__in=[service.pk for service in services]) | Q(
        pk__in=[user.pk for user in also if user is not None]
    )
    field = forms.ModelChoiceField(
        label="Who owns it?",
        help_text="The person who makes sure it happens. We remind them when it is due.",
        queryset=User.objects.filter(chosen, is_active=True).distinct().order_by("full_name"),
        empty_label="Choose someone",
        error_messages={
            "required": "Choose who owns it",
            "invalid_choice": "Choose who owns it from the list",
        },
    )
    field.label_from_instance = lambda user: user.name
    return field


class RaiseForm(forms.Form):
    what = forms.CharField(
        label="What will be done?",
        help_text="One clear step, in plain words. For example, “Put a clock in the lounge”.",
        max_length=2000,
        widget=Textarea(attrs={"rows": "3"}),
        error_messages=WHAT_ERRORS,
    )
    service = forms.ModelChoiceField(
        label="Which service is it for?",
        queryset=Service.objects.none(),
        empty_label=None,
        widget=RadioSelect(),
        error_messages={"required": "Choose the service", "invalid_choice": "Choose the service"},
    )
    due_on = DateField(
        label="When is it due?",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter when it is due"},
    )

    def __init__(self, *args: Any, services: list[Service], by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            pk__in=[service.pk for service in services]
        ).order_by("name")
        if len(services) == 1:
            self.fields["service"].initial = services[0].pk
        self.fields["owner"] = owners_for(services, by)
        self.fields["owner"].initial = by.pk
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        parts = [NHSField("what", size="m")]
        if len(services) > 1:
            parts.append(NHSField("service", size="s"))
        else:
            del self.fields["service"]
        parts += [NHSField("owner", size="s"), NHSField("due_on", size="s")]
        self.helper.layout = Layout(*parts)
        self.helper.add_input(Submit("Add the action"))


class ActionForm(forms.Form):
    what = RaiseForm.base_fields["what"]
    due_on = DateField(
        label="When is it due?",
        help_text="For example, 31 3 2027",
        required=False,
    )
    status = forms.ChoiceField(
        label="Where is it up to?",
        choices=Action.Status.choices,
        widget=RadioSelect(choice_hints=STATUS_HINTS),
        error_messages={"required": "Choose where it is up to"},
    )
    evidence = forms.CharField(
        label="Evidence it is done, or why it was dropped",
        help_text="For example, what changed and who saw it, or a link to a record.",
        required=False,
        max_length=4000,
        widget=Textarea(attrs={"rows": "4"}),
        error_messages=EVIDENCE_ERRORS,
    )

    def __init__(self, *args: Any, action: Action, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = owners_for(
            [action.service] if action.service else [], action.owner, by
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            NHSField("what", size="m"),
            NHSField("owner", size="s"),
            NHSField("due_on", size="s"),
            NHSField("status", size="s"),
            NHSField("evidence", size="s"),
        )
        self.helper.add_input(Submit("Save changes"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        evidence = (cleaned.get("evidence") or "").strip()
        if status == Action.Status.DONE and not evidence:
            self.add_error("evidence", "Enter what shows it is done")
        elif status == Action.Status.DROPPED and not evidence:
            self.add_error("evidence", "Enter why it was dropped")
        if status in Action.OPEN_STATUSES and not cleaned.get("due_on") and "due_on" in cleaned:
            self.add_error("due_on", "Enter when it is due")
        return cleaned


class DoneForm(forms.Form):
    evidence = forms.CharField(
        label="What shows it is done?",
        help_text="For example, what changed and who saw it, or where the record is.",
        max_length=4000,
        widget=Textarea(attrs={"rows": "5"}),
        error_messages={**EVIDENCE_ERRORS, "required": "Enter what shows it is done"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(NHSField("evidence", size="m"))
        self.helper.add_input(Submit("Mark as done"))

    def clean_evidence(self) -> str:
        evidence = self.cleaned_data["evidence"].strip()
        if not evidence:
            raise forms.ValidationError("Enter what shows it is done")
        return evidence


class ActionFilterForm(forms.Form):
    SHOW = [
        ("open", "Not done yet"),
        ("overdue", "Overdue"),
        ("done", "Done"),
        ("dropped", "Dropped"),
        ("all", "All"),
    ]

    show = forms.ChoiceField(
        label="Show", choices=SHOW, required=False, widget=RadioSelect(small=True)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("Show")
        self.helper.layout = Layout(NHSField("show", size="s"))

    def shown(self) -> str:
        return (self.cleaned_data.get("show") if self.is_valid() else "") or "open"

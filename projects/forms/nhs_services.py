"""The form for an NHS service: its name, kind, place in the tree and members."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from nhsuk.forms import CheckboxSelectMultiple, RadioSelect, Submit
from projects.models import Service


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "kind", "parent", "cost_centre", "members", "is_active"]
        widgets = {"kind": RadioSelect(), "members": CheckboxSelectMultiple()}
        labels = {
            "parent": "Sits within (optional)",
            "members": "Staff in this service",
            "is_active": "This service is open",
        }
        error_messages = {
            "name": {
                "required": "Enter the service's name",
                "unique": "There is already a service with this name",
            },
            "kind": {"required": "Choose what kind of service this is"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        parents = Service.objects.filter(kind__in=["division", "directorate"])
        if self.instance.pk:
            parents = parents.exclude(pk__in=self.instance.descendant_ids())
        self.fields["parent"].queryset = parents.order_by("name")
        self.fields["parent"].empty_label = "Nothing: it is at the top"
        self.fields["members"].queryset = User.objects.active().exclude(role="expert")
        self.fields["members"].label_from_instance = lambda user: (
            f"{user.name} ({user.get_role_display()})"
        )
        self.fields["members"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("Save service"))
